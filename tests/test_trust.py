"""Trust boundaries (issue 25): what a user or a file supplies is text wherever it is shown, the published build is one
generation of one language made only by the build, and faults end in one sentence with the last good build intact.
Each test is one of the reproductions the issue quotes."""
from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import built_copy, make_project_copy, project_env, run_module, tree_digest

from borgerservice import export, paths, publish, workers
from borgerservice.exhibits import NotebookDeclarationError, added_notebooks

FORMULA = "=cmd|' /C calc'!A0"


def _add_cell(root: Path, cell_id: str, source: str) -> None:
    """A last code cell in the copy's notebook 02 (the one each fault test runs alone)."""
    path = root / "notebooks/02_eurostat_eservices.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"].append({"cell_type": "code", "id": cell_id, "metadata": {}, "outputs": [], "execution_count": None,
                        "source": source})
    path.write_text(json.dumps(nb, indent=1))


@pytest.mark.parametrize("text,written", [
    (FORMULA, "'" + FORMULA), ("+45 33 66 33 66", "'+45 33 66 33 66"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("-2.5", "-2.5"), ("incoming", "incoming"),
])
def test_a_csv_cell_that_a_spreadsheet_would_run_stays_text(text, written):
    """OWASP's advice for CSV injection: a cell starting = + - @ tab or CR that is not a number gets an apostrophe."""
    import csv
    import io

    import pandas as pd

    out = export.csv_bytes(pd.DataFrame({"detail": [text], "value": [-2.5]})).decode()
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["detail"] == written and row["value"] == "-2.5"


def test_an_added_notebook_with_a_name_that_would_be_markup_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / '11_x"><img src=x onerror=alert(document.domain)>.ipynb'
    bad.write_text(json.dumps({"cells": [], "metadata": {"borgerservice": {"title": "x", "reads": []}},
                               "nbformat": 4, "nbformat_minor": 5}))
    monkeypatch.setattr(paths, "NOTEBOOKS", tmp_path)
    with pytest.raises(NotebookDeclarationError, match="two digits, an underscore"):
        added_notebooks()


def test_the_makefile_hands_no_folder_name_to_a_shell(tmp_path):
    """A clone in a folder named q'$(touch PWNED)'x, or with spaces: the filter and `make strip` name nbstripout by a
    path relative to the project, so the folder's name never reaches a shell."""
    weird = tmp_path / "q'$(touch PWNED)'x min mappe æøå"
    weird.mkdir()
    shutil.copyfile(paths.ROOT / "Makefile", weird / "Makefile")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}  # as from a shell
    dry = subprocess.run(["make", "-n", "--no-print-directory", "-o", ".venv/.installed-lab", "git-filter", "strip"],
                         cwd=weird, capture_output=True, text=True, env=env)
    commands = dry.stdout
    assert "nbstripout" in commands and str(weird) not in commands and "PWNED" not in commands, commands
    assert not (weird / "PWNED").exists() and not (tmp_path / "PWNED").exists()



@pytest.mark.slow
def test_in_a_folder_with_spaces_and_quotes_git_add_strips_outputs(tmp_path):
    """The filter works where the folder's name has spaces, quotes and letters beyond ASCII: `make strip` exits 0 and
    `git add` stages a notebook without its outputs (it used to fail the filter and stage them)."""
    weird = tmp_path / "q'$(touch PWNED)'x min mappe æøå"
    (weird / "notebooks").mkdir(parents=True)
    for rel in ("Makefile", ".gitattributes", "pyproject.toml", "src"):
        (shutil.copytree if (paths.ROOT / rel).is_dir() else shutil.copyfile)(paths.ROOT / rel, weird / rel)
    (weird / ".venv").symlink_to(Path(sys.executable).parent.parent)  # the test set includes nbstripout
    notebook = json.loads((paths.ROOT / "notebooks/01_international_rankings.ipynb").read_text())
    notebook["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "an output\n"}]
    notebook["cells"][1]["execution_count"] = 3
    (weird / "notebooks/01_international_rankings.ipynb").write_text(json.dumps(notebook, indent=1))
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    env.update(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=weird, check=True, env=env)
    made = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed-lab", "git-filter"], cwd=weird,
                          capture_output=True, text=True, env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    added = subprocess.run([*git, "add", "notebooks"], cwd=weird, capture_output=True, text=True, env=env)
    assert added.returncode == 0 and "filter" not in added.stderr, added.stderr
    staged = subprocess.run([*git, "show", ":notebooks/01_international_rankings.ipynb"], cwd=weird,
                            capture_output=True, text=True, env=env, check=True).stdout
    assert "an output" not in staged and '"execution_count": 3' not in staged
    strip = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed-lab", "strip"], cwd=weird,
                           capture_output=True, text=True, env=env)
    assert strip.returncode == 0, strip.stdout + strip.stderr
    assert "an output" not in (weird / "notebooks/01_international_rankings.ipynb").read_text()
    assert not (weird / "PWNED").exists() and not (tmp_path / "PWNED").exists()

def test_the_worker_names_its_notebook_when_it_fails_outside_a_cell():
    """A worker whose task raises (a full disk, a read-only build/failed) reports its notebook by name: the parent
    used to stop on KeyError: 'name' and hide the cause."""
    def task(name):
        raise OSError(errno.ENOSPC, "No space left on device")

    results = workers.run_parallel(task, [("07_channel_costs",)], 1, lambda t: {"stem": t[0], "name": t[0], "kept": ""},
                                   out=open(os.devnull, "w"))
    assert results[0]["name"] == "07_channel_costs" and "No space left on device" in results[0]["error"]


def test_a_file_system_failure_is_one_sentence_that_says_what_to_do():
    assert "disk is full" in workers.os_error(OSError(errno.ENOSPC, "No space left on device", "build/x"))
    assert "chmod -R u+w build" in workers.os_error(PermissionError(errno.EACCES, "Permission denied", "build/x"))
    assert "make clean" in workers.os_error(IsADirectoryError(errno.EISDIR, "Is a directory", "build/lock"))


def test_a_read_only_last_build_is_copied_into_a_writable_generation(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    publish.ensure_layout()
    page = tmp_path / "report" / "index.html"
    page.write_text("old")
    page.chmod(0o444)
    gen = publish.new_generation([])
    copied = gen / "report" / "index.html"
    assert copied.stat().st_mode & stat.S_IWUSR and page.stat().st_mode & stat.S_IWUSR == 0


@pytest.mark.slow
def test_odd_shapes_of_build_end_in_one_sentence(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    (root / "build" / "lock").unlink(missing_ok=True)
    (root / "build" / "lock").mkdir()
    folder = run_module(root, "borgerservice.build")
    assert folder.returncode == 2 and "move it away or run make clean" in folder.stdout, folder.stdout + folder.stderr
    assert "Traceback" not in folder.stdout + folder.stderr
    shutil.rmtree(root / "build")
    (root / "build").write_text("not a folder")
    file = run_module(root, "borgerservice.build")
    assert file.returncode == 2 and "move it away" in file.stdout + file.stderr, file.stdout + file.stderr
    assert "Traceback" not in file.stdout + file.stderr


@pytest.mark.slow
def test_a_copy_that_followed_the_links_builds(tmp_path, built_project):
    """cp -rL, scp -r: build/current and the output links arrive as folders; the build takes them in."""
    src, _ = built_project
    root = tmp_path / "followed"
    shutil.copytree(src, root, symlinks=False)
    assert not (root / "build" / "current").is_symlink()
    result = run_module(root, "borgerservice.build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "build" / "current").is_symlink() and (root / "report" / "index.html").is_file()


@pytest.mark.slow
def test_stray_files_and_tampered_assets_do_not_survive_a_build(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    (root / "report" / "evil.html").write_text("<script>alert(1)</script>")
    with (root / "report" / "report.css").open("a") as fh:
        fh.write("/* tampered */")
    result = run_module(root, "borgerservice.build")
    assert result.returncode == 0 and "nothing to do" not in result.stdout, result.stdout
    assert "removed 1 file(s) that no build makes: report/evil.html" in result.stdout
    assert not (root / "report" / "evil.html").exists()
    assert "tampered" not in (root / "report" / "report.css").read_text()


@pytest.mark.slow
def test_scenarios_in_another_language_than_the_report_are_refused(tmp_path, built_project):
    """make report; make scenarios PAPER_LANG=da: the pages would be half Danish, half English."""
    root = built_copy(tmp_path, built_project)
    before = tree_digest(root)
    result = run_module(root, "borgerservice.scenarios", "--lang", "da")
    assert result.returncode == 2 and "the report is in en" in result.stderr, result.stderr
    assert tree_digest(root) == before


@pytest.mark.slow
def test_make_datapackage_waits_for_no_build_and_writes_in_one_step(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    lock = workers.ProjectLock("a build (lang=en)", path=root / "build" / "lock")
    with lock:
        refused = run_module(root, "borgerservice.rawdata", "--update-hashes")
    assert refused.returncode == 3 and "a build (lang=en)" in refused.stderr, refused.stderr
    described = (root / "data/raw/datapackage.json").read_bytes()
    assert run_module(root, "borgerservice.rawdata", "--update-hashes").returncode == 0
    assert (root / "data/raw/datapackage.json").read_bytes() == described
    assert not list((root / "data/raw").glob(".datapackage.json.tmp*"))


@pytest.mark.slow
def test_the_provenance_names_the_code_that_ran_and_a_supplied_input(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    shutil.copyfile(Path(__file__).parent / "fixtures" / "figur1_email_response_times.csv",
                    root / "data/raw/figur1_email_response_times.csv")
    assert run_module(root, "borgerservice.rawdata", "--update-hashes").returncode == 0
    result = run_module(root, "borgerservice.build")
    assert result.returncode == 0, result.stdout + result.stderr
    prov = json.loads((root / "report/provenance.js").read_text().split("=", 1)[1].rstrip().rstrip(";"))
    assert "figur1_email_response_times.csv" in prov["raw_files"]
    assert len(prov["package"]["sha256"]) == 64 and prov["package"]["path"].endswith("borgerservice")


@pytest.mark.slow
def test_a_cell_stuck_in_c_code_is_stopped_from_outside(tmp_path, built_project):
    """sum(itertools.repeat(1)) never gives Python control back, so the worker's own alarm cannot fire; the build's
    watchdog kills the worker past the limit and names the cell."""
    root = built_copy(tmp_path, built_project)
    before = tree_digest(root)
    _add_cell(root, "stuck", "import itertools\nsum(itertools.repeat(1))")
    t0 = time.monotonic()
    result = run_module(root, "borgerservice.build", "--only", "02_eurostat_eservices", "--cell-timeout", "2",
                        "--jobs", "1", timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert time.monotonic() - t0 < 60
    assert "FAILED 02_eurostat_eservices.ipynb" in result.stdout, result.stdout
    assert "stopped from outside" in result.stdout, result.stdout
    assert tree_digest(root) == before


def test_a_folder_linked_into_data_raw_is_refused(raw_copy, tmp_path):
    from borgerservice import rawdata

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "made_up.csv").write_text("a\n1\n")
    (raw_copy / "linked").symlink_to(outside, target_is_directory=True)
    with pytest.raises(rawdata.RawDataError, match="linked: is a symbolic link"):
        rawdata.validate_all()


def test_a_raw_file_too_large_to_check_whole_is_refused_before_it_is_read(raw_copy, monkeypatch):
    """Describing a 100 MB raw file took 3.3 GB of memory: a file over the limit is named, not read."""
    from borgerservice import rawdata

    monkeypatch.setattr(rawdata, "SIZE_LIMIT", 1000)  # the Scoreboard's data.csv is 1,140,300 bytes
    monkeypatch.setattr(rawdata, "_VALIDATED", {})
    with pytest.raises(rawdata.RawDataError, match="a raw file is read whole to be checked"):
        rawdata.validate_all()


def test_a_full_disk_while_copying_the_last_build_leaves_no_half_written_generation(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    publish.ensure_layout()
    (tmp_path / "report" / "index.html").write_text("the last good build")

    def full(src, dst, **kw):
        Path(dst).mkdir(parents=True)
        (Path(dst) / "half").write_text("x")
        raise shutil.Error([(str(src), str(dst), "[Errno 28] No space left on device")])

    monkeypatch.setattr(publish.shutil, "copytree", full)
    with pytest.raises(OSError) as err:
        publish.new_generation([])
    assert "disk is full" in workers.os_error(err.value)
    assert publish.generations() == [publish.current_generation()]  # only the last good one
    assert (tmp_path / "report" / "index.html").read_text() == "the last good build"


@pytest.mark.slow
def test_make_clean_during_a_build_is_said_as_it_is(tmp_path, built_project):
    """`make clean` while a build runs removes the outputs: the build then fails and says no build is published,
    instead of calling the removed outputs untouched."""
    import signal

    from conftest import start_module

    root = built_copy(tmp_path, built_project)
    build = start_module(root, "borgerservice.build", "--force", "--jobs", "1", out_dir=tmp_path)
    assert build.wait_for("start]"), build.output()
    for rel in ("build", "report", "data/processed", "figures"):  # what make clean removes, as `rm -rf` does
        # a link (or file) is unlinked; a folder removed as far as it goes, since the running build may write into it
        if (root / rel).is_symlink() or (root / rel).is_file():
            (root / rel).unlink()
        else:
            shutil.rmtree(root / rel, ignore_errors=True)
    try:
        code = build.wait(timeout=120)
    finally:
        try:
            os.killpg(build.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert code != 0, build.output()
    assert "no build is published" in build.output() and "untouched" not in build.output(), build.output()


@pytest.mark.slow
def test_a_cells_error_is_named_when_build_failed_cannot_be_written(tmp_path, built_project):
    """build/failed a file: the failing cell's own error is reported, with why its copy was not kept."""
    root = built_copy(tmp_path, built_project)
    shutil.rmtree(root / "build" / "failed", ignore_errors=True)
    (root / "build" / "failed").write_text("not a folder")
    _add_cell(root, "boom", "raise ValueError('a researcher made a mistake')")
    result = run_module(root, "borgerservice.build", "--only", "02_eurostat_eservices")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ValueError: a researcher made a mistake" in result.stdout and "not kept" in result.stdout, result.stdout


def _size_of(root: Path) -> int:
    """Bytes the files under `root` take (links not followed), as a tmpfs counts them: whole 4 KB pages."""
    return sum(-(-p.lstat().st_size // 4096) * 4096 for p in root.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.mark.slow
def test_a_disk_that_fills_while_a_notebook_runs_leaves_the_last_build(tmp_path, built_project):
    """A real full disk (a tmpfs with room for the project, one copy of its build and a little more): a notebook that
    writes more than that fails with one sentence saying the disk is full; the last good build stays, and no
    half-written generation is left to keep the disk full."""
    src, _ = built_project
    room = _size_of(src) + _size_of(src / "build" / "generations") + 3 * 2**20
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={room}", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("mounting a small file system needs root (mount -t tmpfs)")
    try:
        root = disk / "copy"
        shutil.copytree(src, root, symlinks=True)
        before = tree_digest(root)
        _add_cell(root, "fill", "from borgerservice import paths\n(paths.processed() / 'fill.bin').write_bytes(b'0' * 8 * 2**20)")
        result = run_module(root, "borgerservice.build", "--only", "02_eurostat_eservices")
        said = result.stdout + result.stderr
        assert result.returncode != 0 and "disk is full" in said and "Traceback" not in said, said
        assert tree_digest(root) == before
        assert len(list((root / "build" / "generations").iterdir())) == 1, "a half-written generation was left"
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.slow
def test_a_read_only_home_falls_back_to_a_cache_in_the_venv(tmp_path):
    """HOME that cannot be written (here a path under /dev/null, which no user, root included, can create): the
    first `make report` installs with uv's cache inside .venv and builds. Offline: the cache is this machine's, reached
    through .venv/.uv-cache, and uv is the project's own, as tests/test_python_versions.py installs."""
    if not (Path(sys.executable).parent / "uv").is_file():
        pytest.skip("installed with INSTALLER=pip: the fallback is uv's cache, and offline there is nothing to install")
    real_cache = subprocess.run([str(Path(sys.executable).parent / "uv"), "cache", "dir"], capture_output=True,
                                text=True).stdout.strip()
    if not real_cache or not Path(real_cache, "archive-v0").is_dir():
        pytest.skip("uv's cache is not on this machine: the locked wheels cannot be installed offline")
    root = make_project_copy(tmp_path / "homeless")
    for rel in ("Makefile", "tools/install.sh", "src", "README.md"):
        if not (root / rel).exists():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if (paths.ROOT / rel).is_dir() else shutil.copy2)(paths.ROOT / rel, root / rel)
    (root / ".venv" / "bin").mkdir(parents=True)
    shutil.copy2(Path(sys.executable).parent / "uv", root / ".venv" / "bin" / "uv")
    (root / ".venv" / ".uv-cache").symlink_to(real_cache)
    env = {**project_env(root), "HOME": "/dev/null/home", "UV_OFFLINE": "1", "PYTHON": sys.executable}
    for var in ("VIRTUAL_ENV", "UV_CACHE_DIR", "XDG_CACHE_HOME", "PYTHONPATH"):
        env.pop(var, None)
    result = subprocess.run(["make", "report"], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "report" / "index.html").is_file()


@pytest.mark.slow
def test_read_only_outputs_of_another_user_give_a_new_build(request, built_project):
    """Not as root (root writes through any mode bits): the project belongs to a user who made the published build
    read-only (`chmod -R a-w build/current`); the next build in the other language publishes a new, writable one."""
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root to act as another user (setpriv)")
    if subprocess.run([*nobody, sys.executable, "-c", "import borgerservice"], capture_output=True).returncode:
        pytest.skip("the user nobody cannot run this Python or import the package (a folder on the way is its owner's alone)")
    src, _ = built_project
    home = Path(tempfile.mkdtemp(prefix="another-user-"))  # pytest's own folders are root's alone (mode 700)
    request.addfinalizer(lambda: shutil.rmtree(home, ignore_errors=True))
    root = home / "copy"
    shutil.copytree(src, root, symlinks=True)
    subprocess.run(["chown", "-R", "65534:65534", str(home)], check=True)
    current = (root / "build" / "current").resolve()
    subprocess.run(["chmod", "-R", "a-w", str(current)], check=True)
    env = {**os.environ, "BORGERSERVICE_ROOT": str(root), "HOME": str(root), "MPLCONFIGDIR": str(root / ".mpl")}
    env.pop("PYTHONPATH", None)
    result = subprocess.run([*nobody, sys.executable, "-m", "borgerservice.build", "--lang", "da"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "build" / "current").resolve() != current and 'lang="da"' in (root / "report/index.html").read_text()

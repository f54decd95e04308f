"""Faults a user meets: a second build beside the first, a worker that dies, a cell that never ends, an error
raised after a cell, and values smuggled through the Makefile. Each ends in a clear message and leaves the
last good outputs as they were."""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import built_copy, make_project_copy, run_module, run_module_cold, tree_digest

from borgerservice import paths


@pytest.mark.slow
def test_a_second_run_is_refused_while_one_holds_the_project_and_a_stale_lock_is_taken_over(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    lock = root / "build" / "lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(fd, f"a build (lang=da) (pid {os.getpid()}, started now)\n".encode())
    try:
        before = tree_digest(root)
        refused = run_module(root, "borgerservice.build", "--force")
        assert refused.returncode == 3, refused.stdout + refused.stderr
        assert f"pid {os.getpid()}" in refused.stdout and "is running in this project" in refused.stdout
        scen = run_module(root, "borgerservice.scenarios")
        assert scen.returncode == 3 and f"pid {os.getpid()}" in scen.stderr
        assert tree_digest(root) == before
    finally:
        os.close(fd)  # as a killed run's lock: the file stays, the flock is gone
    assert lock.is_file()
    again = run_module(root, "borgerservice.build")
    assert again.returncode == 0 and "up to date" in again.stdout, again.stdout + again.stderr


def _break(root, stem: str, code: str) -> None:
    path = root / "notebooks" / f"{stem}.ipynb"
    nb = json.loads(path.read_text())
    idx = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    nb["cells"][idx[2]]["source"] = code
    path.write_text(json.dumps(nb))


@pytest.mark.slow
def test_a_dying_worker_a_cell_past_its_limit_and_a_late_error_each_fail_their_notebook(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    before = tree_digest(root)
    _break(root, "01_international_rankings", "import os\nos._exit(3)\n")  # as the out-of-memory killer would
    _break(root, "02_eurostat_eservices", "import time\ntime.sleep(60)\n")
    _break(root, "03_document_handling", "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
                                         "ax.set_title(r'$\\frac{1}{$')\n")
    result = run_module(root, "borgerservice.build", "--cell-timeout", "3", timeout=180)
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert "FAILED 01_international_rankings.ipynb: the worker running it died (exited with code 3)" in out
    assert "FAILED 02_eurostat_eservices.ipynb at cell" in out and "ran longer than 3 s" in out
    assert "FAILED 03_document_handling.ipynb at cell" in out and "after the cell ran" in out
    assert "outputs of the last good build are untouched" in out
    assert tree_digest(root) == before


@pytest.mark.parametrize("assignment,message", [
    ("PAPER_LANG=en; touch pwned #", "PAPER_LANG must be en or da"),
    ("PAPER_LANG=de", "PAPER_LANG must be en or da"),
    ("JOBS=1 --force", "JOBS must be a whole number"),
    ("JOBS=x", "JOBS must be a whole number"),
    ("PORT=8888;id", "PORT must be a port number"),
])
def test_the_makefile_refuses_what_it_would_pass_to_the_shell(tmp_path, assignment, message):
    result = subprocess.run(["make", "-n", "report", assignment], cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and message in result.stderr
    assert not (paths.ROOT / "pwned").exists()


@pytest.mark.parametrize("args,message", [
    (["--jobs", "0"], "--jobs must be at least 1"),
    (["--jobs", "1 --force"], "invalid int value"),
    (["--lang", "de"], "invalid choice"),
    (["--cell-timeout", "0"], "--cell-timeout must be at least 1"),
])
def test_the_cli_rejects_what_is_not_a_language_a_job_count_or_a_timeout(args, message):
    result = run_module_cold(paths.ROOT, "borgerservice.build", *args)
    assert result.returncode == 2 and message in result.stderr


@pytest.mark.slow
def test_a_cell_that_writes_around_the_staging_fails_and_leaves_nothing_behind(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    before = tree_digest(root)
    _break(root, "06_unit_costs", "open('../figures/x.png', 'wb').write(b'not through export')\n")
    result = run_module(root, "borgerservice.build")
    assert result.returncode == 1
    assert "wrote figures/x.png straight into the project's outputs" in result.stdout
    assert not (root / "figures/x.png").exists()
    assert tree_digest(root) == before


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"cells": "none"}'])
def test_a_notebook_that_is_not_one_is_named_before_anything_runs(tmp_path, content, capsys):
    from borgerservice import build

    root = make_project_copy(tmp_path / "p")
    before = tree_digest(root)
    (root / "notebooks/05_inquiry_volumes.ipynb").write_text(content)
    # the command line's own function, in this process on the copy: it is refused while planning, before any import
    # of the notebooks' stack or any fork
    project = paths.ROOT
    paths.use_root(root)
    try:
        code = build.main([])
    finally:
        paths.use_root(project)
    out = capsys.readouterr()
    assert code == 2
    assert "05_inquiry_volumes.ipynb: not a notebook" in out.out + out.err
    assert tree_digest(root) == before


def test_scenario_outputs_are_stale_when_the_description_of_a_file_they_read_changes(raw_copy, tmp_path, monkeypatch):
    """A type changed in datapackage.json, no byte of the CSV changed: the scenario outputs no longer fit."""
    from borgerservice import scenario_state

    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    (tmp_path / "data/processed").mkdir(parents=True)
    (tmp_path / "data/processed/scenarios.csv").write_text("scenario\npaper\n")
    scenario_state.record(seed=2011, draws=100, lang="en")
    assert scenario_state.stale_reason("en") == ""
    pkg = json.loads(paths.DATAPACKAGE.read_text())
    res = next(r for r in pkg["resources"] if r["name"] == "tabel8_unit_cost_estimate")  # notebook 09 reads it
    field = next(f for f in res["schema"]["fields"] if f["name"] == "unit_cost_dkk")
    field["type"] = {"number": "integer", "integer": "number"}[field["type"]]
    paths.DATAPACKAGE.write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n")
    assert "raw data, scenarios.toml or code changed" in scenario_state.stale_reason("en")


def test_scenario_outputs_in_another_language_than_the_report_are_stale(tmp_path, monkeypatch):
    from borgerservice import scenario_state as scenarios

    (tmp_path / "data/processed").mkdir(parents=True)
    (tmp_path / "data/processed/scenarios.csv").write_text("scenario\npaper\n")
    (tmp_path / "build/stamps").mkdir(parents=True)
    (tmp_path / "build/stamps/_scenarios.json").write_text(json.dumps({"lang": "en", "seed": 1, "draws": 1, "digest": "x"}))
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    assert scenarios.stale_reason("da") == "they are in en, the report in da"
    (tmp_path / "data/processed/scenarios.csv").unlink()
    assert scenarios.stale_reason("da") == ""  # no scenario outputs: nothing to say


def test_a_failed_publish_leaves_the_old_build_and_the_next_run_cleans_up(tmp_path, monkeypatch):
    """The switch is one rename; if it fails, the links still show the old generation, whole."""
    from borgerservice import publish

    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "old.png").write_text("old")
    publish.ensure_layout()
    assert (tmp_path / "figures").is_symlink() and (tmp_path / "figures" / "old.png").read_text() == "old"
    gen = publish.new_generation(drop=["figures/old.png"])
    (gen / "figures" / "new.png").write_text("new")
    real_replace = os.replace

    def failing(src, dst):
        if Path(dst).name == "current":
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(publish.os, "replace", failing)
    with pytest.raises(OSError):
        publish.publish(gen)
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["old.png"]  # the old build, whole
    monkeypatch.setattr(publish.os, "replace", real_replace)
    publish.ensure_layout()  # the next run: the orphaned generation is gone
    assert len(publish.generations()) == 1
    gen = publish.new_generation(drop=["figures/old.png"])
    (gen / "figures" / "new.png").write_text("new")
    publish.publish(gen)
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["new.png"]
    assert len(publish.generations()) == 1


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_one_complete_build(tmp_path, built_project):
    """SIGKILL (no clean-up at all) in the middle of a build: the links still show the last good build,
    and the next run removes the half-written generation."""
    import signal
    import time

    from conftest import start_module

    root = built_copy(tmp_path, built_project)
    before = tree_digest(root)
    build = start_module(root, "borgerservice.build", "--force", "--jobs", "1", out_dir=tmp_path)
    assert build.wait_for("start]"), build.output()
    time.sleep(1.5)
    os.killpg(build.pid, signal.SIGKILL)
    assert build.wait(timeout=30) == -signal.SIGKILL
    assert tree_digest(root) == before
    again = run_module(root, "borgerservice.build")
    assert again.returncode == 0 and "nothing to do" in again.stdout, again.stdout + again.stderr
    assert len(list((root / "build/generations").iterdir())) == 1
    assert tree_digest(root) == before


def test_a_read_only_output_folder_stays_with_the_old_build(tmp_path, monkeypatch):
    """The new generation's folders are writable even where the old one's were made read-only."""
    import stat

    from borgerservice import publish

    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    publish.ensure_layout()
    current = publish.current_generation()
    (current / "figures" / "table_09.png").write_text("old")
    (current / "figures").chmod(0o555)
    try:
        gen = publish.new_generation(drop=[])
        assert (gen / "figures").stat().st_mode & stat.S_IWUSR
        assert (gen / "figures" / "table_09.png").read_text() == "old"
    finally:
        (current / "figures").chmod(0o755)

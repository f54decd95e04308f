"""Sources stay clean and agree with each other: notebooks, the lock and environment.yml."""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import project_env

from borgerservice import exhibits, paths, plan

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def test_every_registered_notebook_exists_and_every_notebook_is_registered():
    assert [p.stem for p in NOTEBOOKS] == sorted(nb.stem for nb in exhibits.NOTEBOOKS + exhibits.added_notebooks())
    assert [p.stem[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(1, len(NOTEBOOKS) + 1)]


def _nbstripout() -> list[str]:
    """The command the git filter and `make strip` run, as the Makefile defines it."""
    line = next(ln for ln in (paths.ROOT / "Makefile").read_text().splitlines() if ln.startswith("NBSTRIPOUT ="))
    args = shlex.split(line.split("=", 1)[1].replace("$(VENV)/bin/", ""))
    return [str(Path(sys.executable).parent / args[0]), *args[1:]]


def test_notebooks_go_through_nbstripout_on_commit():
    attributes = (paths.ROOT / ".gitattributes").read_text()
    assert "notebooks/*.ipynb filter=nbstripout" in attributes
    makefile = (paths.ROOT / "Makefile").read_text()
    assert "git config filter.nbstripout.clean '$(NBSTRIPOUT)'" in makefile
    assert re.search(r"^lab: .*git-filter", makefile, re.M) and re.search(r"^strip: .*git-filter", makefile, re.M)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_as_the_filter_writes_it(path):
    """nbformat's layout (sorted keys, one-space indent, sources as lists of lines), which the filter and JupyterLab
    write: committing through the filter changes no byte."""
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    assert json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n" == text, \
        f"{path.name}: run `make strip` (or commit through the filter) first"
    assert all(isinstance(c["source"], list) for c in nb["cells"]), path.name
    assert nb["metadata"]["kernelspec"]["name"] == plan.KERNEL_NAME
    assert nb["cells"][0]["cell_type"] == "markdown"
    intro = "".join(nb["cells"][0]["source"])
    for word in ("Question", "Inputs", "Outputs"):
        assert word in intro, f"{path.name}: intro has no {word}"


@pytest.mark.slow  # starts the command-line tool, as a researcher would
def test_nbstripout_leaves_the_committed_notebooks_and_cleans_one_as_a_run_leaves_it(tmp_path):
    """One nbstripout run, with the Makefile's options, over copies of the committed notebooks and a notebook as a
    run leaves it (outputs, counts, papermill's and the kernel's metadata): the first come back byte for byte,
    the last comes back clean."""
    for path in NOTEBOOKS:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    nb = json.loads((paths.NOTEBOOKS / "07_channel_costs.ipynb").read_text(encoding="utf-8"))
    nb["metadata"]["papermill"] = {"duration": 1.5}
    for i, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "44000.0\n"}]
        cell["execution_count"] = i + 1
        cell["metadata"]["execution"] = {"iopub.status.busy": "2026-11-28T00:00:00Z"}
        cell["metadata"]["papermill"] = {"duration": 0.1}
    ran = tmp_path / "ran.ipynb"
    ran.write_text(json.dumps(nb), encoding="utf-8")
    subprocess.run([*_nbstripout(), *sorted(map(str, tmp_path.glob("*.ipynb")))], check=True, capture_output=True,
                   env=project_env(paths.ROOT))
    for path in NOTEBOOKS:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), f"{path.name} has something to strip"
    out = json.loads(ran.read_text(encoding="utf-8"))
    assert "papermill" not in out["metadata"]
    for cell in out["cells"]:
        assert not cell.get("outputs") and cell.get("execution_count") is None
        assert "papermill" not in cell.get("metadata", {}) and "execution" not in cell.get("metadata", {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_agrees_with_papermill(path):
    import papermill

    ours = plan.notebook_parameters(path)
    theirs = papermill.inspect_notebook(str(path))
    assert set(ours) == set(theirs)
    assert set(plan.DEFAULT_PARAMETERS) <= set(ours)  # every notebook takes lang


def test_notebooks_type_no_labels_and_no_machine_paths():
    for path in NOTEBOOKS:
        code = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
        assert not re.search(r"/(work|tmp|home)/", code), path.name
        assert "Personlige henvendelser" not in code, f"{path.name}: labels belong in labels.py"


def test_unknown_or_misspelled_parameter_is_an_error(tmp_path):
    with pytest.raises(plan.BuildError, match="unknown parameter.*lnag.*takes: lang"):
        plan.check_parameters({"lnag": "da"}, NOTEBOOKS[0])
    with pytest.raises(plan.BuildError, match="valid: en, da"):
        plan.check_parameters({"lang": "de"}, NOTEBOOKS[0])
    nb = json.loads(NOTEBOOKS[0].read_text())
    for cell in nb["cells"]:
        if "parameters" in cell["metadata"].get("tags", []):
            cell["source"] = 'lnag = "en"\n'
    bad = tmp_path / "99_misspelled.ipynb"
    bad.write_text(json.dumps(nb))
    with pytest.raises(plan.BuildError, match="99_misspelled.ipynb: unknown parameter.*lang.*takes: lnag"):
        plan.check_parameters({"lang": "en"}, bad)
    with pytest.raises(plan.BuildError, match="name=value"):
        plan.parse_assignments(["lang"])


LOCKS = ("uv", "report", "test", "lab")


def _pins(lines):
    out = {}
    for line in lines:
        m = re.match(r'^\s*(?:- ")?([A-Za-z0-9_.\-]+)==([^\s;"\\]+)', line)
        if m:
            out[m.group(1).lower()] = m.group(2)
    return out


def _lock(group: str) -> str:
    return (paths.ROOT / "requirements" / f"{group}.lock").read_text()


def _direct(group: str) -> list[str]:
    """Names listed in requirements/<group>.in, following `-r` includes."""
    out = []
    for line in (paths.ROOT / "requirements" / f"{group}.in").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            out += _direct(line[3:].strip().removesuffix(".in"))
        elif line:
            out.append(line.lower())
    return out


@pytest.mark.parametrize("group", LOCKS)
def test_lock_has_exact_versions_and_hashes(group):
    lock = _lock(group)
    blocks = re.split(r"\n(?=[A-Za-z])", lock)
    pinned = [b for b in blocks if "==" in b.splitlines()[0]]
    assert pinned, group
    for block in pinned:
        assert "--hash=sha256:" in block, block.splitlines()[0]
    assert set(_direct(group)) <= set(_pins(lock.splitlines())), f"{group}.in names a package {group}.lock lacks"


def test_groups_share_versions_and_environment_yml_is_their_union():
    union = {}
    for group in ("report", "test", "lab"):
        for name, version in _pins(_lock(group).splitlines()).items():
            assert union.setdefault(name, version) == version, f"{name}: {group}.lock disagrees with another lock"
    env = _pins((paths.ROOT / "environment.yml").read_text().splitlines())
    assert env == union, "environment.yml disagrees with requirements/*.lock: run `make lock`"


def test_report_set_holds_no_lab_or_test_tools():
    report = _pins(_lock("report").splitlines())
    for tool in ("jupyterlab", "notebook", "pytest", "hypothesis", "nbstripout"):
        assert tool not in report, f"{tool} is installed by `make report`, which does not need it"
    assert report.items() <= _pins(_lock("test").splitlines()).items()
    assert report.items() <= _pins(_lock("lab").splitlines()).items()


def test_pyproject_declares_the_locked_runtime_and_python():
    import tomllib

    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    locked = _pins(_lock("test").splitlines()) | _pins(_lock("lab").splitlines())
    declared = {"runtime": project["dependencies"], **project["optional-dependencies"]}
    wanted = {"runtime": set(_direct("report")) - {"setuptools"},  # setuptools builds the package, never imported
              "test": set(_direct("test")) - set(_direct("report")), "lab": set(_direct("lab")) - set(_direct("report"))}
    for group, reqs in declared.items():
        parsed = [Requirement(r) for r in reqs]
        assert {r.name.lower() for r in parsed} == wanted[group], f"pyproject's {group} dependencies drifted from requirements/"
        for r in parsed:
            assert r.specifier.contains(locked[r.name.lower()]), f"{r.name}=={locked[r.name.lower()]} outside {r}"
            assert r.specifier, f"{r.name}: give a range"
    # the locks are universal from the Python they name (`--python-version` is a minimum): pyproject admits it and
    # every later minor version, and none before it
    versions = {re.search(r"--python-version (\d+\.\d+)", _lock(g)).group(1) for g in LOCKS}
    assert len(versions) == 1
    (minor,) = versions
    spec = SpecifierSet(project["requires-python"])
    major, low = map(int, minor.split("."))
    assert all(spec.contains(f"{major}.{m}.0") for m in range(low, low + 4)), project["requires-python"]
    assert not spec.contains(f"{major}.{low - 1}.99")


def test_every_runtime_dependency_is_imported():
    """A dependency nothing imports is dead weight in every install (nbclient was one)."""
    code = "\n".join(p.read_text() for p in paths.PACKAGE_SRC.glob("*.py"))
    code += "\n".join(p.read_text() for p in paths.NOTEBOOKS.glob("*.ipynb"))
    for name in set(_direct("report")) - {"setuptools"}:
        assert re.search(rf"(?:import|from) {name}\b", code), f"{name} is locked but nothing imports it"


def test_plan_reruns_everything_when_the_package_or_lock_changes(monkeypatch):
    _, digests = plan.plan({"lang": "en"})
    monkeypatch.setattr(plan, "package_digest", lambda: "changed")
    _, changed = plan.plan({"lang": "en"})
    assert all(digests[k] != changed[k] for k in digests)
    monkeypatch.undo()
    monkeypatch.setattr(plan, "lock_digest", lambda: "changed")
    _, relocked = plan.plan({"lang": "en"})
    assert all(digests[k] != relocked[k] for k in digests)
    _, danish = plan.plan({"lang": "da"})
    assert all(digests[k] != danish[k] for k in digests)



def test_an_english_build_reruns_the_notebooks_that_write_danish_when_a_translation_changes(tmp_path, monkeypatch):
    """Notebook 08 writes claim_explanations_da.csv and 11 after_2011_explanations_da.csv in every build, from the
    Danish catalog: a translator's edit made an English build say "up to date" and keep the old Danish."""
    from borgerservice import i18n

    po = tmp_path / "borgerservice.po"
    po.write_bytes(i18n.catalog_path("da").read_bytes())
    monkeypatch.setattr(i18n, "catalog_path", lambda lang: po)
    _, before = plan.plan({"lang": "en"})
    po.write_bytes(po.read_bytes().replace(b'msgstr "uoverensstemmelse"', b'msgstr "afvigelse"'))
    _, after = plan.plan({"lang": "en"})
    assert before["08_numbers_check"] != after["08_numbers_check"]
    assert before["11_after_2011"] != after["11_after_2011"]
    assert before["02_eurostat_eservices"] == after["02_eurostat_eservices"]  # one that writes no Danish stays built


def test_the_notebooks_that_write_danish_in_every_build_say_so(built_project):
    """What the shared (English) build's notebooks wrote in Danish, against what exhibits.py declares."""
    from borgerservice.exhibits import NOTEBOOKS

    root, _ = built_project
    stamps = {nb.stem: json.loads((root / "build/stamps" / f"{nb.stem}.json").read_text()) for nb in NOTEBOOKS
              if nb.in_report}
    wrote_danish = {stem for stem, stamp in stamps.items() if any(rel.endswith("_da.csv") for rel in stamp["outputs"])}
    assert wrote_danish == {nb.stem for nb in NOTEBOOKS if nb.writes_danish} == {"08_numbers_check", "11_after_2011"}

def test_install_uses_only_the_hash_pinned_locks():
    script = (paths.ROOT / "tools" / "install.sh").read_text().replace("\\\n", " ")  # join continued lines
    installs = [ln for ln in script.splitlines() if " install " in ln and "-r " in ln]
    assert len(installs) >= 3  # uv itself by pip, then each group by uv or pip
    for line in installs:
        assert "--require-hashes" in line and "--no-deps" in line, line
    for line in script.splitlines():
        if "install" in line and "-e ." in line:
            assert "--no-deps" in line and "--no-build-isolation" in line and "--no-index" in line, line


@pytest.mark.slow  # starts the command-line tool, as a researcher would
def test_papermill_by_hand_with_a_misspelled_parameter_fails_as_the_build_does(tmp_path):
    """`papermill --engine borgerservice ... -p lnag da`: papermill alone would warn and run on with lang="en"."""
    import subprocess
    import sys

    papermill = Path(sys.executable).parent / "papermill"
    result = subprocess.run([str(papermill), "--engine", "borgerservice", str(NOTEBOOKS[5]), str(tmp_path / "out.ipynb"),
                             "-p", "lnag", "da", "--no-progress-bar"], capture_output=True, text=True, timeout=120,
                            env=project_env(paths.ROOT))
    assert result.returncode != 0
    assert "unknown parameter(s) lnag; this notebook takes: lang" in result.stderr


def test_the_project_engine_is_registered_with_papermill():
    from papermill.engines import papermill_engines

    from borgerservice.engine import InProcessEngine

    assert papermill_engines.get_engine("borgerservice") is InProcessEngine



"""Sources stay clean and agree with each other: notebooks, the lock and environment.yml."""
from __future__ import annotations

import json
import re

import pytest

from borgerservice import build, exhibits, nbclean, paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def test_every_registered_notebook_exists_and_every_notebook_is_registered():
    assert [p.stem for p in NOTEBOOKS] == sorted(nb.stem for nb in exhibits.NOTEBOOKS)
    assert [p.stem[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(1, len(NOTEBOOKS) + 1)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nbclean.problems(nb) == []
    assert nb["metadata"]["kernelspec"]["name"] == build.KERNEL_NAME
    assert nb["cells"][0]["cell_type"] == "markdown"
    intro = "".join(nb["cells"][0]["source"])
    for word in ("Question", "Inputs", "Outputs"):
        assert word in intro, f"{path.name}: intro has no {word}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_agrees_with_papermill(path):
    import papermill

    ours = build.notebook_parameters(path)
    theirs = papermill.inspect_notebook(str(path))
    assert set(ours) == set(theirs)
    assert set(build.DEFAULT_PARAMETERS) <= set(ours)  # every notebook takes lang


def test_notebooks_type_no_labels_and_no_machine_paths():
    for path in NOTEBOOKS:
        code = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
        assert not re.search(r"/(work|tmp|home)/", code), path.name
        assert "Personlige henvendelser" not in code, f"{path.name}: labels belong in labels.py"


def test_unknown_or_misspelled_parameter_is_an_error(tmp_path):
    with pytest.raises(build.BuildError, match="unknown parameter.*lnag.*takes: lang"):
        build.check_parameters({"lnag": "da"}, NOTEBOOKS[0])
    with pytest.raises(build.BuildError, match="valid: en, da"):
        build.check_parameters({"lang": "de"}, NOTEBOOKS[0])
    nb = json.loads(NOTEBOOKS[0].read_text())
    for cell in nb["cells"]:
        if "parameters" in cell["metadata"].get("tags", []):
            cell["source"] = 'lnag = "en"\n'
    bad = tmp_path / "99_misspelled.ipynb"
    bad.write_text(json.dumps(nb))
    with pytest.raises(build.BuildError, match="99_misspelled.ipynb: unknown parameter.*lang.*takes: lnag"):
        build.check_parameters({"lang": "en"}, bad)
    with pytest.raises(build.BuildError, match="name=value"):
        build.parse_assignments(["lang"])


def test_nbclean_strips_outputs_and_papermill_metadata(tmp_path):
    nb = json.loads(NOTEBOOKS[0].read_text())
    nb["metadata"]["papermill"] = {"duration": 1.0}
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    code["execution_count"] = 3
    assert len(nbclean.problems(nb)) == 2
    assert nbclean.problems(nbclean.strip(nb)) == []


def _pins(lines):
    out = {}
    for line in lines:
        m = re.match(r'^\s*(?:- ")?([A-Za-z0-9_.\-]+)==([^\s;"\\]+)', line)
        if m:
            out[m.group(1).lower()] = m.group(2)
    return out


def test_lock_has_exact_versions_and_hashes_and_environment_yml_agrees():
    lock = (paths.ROOT / "requirements.lock").read_text()
    pins = _pins(lock.splitlines())
    assert {"pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "jupyterlab", "ipykernel"} <= set(pins)
    blocks = re.split(r"\n(?=[A-Za-z])", lock)
    for block in blocks:
        if "==" in block:
            assert "--hash=sha256:" in block, block.splitlines()[0]
    env = _pins((paths.ROOT / "environment.yml").read_text().splitlines())
    assert env == pins, "environment.yml disagrees with requirements.lock: run `make lock`"


def test_direct_requirements_are_all_locked():
    wanted = [ln.strip().lower() for ln in (paths.ROOT / "requirements.in").read_text().splitlines()
              if ln.strip() and not ln.startswith("#")]
    pins = _pins((paths.ROOT / "requirements.lock").read_text().splitlines())
    assert set(wanted) <= set(pins)


def test_plan_reruns_everything_when_the_package_or_lock_changes(monkeypatch):
    _, digests = build.plan({"lang": "en"})
    monkeypatch.setattr(build, "package_digest", lambda: "changed")
    _, changed = build.plan({"lang": "en"})
    assert all(digests[k] != changed[k] for k in digests)
    monkeypatch.undo()
    monkeypatch.setattr(build, "lock_digest", lambda: "changed")
    _, relocked = build.plan({"lang": "en"})
    assert all(digests[k] != relocked[k] for k in digests)
    _, danish = build.plan({"lang": "da"})
    assert all(digests[k] != danish[k] for k in digests)


def test_install_uses_only_the_hash_pinned_lock():
    make = (paths.ROOT / "Makefile").read_text()
    for line in make.splitlines():
        if "install" in line and "-r requirements.lock" in line:
            assert "--require-hashes" in line and "--no-deps" in line, line
        if "install" in line and "-e ." in line:
            assert "--no-deps" in line and "--no-build-isolation" in line, line

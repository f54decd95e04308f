"""The outputs do not depend on Python's minor version: a clean build of a copy of the project, installed by
tools/install.sh on another Python from 3.11–3.13, writes the same bytes as the shared build.

It runs where another Python is on this machine (python3.1x on PATH, pyenv's or uv's own interpreters, or one named by
BORGERSERVICE_OTHER_PYTHON) and the locked wheels for it are already in uv's cache: no test touches the network, so a
Python whose wheels were never downloaded is skipped, with the reason. Install once with network to enable it:
`PYTHON=python3.12 tools/install.sh report` in any clone.
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, make_project_copy, project_env, tree_digest

pytestmark = pytest.mark.slow

SUPPORTED = {(3, 11), (3, 12), (3, 13)}


def _minor(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True,
                             text=True, timeout=30)
    except OSError:
        return None
    return tuple(map(int, out.stdout.split())) if out.returncode == 0 else None


def _candidates() -> list[str]:
    named = [os.environ["BORGERSERVICE_OTHER_PYTHON"]] if os.environ.get("BORGERSERVICE_OTHER_PYTHON") else []
    on_path = [shutil.which(f"python3.{m}") for m in (11, 12, 13)]
    home = Path.home()
    installed = sorted(glob.glob(str(home / ".pyenv/versions/3.1[123]*/bin/python3"))
                       + glob.glob(str(home / ".local/share/uv/python/cpython-3.1[123]*/bin/python3")))
    seen, out = set(), []
    for python in [*named, *on_path, *installed]:
        minor = _minor(python) if python else None
        if minor in SUPPORTED and minor != sys.version_info[:2] and minor not in seen:
            seen.add(minor)
            out.append(python)
    return out


def _install(root: Path, python: str) -> subprocess.CompletedProcess:
    """tools/install.sh as a user runs it, on `python`, offline: uv is the project's own (already installed here)."""
    uv = Path(sys.executable).parent / "uv"
    (root / ".venv" / "bin").mkdir(parents=True)
    shutil.copy2(uv, root / ".venv" / "bin" / "uv")
    env = {**project_env(root), "PYTHON": python, "UV_OFFLINE": "1", "INSTALLER": "uv"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(["bash", "tools/install.sh", "report"], cwd=root, env=env, capture_output=True, text=True,
                          timeout=600)


def test_a_build_on_another_python_minor_writes_the_same_bytes(built_project, tmp_path):
    if not (Path(sys.executable).parent / "uv").is_file():
        pytest.skip("this environment was installed without uv (INSTALLER=pip): nothing to install another Python with offline")
    candidates = _candidates()
    if not candidates:
        pytest.skip(f"no Python 3.11–3.13 other than {sys.version_info[0]}.{sys.version_info[1]} on this machine")
    tried = []
    for python in candidates:
        root = make_project_copy(tmp_path / Path(python).as_posix().replace("/", "_"))
        for rel in ("data/processed", "figures"):
            shutil.rmtree(root / rel)
        # what install.sh needs besides the copy's sources: itself, and the package it installs in editable mode
        shutil.copytree(ROOT / "tools", root / "tools")
        shutil.copytree(ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        installed = _install(root, python)
        if installed.returncode == 0:
            break
        # only a wheel missing from the cache is a reason to skip (offline, uv says the network is off, or that it
        # found no solution: a locked package is not in the cache); any other failure of the install is the test's
        offline = ("Network connectivity is disabled" in installed.stderr
                   or "No solution found when resolving dependencies" in installed.stderr)
        assert offline, installed.stdout + installed.stderr
        missing = re.search(r"`([^`]+)`|no version of ([\w.-]+)|([\w.-]+) was not found in the cache", installed.stderr)
        tried.append(f"{python} ({next(g for g in missing.groups() if g) if missing else 'a wheel'} not cached)")
    else:
        pytest.skip("the locked wheels of no other Python are in uv's cache (install once with network): "
                    + "; ".join(tried))

    other = root / ".venv" / "bin" / "python"
    assert _minor(str(other)) == _minor(python) != sys.version_info[:2]
    result = subprocess.run([str(other), "-m", "borgerservice.build"], cwd=root, env=project_env(root),
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr

    english, _ = built_project
    # the report's pages name the Python that made them (provenance), and `make scenarios`' outputs are not a build's
    rels = ("data/processed", "figures")
    before = {k: v for k, v in tree_digest(english, rels).items() if "scenario" not in k}
    after = {k: v for k, v in tree_digest(root, rels).items() if "scenario" not in k}
    assert sorted(before) == sorted(after)
    assert len(before) >= 40
    differ = [k for k in before if before[k] != after[k]]
    assert not differ, f"outputs differ between Python {sys.version.split()[0]} and {python}: {differ}"

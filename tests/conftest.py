"""Shared fixtures: an isolated copy of the project for builds, and of data/raw for loaders."""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from borgerservice import paths

sys.path.insert(0, str(Path(__file__).parent / "offline"))
import offline_guard  # noqa: E402

ROOT = paths.ROOT


def make_project_copy(dest: Path) -> Path:
    from borgerservice.bench import copy_project

    copy_project(dest)
    for rel in ("data/processed", "figures"):
        (dest / rel).mkdir(parents=True, exist_ok=True)
    return dest


def project_env(root: Path) -> dict:
    env = dict(os.environ)
    env["BORGERSERVICE_ROOT"] = str(root)
    env.pop("BORGERSERVICE_OUTPUT_ROOT", None)
    env.pop("BORGERSERVICE_MANIFEST", None)
    offline = str(Path(__file__).parent / "offline")
    env["PYTHONPATH"] = offline + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_module(root: Path, module: str, *args: str, timeout: int = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=root, env={**project_env(root), **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def tree_digest(root: Path, rels=("data/processed", "figures", "report"), skip=("provenance.js", ".gitkeep")) -> dict[str, str]:
    out = {}
    for rel in rels:
        base = root / rel
        if not base.exists():
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.name not in skip:
                out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture
def raw_copy(tmp_path, monkeypatch):
    """A private copy of data/raw that the loaders read instead of the real one."""
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    monkeypatch.setattr(paths, "RAW", raw)
    monkeypatch.setattr(paths, "DATAPACKAGE", raw / "datapackage.json")
    return raw


#: what a build owns: copied from the project into the shared test build when `make report` ran first
BUILT = ("data/processed", "figures", "report", "build/stamps")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """One built copy of the project, shared by the build tests that only read it.

    When the project itself has been built (`make report` before `make test`), its outputs and stamps
    are copied in first; the copy's runner then re-runs only what does not match the sources, so the
    tests never read outputs that are stale, and a fresh clone still gets one full build.
    """
    root = make_project_copy(tmp_path_factory.mktemp("built"))
    for rel in BUILT:
        if (ROOT / rel).is_dir():
            shutil.copytree(ROOT / rel, root / rel, dirs_exist_ok=True)
    result = run_module(root, "borgerservice.build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result


def built_copy(tmp_path: Path, built_project) -> Path:
    """A private copy of the shared build, for a test that changes it."""
    src, _ = built_project
    dest = tmp_path / "copy"
    shutil.copytree(src, dest, symlinks=True)
    return dest


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    """Builds and tests never touch the network: any connection off this machine fails."""
    monkeypatch.setattr(socket.socket, "connect", offline_guard.guarded_connect)

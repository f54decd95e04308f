"""Shared fixtures: an isolated copy of the project for builds, and of data/raw for loaders."""
from __future__ import annotations

import hashlib
import socket
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from borgerservice import paths

ROOT = paths.ROOT
COPIED = ["data/raw", "notebooks", "requirements.lock", "pyproject.toml", "scenarios.toml"]


def make_project_copy(dest: Path) -> Path:
    for rel in COPIED:
        src = ROOT / rel
        if src.is_dir():
            shutil.copytree(src, dest / rel)
        else:
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest / rel)
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


def run_module(root: Path, module: str, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=root, env=project_env(root),
                          capture_output=True, text=True, timeout=timeout)


def tree_digest(root: Path, rels=("data/processed", "figures", "report"), skip=("provenance.js",)) -> dict[str, str]:
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


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """One full build of a fresh copy of the project, shared by the build tests that only read it."""
    root = make_project_copy(tmp_path_factory.mktemp("built"))
    result = run_module(root, "borgerservice.build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    """Builds and tests never touch the network: any connection off this machine fails."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")):
            raise OSError(f"network is off in tests: refused connection to {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)

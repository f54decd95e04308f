"""Put the uv that requirements/uv.lock pins into .venv/bin, straight from the package index, in about a second.

    python3 tools/bootstrap_uv.py requirements/uv.lock .venv/bin

pip does the same in three to four seconds, most of it pip's own start and the reading of the index page of uv's
thousands of files; this asks the index for uv's file list in JSON (PEP 691), takes the one wheel built for this
machine whose sha256 the lock lists, and unpacks its two programs. Only the standard library, so it runs on the
system's Python before any environment exists. It exits 3, saying why, where it cannot (not Linux on x86_64 or
aarch64 with glibc, no answer in JSON, no wheel with a listed hash) or should not (pip is set to use another index,
by PIP_INDEX_URL or a pip.conf: a mirror is pip's business); tools/install.sh then lets pip do it.
"""
from __future__ import annotations

import configparser
import hashlib
import io
import json
import os
import platform
import re
import sys
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import urljoin

INDEX = "https://pypi.org/simple"
#: PEP 600 and the older manylinux names: the oldest glibc a wheel runs on
LEGACY_MANYLINUX = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}


class CannotBootstrap(Exception):
    """This machine or index is not one this shortcut serves: pip does it instead."""


def pinned(lock_text: str) -> tuple[str, set[str]]:
    """The version of uv and every sha256 the lock accepts for it."""
    version = re.search(r"^uv==([^\s\\]+)", lock_text, re.M)
    if not version:
        raise CannotBootstrap("the lock pins no uv==VERSION")
    hashes = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", lock_text))
    if not hashes:
        raise CannotBootstrap("the lock lists no sha256 for uv")
    return version.group(1), hashes


def oldest_glibc(filename: str) -> tuple[int, int] | None:
    """The oldest glibc any of a wheel's manylinux tags runs on; None for a wheel that is not manylinux."""
    versions = [(int(a), int(b)) for a, b in re.findall(r"manylinux_(\d+)_(\d+)_", filename)]
    versions += [v for name, v in LEGACY_MANYLINUX.items() if f"{name}_" in filename]
    return min(versions) if versions else None


def choose(files: list[dict], version: str, hashes: set[str], machine: str, glibc: tuple[int, int]) -> dict:
    """The wheel of `version` for this machine and glibc whose sha256 the lock lists."""
    prefix = f"uv-{version}-py3-none-"
    for f in files:
        name = f.get("filename", "")
        if not (name.startswith(prefix) and name.endswith(f"_{machine}.whl")) or "musllinux" in name:
            continue
        oldest = oldest_glibc(name)
        if oldest is not None and oldest <= glibc and f.get("hashes", {}).get("sha256") in hashes:
            return f
    raise CannotBootstrap(f"no uv {version} wheel for {machine} with glibc {glibc[0]}.{glibc[1]} and a hash the lock lists")


def unpack(wheel: bytes, hashes: set[str], bindir: Path, version: str) -> list[Path]:
    """Check the wheel against the lock, then write its programs (uv, uvx) into bindir, each whole or not at all."""
    digest = hashlib.sha256(wheel).hexdigest()
    if digest not in hashes:
        raise SystemExit(f"uv's wheel has sha256 {digest}, which requirements/uv.lock does not list: not installed")
    written = []
    with zipfile.ZipFile(io.BytesIO(wheel)) as z:
        scripts = [n for n in z.namelist() if n.startswith(f"uv-{version}.data/scripts/")]
        if not any(n.endswith("/uv") for n in scripts):
            raise CannotBootstrap("the wheel holds no uv program")
        bindir.mkdir(parents=True, exist_ok=True)
        for name in scripts:
            target = bindir / name.rsplit("/", 1)[1]
            tmp = target.with_name(target.name + ".part")
            tmp.write_bytes(z.read(name))
            tmp.chmod(0o755)
            tmp.replace(target)
            written.append(target)
    return written


def pip_config_files() -> list[Path]:
    """Where pip reads its configuration on Linux: global, user, the environment's own, and PIP_CONFIG_FILE's."""
    xdg_dirs = os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg"
    xdg_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    files = [Path(d) / "pip" / "pip.conf" for d in xdg_dirs.split(os.pathsep)]
    files += [Path("/etc/pip.conf"), Path.home() / ".pip" / "pip.conf", xdg_home / "pip" / "pip.conf",
              Path(sys.prefix) / "pip.conf"]
    if os.environ.get("PIP_CONFIG_FILE"):
        files.append(Path(os.environ["PIP_CONFIG_FILE"]))
    return files


def another_index(env: dict, config_files: list[Path]) -> str | None:
    """Where pip is set to use an index other than PyPI, that setting; None when it uses PyPI."""
    if env.get("PIP_INDEX_URL"):
        return "PIP_INDEX_URL"
    for path in config_files:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except (OSError, configparser.Error, UnicodeDecodeError):
            continue
        if any(parser.has_option(section, "index-url") for section in ("global", "install")):
            return f"index-url in {path}"
    return None


def this_machine() -> tuple[str, tuple[int, int]]:
    machine = platform.machine()
    libc, libc_version = platform.libc_ver()
    if sys.platform != "linux" or machine not in ("x86_64", "aarch64") or libc != "glibc":
        raise CannotBootstrap(f"{sys.platform} on {machine} with {libc or 'an unknown libc'}")
    major, minor = (int(x) for x in libc_version.split(".")[:2])
    return machine, (major, minor)


def fetch(url: str, accept: str | None = None) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=15) as response:  # a closed network: pip tries next, not in a minute
        return response.read(), response.geturl()


def main(argv: list[str]) -> int:
    lock, bindir = Path(argv[0]), Path(argv[1])
    try:
        version, hashes = pinned(lock.read_text(encoding="utf-8"))
        machine, glibc = this_machine()
        setting = another_index(dict(os.environ), pip_config_files())
        if setting:
            raise CannotBootstrap(f"pip is set to use another index ({setting})")
        try:
            body, page = fetch(f"{INDEX}/uv/", accept="application/vnd.pypi.simple.v1+json")
            files = json.loads(body)["files"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CannotBootstrap(f"{INDEX} gave no JSON list of uv's files ({exc})") from None
        chosen = choose(files, version, hashes, machine, glibc)
        try:
            wheel, _ = fetch(urljoin(page, chosen["url"]))
        except OSError as exc:
            raise CannotBootstrap(f"could not download {chosen['filename']} ({exc})") from None
        unpack(wheel, hashes, bindir, version)
    except CannotBootstrap as why:
        print(f"uv from the index directly: {why}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

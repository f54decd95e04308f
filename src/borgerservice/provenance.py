"""report/provenance.js: what made this build (the commit and whether the tree was dirty, the package that ran, the
lock, every raw file's hash, the parameters and each notebook's time). The one file that differs between two builds
of the same sources; the pages are byte-stable."""
from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import sys
from pathlib import Path

from . import paths
from .exhibits import NOTEBOOKS
from .plan import package_digest


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def raw_hashes() -> dict[str, str]:
    """Every raw file a build may read, a supplied figure's file included, by its sha256."""
    from . import rawdata

    out = {}
    for name in rawdata.resource_names(include_unpublished=True):
        f = paths.RAW / rawdata.resource(name)["path"]
        if f.is_file():
            out[rawdata.resource(name)["path"]] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def write_provenance(root: Path, params: dict, timings: dict[str, float], digests: dict[str, str],
                     raw: dict[str, str] | None = None) -> None:
    import datetime


    seconds = {}
    for nb in NOTEBOOKS:
        if nb.stem in timings:
            seconds[nb.stem] = timings[nb.stem]
        else:
            stamp = paths.BUILD / "stamps" / f"{nb.stem}.json"
            if stamp.is_file():
                seconds[nb.stem] = json.loads(stamp.read_text()).get("seconds")
    raw = raw if raw is not None else raw_hashes()
    # tracked files changed, or a file in data/raw that git does not track (a supplied figure's data): not the commit
    status = _git("status", "--porcelain", "--untracked-files=no") or _git("status", "--porcelain", "--", "data/raw")
    prov = {
        "git_commit": _git("rev-parse", "HEAD") or "unknown",
        "git_dirty": bool(status),
        "lock_sha256": hashlib.sha256(paths.LOCK.read_bytes()).hexdigest() if paths.LOCK.is_file() else None,
        "parameters": params,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "built_at_utc": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "notebook_seconds": seconds,
        "notebook_digests": digests,
        # the code that ran: another checkout's package (its own venv) shows here, whatever the commit says
        "package": {"path": str(paths.PACKAGE_SRC), "sha256": package_digest()},
        "raw_files": raw,
    }
    text = json.dumps(prov, indent=1, sort_keys=True)
    (root / "report" / "provenance.js").write_text(f"window.PROVENANCE = {text};\n", encoding="utf-8")

"""Publishing a build in one atomic step.

Every build writes a complete new generation of the outputs, build/generations/<id>/{data/processed,
figures,report}. The project's data/processed, figures and report are symbolic links into build/current,
itself a link to one generation; publishing is one rename of that link, so at every instant a reader (a
browser, a script, the next build) sees one complete build, the old or the new. A build that fails or is
killed leaves its generation behind at most; the next run removes it.

    data/processed -> ../../build/current/data/processed
    figures        -> ../build/current/figures
    report         -> ../build/current/report
    build/current  -> generations/<id>
"""
from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

from . import paths

OUTPUT_DIRS = ("data/processed", "figures", "report")


def _generations() -> Path:
    return paths.BUILD / "generations"


def _current() -> Path:
    return paths.BUILD / "current"


def current_generation() -> Path | None:
    link = _current()
    if link.is_symlink() and link.resolve().is_dir():
        return link.resolve()
    return None


def _link(path: Path, target: str) -> None:
    """Point `path` at `target` in one rename (a new link beside it, then os.replace)."""
    tmp = path.with_name(f".{path.name}.new{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _new_id() -> str:
    return f"{time.time_ns()}-{os.getpid()}"


def ensure_layout() -> Path:
    """The links in place and a current generation to build on; recovers what a killed run left.

    Real output folders (a project from before generations, or a copy made by hand) move into the first
    generation, so nothing built is lost.
    """
    if paths.BUILD.exists() and not paths.BUILD.is_dir():
        raise OSError(f"{paths.BUILD} is a file, where the build keeps its state; move it away (or run make clean)")
    gens = _generations()
    gens.mkdir(parents=True, exist_ok=True)
    link = _current()
    if link.is_dir() and not link.is_symlink():
        # a copy that followed the links (cp -rL, scp -r): the folder it made is a generation of its own
        os.replace(link, gens / _new_id())
        latest = max(gens.iterdir(), key=lambda g: g.stat().st_mtime_ns)
        _link(link, os.path.relpath(latest, paths.BUILD))
    current = current_generation()
    if current is None:
        current = gens / _new_id()
        current.mkdir()
        for rel in OUTPUT_DIRS:
            live = paths.ROOT / rel
            (current / rel).parent.mkdir(parents=True, exist_ok=True)
            if live.is_dir() and not live.is_symlink():
                os.replace(live, current / rel)
            else:
                (current / rel).mkdir(parents=True, exist_ok=True)
        _link(_current(), os.path.relpath(current, paths.BUILD))
    for rel in OUTPUT_DIRS:
        live = paths.ROOT / rel
        target = os.path.relpath(_current() / rel, live.parent)
        if live.is_symlink() and os.readlink(live) == target:
            continue
        if live.is_dir() and not live.is_symlink():
            # a real folder made since (by hand, or an old tool): keep what it holds in the current generation
            for item in live.iterdir():
                dest = current / rel / item.name
                if dest.is_dir() and not dest.is_symlink():
                    shutil.rmtree(dest)
                os.replace(item, dest)
            live.rmdir()
        live.parent.mkdir(parents=True, exist_ok=True)
        _link(live, target)
    # a run killed between its start and its publish leaves a generation nobody points at
    for gen in gens.iterdir():
        if gen.resolve() != current.resolve():
            shutil.rmtree(gen, ignore_errors=True)
    for stray in paths.BUILD.glob(".current.new*"):
        stray.unlink(missing_ok=True)
    for legacy in ("staging", "previous"):  # the three-rename swap of earlier versions
        shutil.rmtree(paths.BUILD / legacy, ignore_errors=True)
    return current


def generations() -> list[Path]:
    """Every generation on disk (one after a clean run: the current one)."""
    return sorted(_generations().iterdir()) if _generations().is_dir() else []


def new_generation(drop: list[str]) -> Path:
    """A private copy of the current outputs to build into, less the outputs of the notebooks that re-run."""
    current = ensure_layout()
    gen = _generations() / _new_id()
    try:
        shutil.copytree(current, gen, symlinks=True)
    except (OSError, shutil.Error) as exc:
        shutil.rmtree(gen, ignore_errors=True)  # no half-written generation is left to fill the disk
        first = exc.args[0][0][2] if isinstance(exc, shutil.Error) and exc.args and exc.args[0] else str(exc)
        raise OSError(getattr(exc, "errno", None) or _errno_of(first), f"copying the last build failed: {first}") from None
    for item in [gen, *(p for p in gen.rglob("*") if not p.is_symlink())]:
        # read-only files and folders stay read-only in the old build; the new one is written
        item.chmod(item.stat().st_mode | stat.S_IWUSR | (stat.S_IXUSR if item.is_dir() else 0))
    for rel in drop:
        (gen / rel).unlink(missing_ok=True)
    return gen


def _errno_of(message: str) -> int:
    import errno

    return errno.ENOSPC if "No space left" in message else errno.EIO


def publish(gen: Path) -> None:
    """Make `gen` the current generation in one step, then remove the one it replaced."""
    old = current_generation()
    _link(_current(), os.path.relpath(gen, paths.BUILD))
    if old is not None and old.resolve() != gen.resolve():
        shutil.rmtree(old, ignore_errors=True)  # a read-only leftover is removed by the next run


def discard(gen: Path) -> None:
    if current_generation() is None or gen.resolve() != current_generation():
        shutil.rmtree(gen, ignore_errors=True)

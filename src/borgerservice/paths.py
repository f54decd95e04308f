"""Absolute paths of the project, the same from JupyterLab, papermill or the build runner.

The build runner writes into a staging tree and swaps it in only when the whole build succeeded; it tells the
notebooks where that tree is through BORGERSERVICE_OUTPUT_ROOT. A notebook run any other way (JupyterLab, papermill
by hand) writes to a scratch folder of its own, build/scratch/<notebook>/, and never into the published build.
"""
from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("BORGERSERVICE_ROOT")
    if env:
        return Path(env).resolve()
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for candidate in (start, *start.parents):
            if (candidate / "data" / "raw" / "datapackage.json").is_file() and (candidate / "notebooks").is_dir():
                return candidate
    raise RuntimeError(
        "cannot find the project root (a folder with data/raw/datapackage.json and notebooks/); "
        "set BORGERSERVICE_ROOT"
    )


PACKAGE_SRC = Path(__file__).resolve().parent
# set by use_root(): the project, its raw data and description, notebooks, build state, lock, scenarios
ROOT: Path
RAW: Path
DATAPACKAGE: Path
NOTEBOOKS: Path
BUILD: Path
LOCK: Path
SCENARIOS: Path


def use_root(root: Path) -> None:
    """Point every project path at `root` (a private copy, for tests that build in a warm process)."""
    global ROOT, RAW, DATAPACKAGE, NOTEBOOKS, BUILD, LOCK, SCENARIOS
    ROOT = Path(root).resolve()
    RAW = ROOT / "data" / "raw"
    DATAPACKAGE = RAW / "datapackage.json"
    NOTEBOOKS = ROOT / "notebooks"
    BUILD = ROOT / "build"
    LOCK = ROOT / "requirements" / "report.lock"
    SCENARIOS = ROOT / "scenarios.toml"


use_root(_find_root())


#: the notebook running in this process (notebook.start), which names its scratch folder
RUNNING = "session"


def scratch() -> Path:
    return BUILD / "scratch" / RUNNING


def output_root() -> Path:
    """Where outputs go: the staging tree during a build, the notebook's scratch folder otherwise."""
    env = os.environ.get("BORGERSERVICE_OUTPUT_ROOT")
    return Path(env).resolve() if env else scratch()


def built_by_the_build() -> bool:
    return bool(os.environ.get("BORGERSERVICE_OUTPUT_ROOT"))


def processed() -> Path:
    return output_root() / "data" / "processed"


def tables() -> Path:
    return processed() / "tables"


def figures() -> Path:
    return output_root() / "figures"


def report() -> Path:
    return output_root() / "report"

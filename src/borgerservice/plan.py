"""What the build must run: the notebooks' parameters, what each depends on, and which are out of date.

A notebook re-runs only when something it depends on changed: its source, the raw files it reads and their whole
description (exhibits.py, or an added notebook's metadata), the package source, the lock, or the parameters -- or
when one of its outputs is missing or altered. The report pages are checked the same way, with their language.
"""
from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

from . import paths
from .exhibits import Notebook, report_notebooks

KERNEL_NAME = "borgerservice"


DEFAULT_PARAMETERS = {"lang": "en"}


VALID_VALUES = {"lang": ("en", "da")}


STATE_VERSION = "1"


class BuildError(RuntimeError):
    """A build that cannot go on; the message says what and where."""


# --- parameters --------------------------------------------------------------------------
def notebook_parameters(path: Path) -> dict[str, str]:
    """Names and default expressions in the cell tagged `parameters` (what papermill sees)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BuildError(f"{path.name}: cannot be read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BuildError(f"{path.name}: not a notebook (not valid JSON: {exc}); restore it with "
                         f"`git checkout -- notebooks/{path.name}`") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or \
            not all(isinstance(c, dict) for c in nb["cells"]):
        raise BuildError(f"{path.name}: not a notebook (no list of cells); restore it with "
                         f"`git checkout -- notebooks/{path.name}`")
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise BuildError(f"{path.name}: needs exactly one cell tagged 'parameters', found {len(cells)}")
    source = "".join(cells[0]["source"]) if isinstance(cells[0]["source"], list) else cells[0]["source"]
    return assignments(source)


def assignments(source: str) -> dict[str, str]:
    """The names a cell assigns, with their default expressions (a parameters cell, or papermill's injected one)."""
    out = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    out[t.id] = ast.unparse(node.value) if node.value is not None else ""
    return out


def check_parameters(supplied: dict, path: Path) -> None:
    """Fail on a parameter the notebook does not declare (papermill would only warn)."""
    declared = notebook_parameters(path)
    unknown = sorted(set(supplied) - set(declared))
    if unknown:
        raise BuildError(f"{path.name}: unknown parameter(s) {', '.join(unknown)}; "
                         f"this notebook takes: {', '.join(sorted(declared)) or 'none'}")
    for key, value in supplied.items():
        if key in VALID_VALUES and value not in VALID_VALUES[key]:
            raise BuildError(f"parameter {key}={value!r} is not valid (valid: {', '.join(VALID_VALUES[key])})")


def parse_assignments(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        if "=" not in item:
            raise BuildError(f"parameter {item!r} must look like name=value")
        key, value = item.split("=", 1)
        out[key.strip()] = value.strip()
    return out


# --- what a notebook depends on ----------------------------------------------------------
def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_digest() -> str:
    """The package's code and its page templates: a change to either re-runs what they write."""
    h = hashlib.sha256()
    files = [*paths.PACKAGE_SRC.rglob("*.py"), *paths.PACKAGE_SRC.rglob("*.j2"), *paths.PACKAGE_SRC.rglob("*.css"),
             *paths.PACKAGE_SRC.rglob("*.js")]
    for p in sorted(files):
        h.update(p.relative_to(paths.PACKAGE_SRC).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def catalog_digest(lang: str) -> str:
    """The catalog a build in `lang` writes its words from (English is the source: none)."""
    from .i18n import catalog_path

    path = catalog_path(lang)
    return sha(path.read_bytes()) if lang != "en" and path.is_file() else "source language"


def notebook_content(path: Path) -> bytes:
    """What of a notebook decides its outputs: each cell's type, source and tags, and its declaration. JupyterLab
    saving it unchanged (with its kernel's language_info, outputs, execution counts) does not make it stale."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [(c.get("cell_type"), "".join(c.get("source", "")), c.get("metadata", {}).get("tags", []))
             for c in nb.get("cells", [])]
    return json.dumps([cells, nb.get("metadata", {}).get("borgerservice")], sort_keys=True).encode()


def lock_digest() -> str:
    return sha(paths.LOCK.read_bytes()) if paths.LOCK.is_file() else "no-lock"


def dependency_digest(nb: Notebook, params: dict, pkg: str, lock: str) -> str:
    from . import rawdata

    h = hashlib.sha256()
    h.update(STATE_VERSION.encode())
    h.update(notebook_content(paths.NOTEBOOKS / f"{nb.stem}.ipynb"))
    for name in sorted(nb.reads):
        # the whole description counts, not only the file's hash: a changed type or constraint re-runs the readers
        h.update(name.encode() + json.dumps(rawdata.resource(name), sort_keys=True).encode())
    # a not-published figure's file, when someone supplies it, is a dependency too
    for ex in exhibits_of(nb.stem):
        if ex.optional_input:
            f = paths.RAW / rawdata.resource(ex.optional_input)["path"]
            h.update(sha(f.read_bytes()).encode() if f.is_file() else b"absent")
    h.update(pkg.encode() + lock.encode() + json.dumps(params, sort_keys=True).encode())
    h.update(catalog_digest(params.get("lang", "en")).encode())
    if nb.writes_danish:  # its Danish outputs are written in every build, whatever the build's language
        h.update(catalog_digest("da").encode())
    return h.hexdigest()


def exhibits_of(stem: str):
    from .exhibits import EXHIBITS

    return [e for e in EXHIBITS if e.notebook == stem]


def stamp_path(stem: str) -> Path:
    return paths.BUILD / "stamps" / f"{stem}.json"


def read_stamp(stem: str) -> dict | None:
    p = stamp_path(stem)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def outputs_intact(stamp: dict) -> bool:
    for rel, digest in stamp.get("outputs", {}).items():
        f = paths.ROOT / rel
        if not f.is_file() or sha(f.read_bytes()) != digest:
            return False
    return True


def plan(params: dict, force: bool = False, only: list[str] | None = None) -> tuple[list[Notebook], dict[str, str]]:
    pkg, lock = package_digest(), lock_digest()
    digests, stale = {}, []
    for nb in upstream_first(report_notebooks()):
        # a notebook that reads another's outputs depends on everything that one depends on
        upstream = "".join(digests.get(a, "") for a in nb.after)
        digests[nb.stem] = sha((dependency_digest(nb, params, pkg, lock) + upstream).encode())
        stamp = read_stamp(nb.stem)
        fresh = stamp is not None and stamp.get("digest") == digests[nb.stem] and outputs_intact(stamp)
        # an upstream notebook that re-runs on unchanged inputs writes the same bytes (the builds are
        # deterministic, a test checks it): the digest chain above is what makes a reader stale
        if force or not fresh or (only and nb.stem in only):
            stale.append(nb)
    return stale, digests


def critical_first(stale: list[Notebook]) -> list[Notebook]:
    """The order to start them in: the longest chain of waiting notebooks first, by their last run's seconds.

    The numbers check waits for six notebooks, and 10 for two of those; starting the chain that ends latest first
    keeps both cores busy (a notebook never run before counts one second): 1.5 s of a cold build (docs/benchmarks.md)
    """
    seconds = {nb.stem: float((read_stamp(nb.stem) or {}).get("seconds", 1.0)) for nb in stale}
    memo: dict[str, float] = {}

    def chain(stem: str) -> float:
        if stem not in memo:
            readers = [nb.stem for nb in stale if stem in nb.after]
            memo[stem] = seconds[stem] + max((chain(r) for r in readers), default=0.0)
        return memo[stem]

    # on a tie, a notebook that waited for others first: it holds up the numbers check longer
    return sorted(stale, key=lambda nb: (-chain(nb.stem), -len(nb.after)))


def upstream_first(notebooks) -> list[Notebook]:
    """The notebooks in their numbered order, except that one runs after every notebook it reads from."""
    known = {nb.stem: nb for nb in notebooks}
    out, placed = [], set()

    def place(nb, seen=()):
        if nb.stem in placed:
            return
        if nb.stem in seen:
            raise BuildError(f"notebooks read each other's outputs in a circle: {' -> '.join((*seen, nb.stem))}")
        for a in nb.after:
            if a in known:
                place(known[a], (*seen, nb.stem))
        placed.add(nb.stem)
        out.append(nb)

    for nb in notebooks:
        place(nb)
    return out


# --- the report's own state: its pages, its language -------------------------------------
REPORT_STATE = "_report.json"


REPORT_PAGES = ("report/index.html", "report/checks.html", "report/scenarios.html", "report/provenance.js",
                "report/report.css", "report/provenance-view.js")


def report_state() -> dict:
    try:
        return json.loads((paths.BUILD / "stamps" / REPORT_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def record_report_state(digest: str, lang: str) -> None:
    """The digest the pages were made for, their language and their bytes (a deleted page is stale)."""
    pages = {rel: sha((paths.ROOT / rel).read_bytes()) for rel in REPORT_PAGES if (paths.ROOT / rel).is_file()}
    path = paths.BUILD / "stamps" / REPORT_STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"digest": digest, "lang": lang, "pages": pages}, indent=1, sort_keys=True))


def unknown_report_files() -> list[str]:
    """Files in report/ that no build makes (a page dropped in by hand, a deleted notebook's pages)."""
    report = paths.ROOT / "report"
    if not report.is_dir():
        return []
    known = {rel.removeprefix("report/") for rel in REPORT_PAGES}
    known |= {f"notebooks/{nb.stem}.{ext}" for nb in report_notebooks() for ext in ("ipynb", "html")}
    return sorted(p.relative_to(report).as_posix() for p in report.rglob("*")
                  if p.is_file() and p.relative_to(report).as_posix() not in known
                  and not p.relative_to(report).as_posix().startswith("scenarios/"))


def report_is_current(digest: str) -> bool:
    state = report_state()
    if state.get("digest") != digest or unknown_report_files():
        return False
    for rel in REPORT_PAGES:
        f = paths.ROOT / rel
        if not f.is_file() or sha(f.read_bytes()) != state.get("pages", {}).get(rel):
            return False
    return True

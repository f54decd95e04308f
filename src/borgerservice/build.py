"""The report build: validate, plan, run stale notebooks in parallel, export, stage, swap.

    python -m borgerservice.build [--lang da] [--jobs N] [--force] [--only STEM ...]

* Nothing is written before every raw file has passed its check and every parameter is known.
* A notebook re-runs only when something it depends on changed: its source, the raw files it
  reads (exhibits.py), the package source, the lock, or the parameters.
* Notebooks run with papermill on the project's kernel, several at once; the runner imports
  papermill and nbconvert once and forks its workers from there.
* Outputs go to a new generation (publish.py) that replaces data/processed/, figures/ and report/ in one
  atomic step only when the whole build succeeded; a failed or interrupted build leaves the last good
  outputs alone.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

from . import paths
from .exhibits import NOTEBOOKS, Notebook, NotebookDeclarationError, added_notebooks, report_notebooks
from .publish import OUTPUT_DIRS

KERNEL_NAME = "borgerservice"
# the in-process kernel imports debugpy, which otherwise warns about frozen modules on every start
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
DEFAULT_PARAMETERS = {"lang": "en"}
VALID_VALUES = {"lang": ("en", "da")}
STATE_VERSION = "1"
#: the HTML exporter made before the workers fork (None until then)
_EXPORTER = None


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
def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_digest() -> str:
    h = hashlib.sha256()
    for p in sorted(paths.PACKAGE_SRC.rglob("*.py")):
        h.update(p.relative_to(paths.PACKAGE_SRC).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def lock_digest() -> str:
    return _sha(paths.LOCK.read_bytes()) if paths.LOCK.is_file() else "no-lock"


def dependency_digest(nb: Notebook, params: dict, pkg: str, lock: str) -> str:
    from . import rawdata

    h = hashlib.sha256()
    h.update(STATE_VERSION.encode())
    h.update((paths.NOTEBOOKS / f"{nb.stem}.ipynb").read_bytes())
    for name in sorted(nb.reads):
        # the whole description counts, not only the file's hash: a changed type or constraint re-runs the readers
        h.update(name.encode() + json.dumps(rawdata.resource(name), sort_keys=True).encode())
    # a not-published figure's file, when someone supplies it, is a dependency too
    for ex in _exhibits_of(nb.stem):
        if ex.optional_input:
            f = paths.RAW / rawdata.resource(ex.optional_input)["path"]
            h.update(_sha(f.read_bytes()).encode() if f.is_file() else b"absent")
    h.update(pkg.encode() + lock.encode() + json.dumps(params, sort_keys=True).encode())
    return h.hexdigest()


def _exhibits_of(stem: str):
    from .exhibits import EXHIBITS

    return [e for e in EXHIBITS if e.notebook == stem]


def _stamp_path(stem: str) -> Path:
    return paths.BUILD / "stamps" / f"{stem}.json"


def _read_stamp(stem: str) -> dict | None:
    p = _stamp_path(stem)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _outputs_intact(stamp: dict) -> bool:
    for rel, digest in stamp.get("outputs", {}).items():
        f = paths.ROOT / rel
        if not f.is_file() or _sha(f.read_bytes()) != digest:
            return False
    return True


def plan(params: dict, force: bool = False, only: list[str] | None = None) -> tuple[list[Notebook], dict[str, str]]:
    pkg, lock = package_digest(), lock_digest()
    digests, stale = {}, []
    for nb in report_notebooks():
        digests[nb.stem] = dependency_digest(nb, params, pkg, lock)
        stamp = _read_stamp(nb.stem)
        fresh = stamp is not None and stamp.get("digest") == digests[nb.stem] and _outputs_intact(stamp)
        if force or not fresh or (only and nb.stem in only):
            stale.append(nb)
    return stale, digests


# --- running one notebook (in a worker process) ------------------------------------------
def _normalise(nb) -> None:
    """Drop what papermill and nbclient stamp with times, so two builds export the same HTML."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.get("cell_type") == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)


TEMPLATES = Path(__file__).resolve().parent / "templates"
BACK_TEXT = {"en": "Back to the report", "da": "Tilbage til rapporten"}


def html_exporter():
    """nbconvert's exporter with the project's template (templates/offline: lab, nothing fetched from a network)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input_prompt = False
    return exporter


def back_link(stem: str, subdir: str) -> str:
    """Where an executed notebook's page links back to: its first exhibit in the report, or its own page."""
    from .exhibits import EXHIBITS

    if subdir == "scenarios":
        return "../scenarios.html"
    if stem == "08_numbers_check":
        return "../checks.html"
    if stem not in {nb.stem for nb in NOTEBOOKS}:
        return f"../index.html#{stem}"  # an added notebook: its entry under "Further analyses"
    key = next((ex.key for ex in EXHIBITS if ex.notebook == stem), "sources")
    return f"../index.html#{key}"


def export_html(executed: Path, html: Path, back: str | None = None, lang: str = "en") -> None:
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    _normalise(nb)
    nbformat.write(nb, executed)
    exporter = _EXPORTER or html_exporter()
    exporter.language_code = lang  # <html lang="..."> of the page
    resources = {"metadata": {"name": executed.stem}, "back_link": back, "back_text": BACK_TEXT.get(lang, BACK_TEXT["en"])}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(body, encoding="utf-8")


def _execute(src: Path, executed: Path, params: dict, engine: str, kernel: str) -> dict | None:
    """papermill runs the notebook, on the project's engine (in this forked process) or on a fresh kernel."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from . import engine as project_engine

    project_engine.register()
    try:
        pm.execute_notebook(str(src), str(executed), parameters=params, kernel_name=kernel,
                            engine_name=project_engine.NAME if engine == "inprocess" else None,
                            cwd=str(paths.NOTEBOOKS), progress_bar=False, log_output=False,
                            execution_timeout=cell_timeout())
    except PapermillExecutionError as exc:
        first = next((ln for ln in str(exc.source).splitlines() if ln.strip()), "")
        return {"cell": exc.cell_index, "exec_count": exc.exec_count,
                "error": f"{exc.ename}: {str(exc.evalue).strip()}\n       the cell begins: {first[:100]}"}
    except project_engine.UnknownParameter as exc:
        return {"cell": None, "error": str(exc)}
    return None


ENGINES = ("inprocess", "papermill")
#: the per-cell limit in seconds: generous, since the slowest cell of the collection takes a few seconds
DEFAULT_CELL_TIMEOUT = 600


def cell_timeout() -> int:
    value = os.environ.get("BORGERSERVICE_CELL_TIMEOUT", str(DEFAULT_CELL_TIMEOUT))
    if not value.isdigit() or int(value) < 1:
        raise BuildError(f"BORGERSERVICE_CELL_TIMEOUT must be a whole number of seconds >= 1, not {value!r}")
    return int(value)


def run_notebook(stem: str, params: dict, staging: str, kernel: str, engine: str = "inprocess",
                 name: str | None = None, subdir: str = "notebooks") -> dict:
    """Execute one notebook into the staging tree and export it; never raises (the parent reports).

    `name` and `subdir` place the executed copy (report/<subdir>/<name>.ipynb|html): the
    scenarios run one notebook many times under different names.
    """
    start = time.perf_counter()
    name = name or stem
    src = paths.NOTEBOOKS / f"{stem}.ipynb"
    executed = Path(staging) / "report" / subdir / f"{name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    manifest = paths.BUILD / "manifests" / f"{name}.tsv"
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text("", encoding="utf-8")
    os.environ["BORGERSERVICE_OUTPUT_ROOT"] = staging
    os.environ["BORGERSERVICE_MANIFEST"] = str(manifest)
    os.environ["BORGERSERVICE_ROOT"] = str(paths.ROOT)
    print(f"[ start] {name}", flush=True)
    result = {"stem": stem, "name": name, "status": "ok"}
    try:
        failure = _execute(src, executed, params, engine, kernel)
    except Exception as exc:  # noqa: BLE001 - a failure of the engine itself
        failure = {"cell": None, "error": f"{type(exc).__name__}: {exc}"}
    if failure:
        failed = paths.BUILD / "failed" / f"{name}.ipynb"
        failed.parent.mkdir(parents=True, exist_ok=True)
        if executed.is_file():
            shutil.copyfile(executed, failed)
        result.update(status="failed", kept=str(failed.relative_to(paths.ROOT)), **failure)
    else:
        export_html(executed, executed.with_suffix(".html"), back_link(stem, subdir), params.get("lang", "en"))
    result["seconds"] = round(time.perf_counter() - start, 2)
    lines = manifest.read_text(encoding="utf-8").splitlines()
    result["reads"] = sorted({ln.split("\t", 1)[1] for ln in lines if ln.startswith("read\t")})
    result["wrote"] = sorted({ln.split("\t", 1)[1] for ln in lines if ln.startswith("wrote\t")})
    return result


def _warm_imports() -> None:
    """Import once, before forking, what every notebook and export needs."""
    import IPython  # noqa: F401
    import ipykernel.inprocess.manager  # noqa: F401
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import matplotlib_inline.backend_inline  # noqa: F401
    import nbconvert  # noqa: F401
    import pandas  # noqa: F401
    import papermill  # noqa: F401
    import papermill.engines  # noqa: F401
    import seaborn  # noqa: F401
    # what the in-process kernel loads when it starts (its debugger, history and comms), paid once here
    import comm  # noqa: F401
    import debugpy  # noqa: F401
    import ipykernel.inprocess.ipkernel  # noqa: F401
    import psutil  # noqa: F401
    import sqlite3  # noqa: F401

    from . import analysis, claims, engine, export, layout, plotting  # noqa: F401

    global _EXPORTER
    _EXPORTER = html_exporter()  # templates loaded and compiled once, shared by the workers


def _describe(task: tuple) -> dict:
    """What is known of a task before it runs (for a worker that dies without a word)."""
    stem, name = task[0], (task[5] if len(task) > 5 and task[5] else task[0])
    return {"stem": stem, "name": name, "kept": "(nothing: the worker died)"}


def run_parallel(tasks: list[tuple], jobs: int, out=sys.stdout) -> list[dict] | None:
    """run_notebook over `tasks`, each in a fresh process forked from this warm one; None if interrupted."""
    from . import workers

    return workers.run_parallel(run_notebook, tasks, jobs, _describe, out)


def report_failures(failed: list[dict], out=sys.stdout) -> None:
    for r in failed:
        where = f" at cell {r['cell']}" if r.get("cell") is not None else ""
        print(f"FAILED {r['name']}.ipynb{where}: {r['error']}\n       executed copy kept at {r['kept']}", file=out)


# --- the whole build ---------------------------------------------------------------------
def _prepare_staging(stale: list[Notebook]) -> Path:
    """A new generation of the outputs (publish.py), less what the re-run notebooks wrote last time."""
    from . import publish

    drop = [rel for nb in stale for rel in (_read_stamp(nb.stem) or {}).get("outputs", {})]
    return publish.new_generation(drop)


def _swap(staging: Path) -> None:
    """Publish the new generation: one rename, the old or the new build at every instant."""
    from . import publish

    publish.publish(staging)


def _discard(staging: Path) -> None:
    from . import publish

    publish.discard(staging)


def _check_kernel(kernel: str) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        raise BuildError(f"Jupyter kernel '{kernel}' is not installed; run `make setup`") from None


def build(params: dict | None = None, jobs: int | None = None, force: bool = False,
          only: list[str] | None = None, kernel: str = KERNEL_NAME, engine: str = "inprocess", out=sys.stdout) -> int:
    """The whole build, holding the project's lock (a second build or scenario run refuses)."""
    from . import workers

    try:
        lock = workers.ProjectLock(f"a build (lang={(params or {}).get('lang', 'en')})")
        with lock:
            workers.CURRENT = lock
            try:
                return _build(params, jobs, force, only, kernel, engine, out)
            finally:
                workers.CURRENT = None
    except workers.LockHeld as exc:
        print(f"build refused: {exc}", file=out, flush=True)
        return 3


def _build(params: dict | None, jobs: int | None, force: bool, only: list[str] | None, kernel: str, engine: str,
           out) -> int:
    t0 = time.perf_counter()
    params = {**DEFAULT_PARAMETERS, **(params or {})}
    from . import rawdata

    # 1. everything that can be wrong is checked before anything is written
    try:
        rawdata.validate_all()
        for nb in NOTEBOOKS:
            check_parameters(params, paths.NOTEBOOKS / f"{nb.stem}.ipynb")
        added = added_notebooks()
        for nb in added:
            check_parameters(params, paths.NOTEBOOKS / f"{nb.stem}.ipynb")
            unknown_inputs = sorted(set(nb.reads) - set(rawdata.resource_names()))
            if unknown_inputs:
                raise BuildError(f"{nb.stem}.ipynb declares inputs that datapackage.json does not describe: "
                                 f"{', '.join(unknown_inputs)}")
        if only:
            unknown = sorted(set(only) - {nb.stem for nb in NOTEBOOKS + added})
            if unknown:
                raise BuildError(f"unknown notebook(s) {', '.join(unknown)}")
    except (rawdata.RawDataError, BuildError, NotebookDeclarationError) as exc:
        print(f"build stopped before writing anything: {exc}", file=out)
        return 2
    from . import publish

    publish.ensure_layout()  # the output links in place; what a killed run left behind is removed
    stale, digests = plan(params, force, only)
    report_digest = _sha(json.dumps([digests, package_digest()], sort_keys=True).encode())
    if not stale and report_is_current(report_digest):
        print(f"up to date: {len(digests)} notebooks, nothing to do ({time.perf_counter() - t0:.2f} s)", file=out)
        _scenario_notice(params, out)
        return 0
    if engine == "papermill":
        _check_kernel(kernel)

    # 2. run the stale notebooks into staging, several at once, each in a fresh forked process
    if stale:
        _warm_imports()
    staging = _prepare_staging(stale)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(stale) or 1))
    print(f"building {len(stale)} of {len(digests)} notebooks with {jobs} worker(s), engine={engine}, "
          f"lang={params['lang']}", file=out, flush=True)
    tasks = [(nb.stem, params, str(staging), kernel, engine) for nb in stale]
    live_before = _live_outputs()
    ran = run_parallel(tasks, jobs, out)
    if ran is None:
        print("interrupted: the outputs of the last good build are untouched", file=out, flush=True)
        _discard(staging)
        return 130
    results = {r["stem"]: r for r in ran}
    failed = [r for r in results.values() if r["status"] != "ok"]
    undeclared = {r["stem"]: sorted(set(r["reads"]) - set(_nb(r["stem"]).reads)
                                    - {e.optional_input for e in _exhibits_of(r["stem"])}) for r in results.values()}
    undeclared = {k: v for k, v in undeclared.items() if v}
    live_after = _live_outputs()
    astray = sorted(rel for rel in live_after if live_before.get(rel) != live_after[rel])
    for rel in astray:
        if rel not in live_before:
            (paths.ROOT / rel).unlink(missing_ok=True)  # the swap would have dropped it silently
    if astray:
        print(f"FAILED a notebook wrote {', '.join(astray[:5])}{' ...' if len(astray) > 5 else ''} straight into the "
              "project's outputs; the build stages every output and would discard it. Write through "
              "borgerservice.export (save_figure, write_tidy, write_table), which writes where the build writes.", file=out)
    if failed or undeclared or astray:
        report_failures(failed, out)
        for stem, names in undeclared.items():
            print(f"FAILED {stem}.ipynb read raw files it does not declare (exhibits.py, or its metadata): {', '.join(names)}", file=out)
        print("build failed: the outputs of the last good build are untouched", file=out)
        _discard(staging)
        return 1

    # 3. the report, then the swap, then the stamps
    timings = {stem: res["seconds"] for stem, res in results.items()}
    try:
        from . import report

        report.write_report(staging, params)
        report.write_provenance(staging, params, timings, digests)
    except Exception as exc:  # noqa: BLE001 - the report must not half-replace the last good one
        print(f"build failed while writing the report: {type(exc).__name__}: {exc}\n"
              "the outputs of the last good build are untouched", file=out)
        _discard(staging)
        return 1
    _swap(staging)
    for nb in stale:
        res = results[nb.stem]
        outputs = {rel: _sha((paths.ROOT / rel).read_bytes()) for rel in res["wrote"]}
        for ext in ("ipynb", "html"):
            rel = f"report/notebooks/{nb.stem}.{ext}"
            outputs[rel] = _sha((paths.ROOT / rel).read_bytes())
        _stamp_path(nb.stem).parent.mkdir(parents=True, exist_ok=True)
        _stamp_path(nb.stem).write_text(json.dumps({"digest": digests[nb.stem], "outputs": outputs,
                                                    "seconds": res["seconds"]}, indent=1, sort_keys=True))
    record_report_state(report_digest, params["lang"])
    total = time.perf_counter() - t0
    print(f"done: {len(stale)} notebook(s) run, {len(digests) - len(stale)} up to date, {total:.1f} s; "
          f"open report/index.html", file=out)
    _scenario_notice(params, out)
    return 0


def _live_outputs() -> dict[str, tuple[int, int]]:
    """Size and modification time of every file in the live output folders (to catch writes around the staging)."""
    out = {}
    for rel in OUTPUT_DIRS:
        base = paths.ROOT / rel
        if base.is_dir():
            for f in base.rglob("*"):
                if f.is_file():
                    st = f.stat()
                    out[f.relative_to(paths.ROOT).as_posix()] = (st.st_size, st.st_mtime_ns)
    return out


# --- the report's own state: its pages, its language -------------------------------------
REPORT_STATE = "_report.json"
REPORT_PAGES = ("report/index.html", "report/checks.html", "report/scenarios.html", "report/provenance.js")


def report_state() -> dict:
    try:
        return json.loads((paths.BUILD / "stamps" / REPORT_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def record_report_state(digest: str, lang: str) -> None:
    """The digest the pages were made for, their language and their bytes (a deleted page is stale)."""
    pages = {rel: _sha((paths.ROOT / rel).read_bytes()) for rel in REPORT_PAGES if (paths.ROOT / rel).is_file()}
    path = paths.BUILD / "stamps" / REPORT_STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"digest": digest, "lang": lang, "pages": pages}, indent=1, sort_keys=True))


def report_is_current(digest: str) -> bool:
    state = report_state()
    if state.get("digest") != digest:
        return False
    for rel in REPORT_PAGES:
        f = paths.ROOT / rel
        if not f.is_file() or _sha(f.read_bytes()) != state.get("pages", {}).get(rel):
            return False
    return True


def _scenario_notice(params: dict, out) -> None:
    """Say so when `make scenarios` outputs exist but no longer match their inputs or the report's language."""
    from . import scenario_state

    why = scenario_state.stale_reason(params["lang"])
    if why:
        print(f"note: the scenario outputs are stale ({why}); run `make scenarios` to rebuild them", file=out)


def _nb(stem: str) -> Notebook:
    from .exhibits import notebook

    return notebook(stem)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Build the report: run the notebooks that are out of date.")
    parser.add_argument("--lang", choices=VALID_VALUES["lang"], default=None, help="labels in English or Danish")
    parser.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                        help="a notebook parameter (checked against every notebook's parameters cell)")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: cores)")
    parser.add_argument("--force", action="store_true", help="run every notebook, even if up to date")
    parser.add_argument("--only", nargs="*", default=None, help="re-run these notebooks (stems) even if up to date")
    parser.add_argument("--kernel", default=KERNEL_NAME, help="Jupyter kernel for the papermill engine")
    parser.add_argument("--cell-timeout", type=int, default=None, metavar="SECONDS",
                        help=f"fail a notebook whose cell runs longer (default {DEFAULT_CELL_TIMEOUT})")
    parser.add_argument("--engine", choices=ENGINES, default="inprocess",
                        help="inprocess: IPython in forked workers that imported the stack once (default); "
                             "papermill: a fresh kernel per notebook")
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    if args.cell_timeout is not None:
        if args.cell_timeout < 1:
            parser.error(f"--cell-timeout must be at least 1 second, got {args.cell_timeout}")
        os.environ["BORGERSERVICE_CELL_TIMEOUT"] = str(args.cell_timeout)
    try:
        params = parse_assignments(args.parameter)
    except BuildError as exc:
        print(f"build stopped before writing anything: {exc}", file=sys.stderr)
        return 2
    if args.lang:
        params["lang"] = args.lang
    try:
        return build(params, jobs=args.jobs, force=args.force, only=args.only, kernel=args.kernel, engine=args.engine)
    except BuildError as exc:
        print(f"build stopped: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

"""Running one notebook in a worker: papermill on the project's engine (or a fresh kernel), then the HTML page.

The parent imports the stack once (warm_imports) and forks a worker per notebook (workers.py); each worker runs
run_notebook, which never raises: it returns what happened, for the parent to report.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

from . import paths
from .exhibits import NOTEBOOKS
from .plan import BuildError

# the in-process kernel imports debugpy, which otherwise warns about frozen modules on every start
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

#: the HTML exporter made before the workers fork (None until then)
_EXPORTER = None


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


#: the elements nbconvert makes reachable by keyboard on a page: a cell's code, and each output
_FOCUSABLE = re.compile(r'<div class="(?:[^"]* )?(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?: [^"]*)?"')
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")
NO_ALT = "No description has been provided for this image"  # nbconvert's words for an image without one


def accessible(html: str) -> str:
    """What nbconvert's HTMLExporter adds after rendering: tabindex on code and outputs, a text for an image."""
    html = _FOCUSABLE.sub(lambda m: m.group(0) + ' tabindex="0"', html)
    return _IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', html)


def html_exporter():
    """nbconvert's exporter with the project's template (templates/offline: lab, nothing fetched from a network)."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class OfflineHTMLExporter(HTMLExporter):
        """HTMLExporter renders the page, then parses all of it again with BeautifulSoup to add two attributes
        (half the time of a long page); here the page is rendered once and `accessible` adds them. Saves 1.1 s of a
        cold build (docs/benchmarks.md)."""

        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return accessible(html), resources

    exporter = OfflineHTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)])
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
    key = next((ex.key for ex in EXHIBITS if ex.notebook == stem), {"11_after_2011": "after-2011"}.get(stem, "sources"))
    return f"../index.html#{key}"


def page_cells(nb, resources: dict, lang: str):
    """What the page shows: each markdown cell in the page's language (its translation from the catalog), and the
    parameters that ran (papermill's injected cell) instead of the defaults beside them."""
    from nbconvert.preprocessors import TagRemovePreprocessor

    from .i18n import translate_notebook

    translate_notebook(nb, lang)
    remove = {"parameters"} if any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells) else set()
    return TagRemovePreprocessor(remove_cell_tags=remove, enabled=True).preprocess(nb, resources)


def export_html(executed: Path, html: Path, back: str | None = None, lang: str = "en") -> None:
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    _normalise(nb)
    nbformat.write(nb, executed)
    exporter = _EXPORTER or html_exporter()
    exporter.language_code = lang  # <html lang="..."> of the page
    from .i18n import _, language

    with language(lang):
        back_text = _("Back to the report")
    resources = {"metadata": {"name": executed.stem}, "back_link": back, "back_text": back_text}
    nb, resources = page_cells(nb, resources, lang)
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
    manifest = manifest_path(name)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text("", encoding="utf-8")
    os.environ["BORGERSERVICE_OUTPUT_ROOT"] = staging
    os.environ["BORGERSERVICE_MANIFEST"] = str(manifest)
    os.environ["BORGERSERVICE_ROOT"] = str(paths.ROOT)
    os.environ["BORGERSERVICE_HEARTBEAT"] = str(heartbeat_path(name))
    heartbeat_path(name).unlink(missing_ok=True)
    print(f"[ start] {name}", flush=True)
    result = {"stem": stem, "name": name, "status": "ok"}
    try:
        failure = _execute(src, executed, params, engine, kernel)
    except Exception as exc:  # noqa: BLE001 - a failure of the engine itself
        failure = {"cell": None, "error": f"{type(exc).__name__}: {exc}"}
    if failure:
        failed = paths.BUILD / "failed" / f"{name}.ipynb"
        try:
            failed.parent.mkdir(parents=True, exist_ok=True)
            if executed.is_file():
                shutil.copyfile(executed, failed)
            kept = str(failed.relative_to(paths.ROOT))
        except OSError as exc:  # the cell's error is what matters; not keeping its copy is said beside it
            from .workers import os_error

            kept = f"(not kept: {os_error(exc)})"
        result.update(status="failed", kept=kept, **failure)
    else:
        export_html(executed, executed.with_suffix(".html"), back_link(stem, subdir), params.get("lang", "en"))
    result["seconds"] = round(time.perf_counter() - start, 2)
    result.update(read_manifest(name))
    return result


def heartbeat_path(name: str) -> Path:
    """Where a run notes the cell it is in and since when (engine.py), for the watchdog."""
    return paths.BUILD / "manifests" / f"{name}.cell"


def watchdog(task: tuple) -> str | None:
    """Why a running notebook must be stopped from outside: a cell past the per-cell limit, with a margin, that has not
    stopped itself (the alarm in the worker fires only when Python regains control)."""
    name = task[5] if len(task) > 5 and task[5] else task[0]
    try:
        cell, since = heartbeat_path(name).read_text(encoding="utf-8").split()
    except (OSError, ValueError):
        return None
    limit = cell_timeout()
    if time.time() - float(since) > limit + 2:
        return (f"cell {cell} ran longer than {limit} s (the per-cell limit) and did not stop: it was stopped from "
                "outside (set --cell-timeout to change the limit)")
    return None


def manifest_path(name: str) -> Path:
    """Where a run notes each raw file it read and each output it wrote (rawdata.py and export.py append)."""
    return paths.BUILD / "manifests" / f"{name}.tsv"


def read_manifest(name: str) -> dict[str, list[str]]:
    """What the last run of `name` read and wrote, each once, sorted (empty before its first run)."""
    path = manifest_path(name)
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return {key: sorted({ln.split("\t", 1)[1] for ln in lines if ln.startswith(f"{kind}\t")})
            for key, kind in (("reads", "read"), ("wrote", "wrote"))}


def warm_imports() -> None:
    """Import once, before forking, what every notebook and export needs."""
    import ipykernel.inprocess.manager  # noqa: F401
    import IPython  # noqa: F401
    import matplotlib

    matplotlib.use("Agg")
    import sqlite3  # noqa: F401

    # what the in-process kernel loads when it starts (its debugger, history and comms), paid once here
    import comm  # noqa: F401
    import debugpy  # noqa: F401
    import ipykernel.debugger  # noqa: F401 - with pydevd, some 100 modules each kernel would import again
    import ipykernel.inprocess.ipkernel  # noqa: F401

    # what the notebooks' tables and figures load on first use
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import matplotlib_inline.backend_inline  # noqa: F401
    import nbconvert  # noqa: F401
    import pandas  # noqa: F401
    import pandas.io.formats.html  # noqa: F401
    import pandas.io.formats.string  # noqa: F401
    import papermill  # noqa: F401
    import papermill.engines  # noqa: F401
    import psutil  # noqa: F401
    import seaborn  # noqa: F401

    from . import claims, compare, engine, export, layout, plotting  # noqa: F401

    global _EXPORTER
    if _EXPORTER is not None:  # a process that builds more than once (the tests' warm runner) warms up once
        return
    _EXPORTER = html_exporter()  # templates loaded and compiled once, shared by the workers
    # one small page rendered here compiles what each page would otherwise compile again in its worker (the
    # highlighter's and the Markdown parser's patterns): 1.2 s of a cold build (docs/benchmarks.md)
    import nbformat

    sample = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# *a* `b` [c](d)"),
                                             nbformat.v4.new_code_cell("x = {'a': [1.5, None]}  # e")])
    sample.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    _EXPORTER.from_notebook_node(sample, resources={"metadata": {"name": "warm-up"}})


def _describe(task: tuple) -> dict:
    """What is known of a task before it runs (for a worker that dies without a word)."""
    stem, name = task[0], (task[5] if len(task) > 5 and task[5] else task[0])
    return {"stem": stem, "name": name, "kept": "(nothing: the worker died)"}


def run_parallel(tasks: list[tuple], jobs: int, out=None, after: dict[int, set[int]] | None = None) -> list[dict] | None:
    """run_notebook over `tasks`, each in a fresh process forked from this warm one; None if interrupted.

    `after`: which tasks each waits for (workers.run_parallel)."""
    from . import workers

    return workers.run_parallel(run_notebook, tasks, jobs, _describe, out, after, watchdog)


def report_failures(failed: list[dict], out=None) -> None:
    out = out if out is not None else sys.stdout
    for r in failed:
        where = f" at cell {r['cell']}" if r.get("cell") is not None else ""
        print(f"FAILED {r['name']}.ipynb{where}: {r['error']}\n       executed copy kept at {r['kept']}", file=out)

"""The project's papermill engine: every cell on an in-process IPython kernel, in the calling process.

Registered under the name `borgerservice` (pyproject.toml, entry point group `papermill.engine`), so

    papermill --engine borgerservice notebooks/05_inquiry_volumes.ipynb out.ipynb -p lang da

runs a notebook the way the build does, and the build itself calls `papermill.execute_notebook(...,
engine_name="borgerservice")` in workers forked from a process that imported the notebooks' stack once —
which is why the build is fast. papermill's default engine (a fresh kernel per notebook) gives the same
data and figures (tested).

Beyond papermill's own engine, this one
* refuses a parameter the notebook does not declare (papermill only warns and runs on with the default);
* fails a cell that runs past the per-cell limit (`execution_timeout`, from the build's --cell-timeout);
* fails a cell whose error is raised after its code ran, while its figure is drawn.
"""
from __future__ import annotations

import os
import signal
import time

from papermill.engines import Engine

from .plan import assignments

NAME = "borgerservice"
# the in-process kernel imports debugpy, which otherwise warns about frozen modules on every start
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


class CellTimeout(Exception):
    """A cell that ran past the per-cell limit."""


class UnknownParameter(ValueError):
    """A parameter the notebook's `parameters` cell does not declare."""


def check_injected_parameters(nb) -> None:
    """Every name papermill injected must be declared in the cell tagged `parameters`."""
    declared, injected = set(), set()
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "parameters" in tags:
            declared |= set(assignments(cell.source))
        if "injected-parameters" in tags:
            injected |= set(assignments(cell.source))
    unknown = sorted(injected - declared)
    if unknown:
        raise UnknownParameter(f"unknown parameter(s) {', '.join(unknown)}; this notebook takes: "
                               f"{', '.join(sorted(declared)) or 'none'}")


class InProcessEngine(Engine):
    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, execution_timeout=None, **kwargs):
        import nbformat
        from ipykernel.inprocess.manager import InProcessKernelManager

        check_injected_parameters(nb_man.nb)
        # what a kernel tells its client (the committed notebooks do not carry it): the page's code is Python
        nb_man.nb.metadata.setdefault("language_info", {"name": "python", "pygments_lexer": "ipython3"})
        # papermill writes the whole notebook before and after every cell; cells here take a second, so the one
        # write papermill makes when the notebook completes (or fails) is enough, and about 0.5 s cheaper
        save, nb_man.save = nb_man.save, lambda **kwargs: None
        km = InProcessKernelManager()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()

        def run(code: str) -> tuple[dict, list]:
            kc.execute(code)
            reply = kc.get_shell_msg(timeout=600)
            km.kernel.stdout.flush()
            km.kernel.stderr.flush()
            outputs = []
            while True:
                try:
                    msg = kc.get_iopub_msg(timeout=0.01)
                except Exception:  # noqa: BLE001 - queue empty
                    break
                if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
                    outputs.append(nbformat.v4.output_from_msg(msg))
            return reply["content"], outputs

        timeout = int(execution_timeout) if execution_timeout else 0

        def _expired(signum, frame):
            raise CellTimeout(f"the cell ran longer than {timeout} s (the per-cell limit; set "
                              "BORGERSERVICE_CELL_TIMEOUT or --cell-timeout to change it)")

        previous = signal.signal(signal.SIGALRM, _expired) if timeout else None
        try:
            run("%matplotlib inline")
            count = 0
            for index, cell in enumerate(nb_man.nb.cells):
                if cell.cell_type != "code":
                    continue
                count += 1
                nb_man.cell_start(cell, index)
                heartbeat = os.environ.get("BORGERSERVICE_HEARTBEAT")
                if heartbeat:  # the build's watchdog stops a cell that never gives Python control back (C code)
                    with open(heartbeat, "w", encoding="utf-8") as fh:
                        fh.write(f"{count} {time.time()}\n")
                signal.alarm(timeout)
                try:
                    content, outputs = run(cell.source)
                finally:
                    signal.alarm(0)
                merged = []
                for out in outputs:  # join consecutive stream chunks as a kernel client would
                    if merged and out.output_type == "stream" and merged[-1].output_type == "stream" \
                            and merged[-1].name == out.name:
                        merged[-1].text += out.text
                    else:
                        merged.append(out)
                for out in merged:
                    if out.output_type == "execute_result":
                        out.execution_count = count
                if content["status"] == "error" and not any(o.output_type == "error" for o in merged):
                    merged.append(nbformat.v4.new_output("error", ename=content.get("ename", "Error"),
                                                         evalue=str(content.get("evalue", "")),
                                                         traceback=content.get("traceback", [])))
                cell.outputs, cell.execution_count = merged, count
                # an error output is a failure, whether raised by the code or while its figure was drawn
                failed = any(o.output_type == "error" for o in merged)
                if failed and content["status"] != "error":
                    late = next(o for o in merged if o.output_type == "error")
                    late.evalue = f"{late.evalue} (after the cell ran, while its output was drawn)"
                if failed:
                    nb_man.cell_exception(cell, index)
                nb_man.cell_complete(cell, index)
                if failed:
                    break
        finally:
            if previous is not None:
                signal.signal(signal.SIGALRM, previous)
            nb_man.save = save
            kc.stop_channels()
            km.shutdown_kernel()
        return nb_man.nb


def register() -> None:
    """Make the engine known to papermill in this process (the entry point does it for the CLI)."""
    from papermill.engines import papermill_engines

    papermill_engines.register(NAME, InProcessEngine)

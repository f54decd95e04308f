"""The report build, end to end: validate, plan, run the stale notebooks in parallel, write the report, publish.

    python -m borgerservice.build [--lang da] [--jobs N] [--force] [--only STEM ...] [--dry-run]

Each role has its module: plan.py (parameters, dependencies, what is out of date), execute.py (one notebook in a
worker: papermill on the project's engine, engine.py, then its page), workers.py (the project lock and the worker
processes), publish.py (the new generation of outputs and the one-step switch), report.py (the pages).

* Nothing is written before every raw file has passed its check and every parameter is known.
* Outputs go to a new generation that replaces data/processed/, figures/ and report/ in one atomic step only when
  the whole build succeeded; a failed or interrupted build leaves the last good outputs alone.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from . import paths
from .execute import DEFAULT_CELL_TIMEOUT, ENGINES, report_failures, run_parallel, warm_imports
from .exhibits import NOTEBOOKS, Notebook, NotebookDeclarationError, added_notebooks
from .plan import (
    DEFAULT_PARAMETERS,
    KERNEL_NAME,
    VALID_VALUES,
    BuildError,
    check_parameters,
    critical_first,
    exhibits_of,
    package_digest,
    parse_assignments,
    plan,
    read_stamp,
    record_report_state,
    report_is_current,
    sha,
    stamp_path,
)
from .publish import OUTPUT_DIRS


# --- the whole build ---------------------------------------------------------------------
def prepare_staging(stale: list[Notebook]) -> Path:
    """A new generation of the outputs (publish.py), less what the re-run notebooks wrote last time."""
    from . import publish

    drop = [rel for nb in stale for rel in (read_stamp(nb.stem) or {}).get("outputs", {})]
    return publish.new_generation(drop)


def swap(staging: Path) -> None:
    """Publish the new generation: one rename, the old or the new build at every instant."""
    from . import publish

    publish.publish(staging)


def discard(staging: Path) -> None:
    from . import publish

    publish.discard(staging)


def _check_kernel(kernel: str) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        raise BuildError(f"Jupyter kernel '{kernel}' is not installed; run `make setup`") from None


def build(params: dict | None = None, jobs: int | None = None, force: bool = False,
          only: list[str] | None = None, kernel: str = KERNEL_NAME, engine: str = "inprocess", out=None,
          dry_run: bool = False) -> int:
    """The whole build, holding the project's lock (a second build or scenario run refuses).

    `out` is where it reports (the standard output of the moment it is called, by default)."""
    from . import workers

    out = out if out is not None else sys.stdout

    if dry_run:
        return _build(params, jobs, force, only, kernel, engine, out, dry_run=True)

    return workers.holding(f"a build (lang={(params or {}).get('lang', 'en')})",
                           lambda: _build(params, jobs, force, only, kernel, engine, out), "build", out=out,
                           after="; the last good build is untouched")


def _build(params: dict | None, jobs: int | None, force: bool, only: list[str] | None, kernel: str, engine: str,
           out, dry_run: bool = False) -> int:
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
    from .provenance import raw_hashes

    raw_at_start = raw_hashes()  # read once; checked again before publishing
    if not dry_run:
        publish.ensure_layout()  # the output links in place; what a killed run left behind is removed
    stale, digests = plan(params, force, only)
    report_digest = sha(json.dumps([digests, package_digest()], sort_keys=True).encode())
    if dry_run:
        pages = "" if report_is_current(report_digest) else "; the report pages would be rewritten"
        order = ", ".join(nb.stem for nb in critical_first(stale)) or "none"
        print(f"would run {len(stale)} of {len(digests)} notebooks (lang={params['lang']}), in this order: {order}{pages}",
              file=out)
        return 0
    if not stale and report_is_current(report_digest):
        print(f"up to date: {len(digests)} notebooks, nothing to do ({time.perf_counter() - t0:.2f} s)", file=out)
        _scenario_notice(params, out)
        return 0
    if engine == "papermill":
        _check_kernel(kernel)

    # 2. run the stale notebooks into staging, several at once, each in a fresh forked process
    if stale:
        warm_imports()
    staging = prepare_staging(stale)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(stale) or 1))
    print(f"building {len(stale)} of {len(digests)} notebooks with {jobs} worker(s), engine={engine}, "
          f"lang={params['lang']}", file=out, flush=True)
    stale = critical_first(stale)
    tasks = [(nb.stem, params, str(staging), kernel, engine) for nb in stale]
    index = {nb.stem: i for i, nb in enumerate(stale)}
    after = {i: {index[a] for a in nb.after if a in index} for i, nb in enumerate(stale)}
    live_before = _live_outputs()
    ran = run_parallel(tasks, jobs, out, after)
    if ran is None:
        print(f"interrupted: {_left_as_it_was()}", file=out, flush=True)
        discard(staging)
        return 130
    results = {r["stem"]: r for r in ran}
    failed = [r for r in results.values() if r["status"] != "ok"]
    undeclared = {r["stem"]: sorted(set(r["reads"]) - set(_nb(r["stem"]).reads)
                                    - {e.optional_input for e in exhibits_of(r["stem"])}) for r in results.values()}
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
        print(f"build failed: {_left_as_it_was()}", file=out)
        discard(staging)
        return 1

    # 3. nothing in the new generation but what the builds made; the report, then the swap, then the stamps
    strays = _remove_strays(staging, results)
    if strays:
        print(f"removed {len(strays)} file(s) that no build makes: {', '.join(strays[:5])}"
              f"{' ...' if len(strays) > 5 else ''}", file=out)
    timings = {stem: res["seconds"] for stem, res in results.items()}
    try:
        from . import provenance, report

        report.write_report(staging, params)
        provenance.write_provenance(staging, params, timings, digests, raw_at_start)
        if raw_hashes() != raw_at_start:
            raise BuildError("a raw file changed while the build ran (make datapackage during a build?); run "
                             "make report again")
    except Exception as exc:  # noqa: BLE001 - the report must not half-replace the last good one
        print(f"build failed while writing the report: {type(exc).__name__}: {exc}\n"
              f"{_left_as_it_was()}", file=out)
        discard(staging)
        return 1
    swap(staging)
    for nb in stale:
        res = results[nb.stem]
        outputs = {rel: sha((paths.ROOT / rel).read_bytes()) for rel in res["wrote"]}
        for ext in ("ipynb", "html"):
            rel = f"report/notebooks/{nb.stem}.{ext}"
            outputs[rel] = sha((paths.ROOT / rel).read_bytes())
        stamp_path(nb.stem).parent.mkdir(parents=True, exist_ok=True)
        stamp_path(nb.stem).write_text(json.dumps({"digest": digests[nb.stem], "outputs": outputs,
                                                    "seconds": res["seconds"]}, indent=1, sort_keys=True))
    record_report_state(report_digest, params["lang"])
    total = time.perf_counter() - t0
    print(f"done: {len(stale)} notebook(s) run, {len(digests) - len(stale)} up to date, {total:.1f} s; "
          f"open report/index.html", file=out)
    _scenario_notice(params, out)
    return 0


#: what `make scenarios` writes into the outputs (kept by a report build, which does not make them)
SCENARIO_OUTPUTS = ("data/processed/scenario", "figures/scenario_", "report/scenarios/")


def _remove_strays(staging: Path, results: dict[str, dict]) -> list[str]:
    """Remove from the new generation every file no build made (a page dropped in by hand, the pages of a notebook
    since deleted): each notebook's outputs (this run's, or its stamp's), the report's pages, the scenarios' outputs."""
    from .exhibits import report_notebooks
    from .plan import REPORT_PAGES

    expected = set(REPORT_PAGES)
    for nb in report_notebooks():
        made = results[nb.stem]["wrote"] if nb.stem in results else list((read_stamp(nb.stem) or {}).get("outputs", {}))
        expected |= {*made, f"report/notebooks/{nb.stem}.ipynb", f"report/notebooks/{nb.stem}.html"}
    removed = []
    for rel in OUTPUT_DIRS:
        for f in sorted((staging / rel).rglob("*")):
            name = f.relative_to(staging).as_posix()
            if (f.is_file() or f.is_symlink()) and name not in expected and not name.startswith(SCENARIO_OUTPUTS):
                f.unlink()
                removed.append(name)
    return removed


def _left_as_it_was() -> str:
    """What a failed or interrupted build leaves: the last good build, unless something removed it meanwhile."""
    from . import publish

    if publish.current_generation() is None:
        return "no build is published (the outputs were removed while this one ran: make clean?); run make report again"
    return "the outputs of the last good build are untouched"


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
    parser.add_argument("--dry-run", action="store_true",
                        help="say which notebooks are out of date and the order they would start in; run nothing")
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
        return build(params, jobs=args.jobs, force=args.force, only=args.only, kernel=args.kernel, engine=args.engine,
                     dry_run=args.dry_run)
    except BuildError as exc:
        print(f"build stopped: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

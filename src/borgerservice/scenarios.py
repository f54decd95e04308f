"""`make scenarios`: run the cost-model notebook (09) once per scenario in scenarios.toml and
collect data/processed/scenarios.csv, the Monte Carlo intervals and the figures.

Every scenario is checked before any notebook runs; outputs are staged and swapped in only
when every run succeeded, as for the report.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
import tomllib

import pandas as pd

from . import build, costmodel, paths

STEM = "09_cost_scenarios"
SCENARIO_FILE = paths.ROOT / "scenarios.toml"
DEFAULT_SEED, DEFAULT_DRAWS = 2011, 10_000


def load(path=None) -> list[costmodel.Scenario]:
    path = path or SCENARIO_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise costmodel.ScenarioError(f"{path.name}: not valid TOML ({exc})") from None
    entries = data.get("scenario")
    if not entries:
        raise costmodel.ScenarioError(f"{path.name}: no [[scenario]] entries")
    scenarios = [costmodel.scenario_from_dict(e) for e in entries]
    names = [s.name for s in scenarios]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise costmodel.ScenarioError(f"{path.name}: scenario name(s) used twice: {', '.join(dupes)}")
    if "paper" not in names:
        raise costmodel.ScenarioError(f"{path.name}: keep the 'paper' scenario (the baseline every saving compares with)")
    for s in scenarios:
        costmodel.validate(s)
    return scenarios


STAMP = "_scenarios.json"


def inputs_digest(seed: int, draws: int, lang: str) -> str:
    """What the scenario outputs depend on: notebook 09 and its raw files, the package, the lock, the scenario
    file, the seed, the number of draws and the language."""
    import hashlib

    nb = next(n for n in build.NOTEBOOKS if n.stem == STEM)
    params = {"lang": lang, "seed": seed, "draws": draws}
    h = hashlib.sha256(build.dependency_digest(nb, params, build.package_digest(), build.lock_digest()).encode())
    h.update(SCENARIO_FILE.read_bytes() if SCENARIO_FILE.is_file() else b"no scenarios.toml")
    return h.hexdigest()


def stale_reason(report_lang: str) -> str:
    """Why the last `make scenarios` outputs no longer fit (empty when they fit, or when there are none)."""
    if not (paths.ROOT / "data" / "processed" / "scenarios.csv").is_file():
        return ""
    try:
        stamp = json.loads((paths.BUILD / "stamps" / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no record of the run that made them"
    if stamp.get("lang") != report_lang:
        return f"they are in {stamp.get('lang')}, the report in {report_lang}"
    try:
        current = inputs_digest(stamp["seed"], stamp["draws"], stamp["lang"])
    except Exception:  # noqa: BLE001 - a broken input is reported by the build itself
        return "their inputs cannot be read"
    return "" if current == stamp.get("digest") else "raw data, scenarios.toml or code changed since they were made"


def _as_param(s: costmodel.Scenario) -> dict:
    return json.loads(json.dumps(s.__dict__))


def collect(root, scenarios: list[costmodel.Scenario], seed: int, draws: int, lang: str) -> None:
    """scenarios.csv, scenario_channels.csv, scenario_intervals.csv and three figures, in `root`."""
    from . import export, plotting

    os.environ["BORGERSERVICE_OUTPUT_ROOT"] = str(root)
    runs = [pd.read_csv(root / "data" / "processed" / "scenario_runs" / f"{s.name}.csv") for s in scenarios]
    channels = pd.concat(runs, ignore_index=True)
    export.write_tidy("scenario_channels", channels, sort_by=["scenario", "channel"])
    intervals = costmodel.monte_carlo(scenarios, seed=seed, draws=draws)
    export.write_tidy("scenario_intervals", intervals, sort_by=["scenario", "metric"])
    rows = []
    paper_total = costmodel.summary(runs[[s.name for s in scenarios].index("paper")])["total_before_bn_dkk"]
    for s, run in zip(scenarios, runs):
        summ = costmodel.summary(run)
        iv = intervals[(intervals["scenario"] == s.name) & (intervals["metric"] == "saving_bn_dkk")]
        rows.append({"scenario": s.name, "description": s.description, "unit_cost_source": s.unit_cost_source,
                     "self_service": s.self_service, "volume_scale": s.volume_scale,
                     "total_before_bn_dkk": round(summ["total_before_bn_dkk"], 6), "total_after_bn_dkk": round(summ["total_after_bn_dkk"], 6),
                     "saving_bn_dkk": round(summ["saving_bn_dkk"], 6),
                     "after_minus_paper_bn_dkk": round(summ["total_after_bn_dkk"] - paper_total, 6),
                     "saving_p2_5_bn_dkk": round(float(iv["p2_5"].iloc[0]), 6) if len(iv) else None,
                     "saving_p97_5_bn_dkk": round(float(iv["p97_5"].iloc[0]), 6) if len(iv) else None})
    table = pd.DataFrame(rows)
    export.write_tidy("scenarios", table)
    export.save_figure(plotting.scenario_savings(table, lang), "scenario_savings")
    export.save_figure(plotting.scenario_tornado(costmodel.tornado(), lang), "scenario_tornado")
    export.save_figure(plotting.scenario_intervals(intervals, lang), "scenario_montecarlo")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Run the cost-model notebook over scenarios.toml")
    parser.add_argument("--file", default=None, help="scenario file (default: scenarios.toml)")
    parser.add_argument("--lang", choices=build.VALID_VALUES["lang"], default=None,
                        help="labels of the scenario outputs (default: the language of the last report build, else en)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--draws", type=int, default=DEFAULT_DRAWS)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    args.lang = args.lang or build.report_state().get("lang") or "en"
    t0 = time.perf_counter()
    from . import rawdata

    try:
        rawdata.validate_all()
        scenarios = load(paths.ROOT / args.file if args.file else None)
        if args.draws < 1:
            raise costmodel.ScenarioError(f"--draws must be at least 1, got {args.draws}")
        if not 0 <= args.seed < 2**32:
            raise costmodel.ScenarioError(f"--seed must be a whole number from 0 to {2**32 - 1}, got {args.seed}")
        if args.jobs is not None and args.jobs < 1:
            raise costmodel.ScenarioError(f"--jobs must be at least 1, got {args.jobs}")
        build.check_parameters({"lang": args.lang, "scenario": {}, "seed": 0, "draws": 0},
                               paths.NOTEBOOKS / f"{STEM}.ipynb")
    except (costmodel.ScenarioError, rawdata.RawDataError, build.BuildError) as exc:
        print(f"scenarios stopped before any work: {exc}", file=sys.stderr)
        return 2
    from . import workers

    try:
        lock = workers.ProjectLock(f"a scenario run (lang={args.lang})")
        with lock:
            workers.CURRENT = lock
            try:
                return _run(scenarios, args, t0)
            finally:
                workers.CURRENT = None
    except workers.LockHeld as exc:
        print(f"scenarios refused: {exc}", file=sys.stderr)
        return 3


def _run(scenarios: list[costmodel.Scenario], args, t0: float) -> int:
    build._warm_imports()
    staging = build._prepare_staging([])
    shutil.rmtree(staging / "data" / "processed" / "scenario_runs", ignore_errors=True)
    shutil.rmtree(staging / "report" / "scenarios", ignore_errors=True)
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(scenarios)))
    print(f"running {len(scenarios)} scenarios with {jobs} worker(s)", flush=True)
    tasks = [(STEM, {"lang": args.lang, "scenario": _as_param(s), "seed": args.seed, "draws": args.draws},
              str(staging), build.KERNEL_NAME, "inprocess", s.name, "scenarios") for s in scenarios]
    results = build.run_parallel(tasks, jobs)
    if results is None:
        build._discard(staging)
        print("interrupted: earlier outputs are untouched")
        return 130
    failed = [r for r in results if r["status"] != "ok"]
    if failed:
        build.report_failures(failed)
        build._discard(staging)
        return 1
    collect(staging, scenarios, args.seed, args.draws, args.lang)
    from . import report

    report.write_report(staging, {"lang": args.lang})
    build._swap(staging)
    # the report pages now hold the scenarios: record them, so the next `make report` does not redo them
    state = build.report_state()
    if state.get("digest"):
        build.record_report_state(state["digest"], state.get("lang", args.lang))
    stamp = paths.BUILD / "stamps" / STAMP
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"digest": inputs_digest(args.seed, args.draws, args.lang), "seed": args.seed,
                                 "draws": args.draws, "lang": args.lang}, indent=1, sort_keys=True))
    print(f"done: {len(scenarios)} scenarios in {time.perf_counter() - t0:.1f} s; data/processed/scenarios.csv, "
          "report/scenarios.html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

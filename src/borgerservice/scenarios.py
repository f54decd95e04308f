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

from . import build, costmodel, execute, paths, plan, scenario_state

STEM = "09_cost_scenarios"
DEFAULT_SEED, DEFAULT_DRAWS = 2011, 10_000


def load(path=None) -> list[costmodel.Scenario]:
    path = path or paths.SCENARIOS
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


def _as_param(s: costmodel.Scenario) -> dict:
    return json.loads(json.dumps(s.__dict__))


def collect(root, scenarios: list[costmodel.Scenario], seed: int, draws: int, lang: str) -> None:
    """scenarios.csv, scenario_channels.csv, scenario_intervals.csv and three figures, in `root`."""
    from . import export, i18n, plotting

    os.environ["BORGERSERVICE_OUTPUT_ROOT"] = str(root)
    i18n.set_language(lang)
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
        rows.append({"scenario": s.name, "description": s.description, "description_da": s.describe("da"),
                     "unit_cost_source": s.unit_cost_source,
                     "self_service": s.self_service, "volume_scale": s.volume_scale,
                     "total_before_bn_dkk": round(summ["total_before_bn_dkk"], 6),
                     "total_after_bn_dkk": round(summ["total_after_bn_dkk"], 6),
                     "saving_bn_dkk": round(summ["saving_bn_dkk"], 6),
                     "after_minus_paper_bn_dkk": round(summ["total_after_bn_dkk"] - paper_total, 6),
                     "saving_p2_5_bn_dkk": round(float(iv["p2_5"].iloc[0]), 6) if len(iv) else None,
                     "saving_p97_5_bn_dkk": round(float(iv["p97_5"].iloc[0]), 6) if len(iv) else None})
    table = pd.DataFrame(rows)
    export.write_tidy("scenarios", table)
    export.save_figure(plotting.scenario_savings(table), "scenario_savings")
    export.save_figure(plotting.scenario_tornado(costmodel.tornado()), "scenario_tornado")
    export.save_figure(plotting.scenario_intervals(intervals), "scenario_montecarlo")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Run the cost-model notebook over scenarios.toml")
    parser.add_argument("--file", default=None, help="scenario file (default: scenarios.toml)")
    parser.add_argument("--lang", choices=plan.VALID_VALUES["lang"], default=None,
                        help="labels of the scenario outputs (default: the language of the last report build, else en)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--draws", type=int, default=DEFAULT_DRAWS)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    built = plan.report_state().get("lang")
    args.lang = args.lang or built or "en"
    if built and args.lang != built:
        print(f"scenarios stopped before any work: the report is in {built}; its scenario pages would be in {args.lang}. "
              f"Build the report in {args.lang} first (make report PAPER_LANG={args.lang}), then run the scenarios.",
              file=sys.stderr)
        return 2
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
        plan.check_parameters({"lang": args.lang, "scenario": {}, "seed": 0, "draws": 0},
                               paths.NOTEBOOKS / f"{STEM}.ipynb")
    except (costmodel.ScenarioError, rawdata.RawDataError, plan.BuildError) as exc:
        print(f"scenarios stopped before any work: {exc}", file=sys.stderr)
        return 2
    from . import workers

    return workers.holding(f"a scenario run (lang={args.lang})", lambda: _run(scenarios, args, t0), "scenarios",
                           after="; the last good build is untouched")


def _run(scenarios: list[costmodel.Scenario], args, t0: float) -> int:
    execute.warm_imports()
    staging = build.prepare_staging([])
    shutil.rmtree(staging / "data" / "processed" / "scenario_runs", ignore_errors=True)
    shutil.rmtree(staging / "report" / "scenarios", ignore_errors=True)
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(scenarios)))
    print(f"running {len(scenarios)} scenarios with {jobs} worker(s)", flush=True)
    tasks = [(STEM, {"lang": args.lang, "scenario": _as_param(s), "seed": args.seed, "draws": args.draws},
              str(staging), plan.KERNEL_NAME, "inprocess", s.name, "scenarios") for s in scenarios]
    results = execute.run_parallel(tasks, jobs)
    if results is None:
        build.discard(staging)
        print("interrupted: earlier outputs are untouched")
        return 130
    failed = [r for r in results if r["status"] != "ok"]
    if failed:
        execute.report_failures(failed)
        build.discard(staging)
        return 1
    collect(staging, scenarios, args.seed, args.draws, args.lang)
    from . import report

    report.write_report(staging, {"lang": args.lang})
    build.swap(staging)
    # the report pages now hold the scenarios: record them, so the next `make report` does not redo them
    state = plan.report_state()
    if state.get("digest"):
        plan.record_report_state(state["digest"], state.get("lang", args.lang))
    scenario_state.record(args.seed, args.draws, args.lang)
    print(f"done: {len(scenarios)} scenarios in {time.perf_counter() - t0:.1f} s; data/processed/scenarios.csv, "
          "report/scenarios.html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

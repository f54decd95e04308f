"""`make bench`: what a newcomer and a developer wait for, as ratios against a cold build, in one command. A script,
not part of the package the notebooks import.

On a fresh clone of the committed project (HEAD), with empty package caches:
  fresh_report  `make report` on the fresh clone: the install from the registry (report_install, `make setup`)
                plus the first build (first_build, which also compiles the bytecode of what it imports)
  test          `make test` right after it (the suite reuses that build): the test tools' install
                (test_install) and the suite (test_run)
Then, on a private copy, the median of several runs each of:
  cold       the runner from nothing (outputs and stamps removed; environment installed)
  noop       the runner again with nothing changed
  one_raw    the runner after one raw file changed (Tabel 2)
  scripts    the same notebooks' code as plain Python scripts, one after another (baseline)
  commands   `papermill` then `jupyter nbconvert --to html`, one command per notebook (baseline, one run)
  conventional  what a project without this runner costs a newcomer: a venv and `pip install` of report.lock with no
                cache (pip_install), then `commands`
Every baseline runs the notebooks the report build runs, no more. Ratios, not seconds, compare across
machines; the machine is shared and noisy.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from borgerservice import paths
from borgerservice.exhibits import NOTEBOOKS
from borgerservice.plan import upstream_first

#: the notebooks `make report` runs, each after those whose outputs it reads; the baselines run the same ones in this
#: order (09 is run only by `make scenarios`)
REPORT_NOTEBOOKS = tuple(upstream_first([nb for nb in NOTEBOOKS if nb.in_report]))
GOALS = {"fresh_report_over_cold": 1.6, "test_over_cold": 5.0, "cold_over_scripts": 1.0, "fresh_report_over_conventional": 0.1}

#: what a build reads from the project (the package itself is imported from where it is installed)
COPIED = ["data/raw", "notebooks", "locale", "requirements", "pyproject.toml", "scenarios.toml"]


def copy_project(dest: Path) -> Path:
    """A private copy of the project's sources, for benchmarks and tests that build."""
    for rel in COPIED:
        src = paths.ROOT / rel
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, dest / rel)
    return dest


def _env(root: Path, **extra) -> dict:
    env = {**os.environ, "BORGERSERVICE_ROOT": str(root), **extra}
    env.pop("BORGERSERVICE_OUTPUT_ROOT", None)
    env.pop("BORGERSERVICE_MANIFEST", None)
    return env


def _timed(cmd: list[str], root: Path, **extra) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=root, env=_env(root, **extra), capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"benchmark step failed: {' '.join(cmd)}\n{res.stdout}\n{res.stderr}")
    return time.perf_counter() - t0


def _clean(root: Path) -> None:
    for rel in ("build", "report", "data/processed", "figures"):
        shutil.rmtree(root / rel, ignore_errors=True)


def _scripts(root: Path) -> list[Path]:
    """The notebooks' code as plain scripts (made once, not timed)."""
    import nbformat

    out = []
    for nb in REPORT_NOTEBOOKS:
        src = nbformat.read(root / "notebooks" / f"{nb.stem}.ipynb", as_version=4)
        code = ["from IPython.display import display, Markdown"]
        code += ["\n".join(line for line in c.source.splitlines() if not line.startswith(("%", "!")))
                 for c in src.cells if c.cell_type == "code"]
        p = root / "scripts" / f"{nb.stem}.py"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("\n\n".join(code) + "\n")
        out.append(p)
    return out


#: `make report` and `make test` on the fresh clone, each in two steps, so the install is timed apart from the run:
#: (what the step is called in the results, the make target, which of the two commands it belongs to)
FRESH_STEPS = (("report_install", "setup", "fresh_report"), ("first_build", "report", "fresh_report"),
               ("test_install", ".venv/.installed-test", "test"), ("test_run", "test", "test"))


def fresh_clone(tmp: Path) -> dict[str, float]:
    """`make report` then `make test` on a fresh clone of HEAD, with empty package caches."""
    clone = tmp / "clone"
    subprocess.run(["git", "clone", "--quiet", str(paths.ROOT), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BORGERSERVICE_", "VIRTUAL_ENV"))}
    env.update(UV_CACHE_DIR=str(tmp / "uv-cache"), PIP_NO_CACHE_DIR="1", MAKEFLAGS="")
    out = {"fresh_report": 0.0, "test": 0.0}
    for step, target, command in FRESH_STEPS:
        t0 = time.perf_counter()
        res = subprocess.run(["make", target], cwd=clone, env=env, capture_output=True, text=True)
        if res.returncode != 0:
            raise RuntimeError(f"make {target} failed on the fresh clone\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
        out[step] = time.perf_counter() - t0
        out[command] += out[step]
    return out


def conventional_install(tmp: Path) -> float:
    """The conventional route's set-up: a venv and `pip install` of the same packages (report.lock), no cache."""
    venv = tmp / "conventional"
    env = {**os.environ, "PIP_NO_CACHE_DIR": "1"}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--require-hashes", "--no-deps", "-r", str(paths.ROOT / "requirements" / "report.lock")],
                   check=True, env=env)
    return time.perf_counter() - t0


def run(runs: int = 3) -> dict:
    py = sys.executable
    bindir = Path(py).parent
    results: dict[str, list[float]] = {k: [] for k in ("cold", "noop", "one_raw", "scripts", "commands")}
    with tempfile.TemporaryDirectory(prefix="borgerservice-bench-") as tmp:
        fresh = fresh_clone(Path(tmp))
        print(f"fresh clone: make report {fresh['fresh_report']:.2f} s (install {fresh['report_install']:.2f}, first build "
              f"{fresh['first_build']:.2f}), make test {fresh['test']:.2f} s (install {fresh['test_install']:.2f}, "
              f"tests {fresh['test_run']:.2f})", flush=True)
        fresh["pip_install"] = conventional_install(Path(tmp))
        print(f"conventional route: venv and pip install {fresh['pip_install']:.2f} s", flush=True)
        root = copy_project(Path(tmp) / "project")
        scripts = _scripts(root)
        raw = root / "data" / "raw" / "tabel2_eurostat_eservices.csv"
        original = raw.read_text()
        for i in range(runs):
            _clean(root)
            results["cold"].append(_timed([py, "-m", "borgerservice.build"], root))
            results["noop"].append(_timed([py, "-m", "borgerservice.build"], root))
            raw.write_text(original.replace("use,2009,67", f"use,2009,{60 + (i % 2)}"))
            subprocess.run([py, "-m", "borgerservice.rawdata", "--update-hashes"], cwd=root, env=_env(root),
                           check=True, stdout=subprocess.DEVNULL)
            results["one_raw"].append(_timed([py, "-m", "borgerservice.build"], root))
            raw.write_text(original)
            subprocess.run([py, "-m", "borgerservice.rawdata", "--update-hashes"], cwd=root, env=_env(root),
                           check=True, stdout=subprocess.DEVNULL)

            out = Path(tmp) / f"scripts-out-{i}"
            t0 = time.perf_counter()
            for s in scripts:
                subprocess.run([py, str(s)], cwd=root / "notebooks", check=True, stdout=subprocess.DEVNULL,
                               env=_env(root, BORGERSERVICE_OUTPUT_ROOT=str(out), MPLBACKEND="Agg"))
            results["scripts"].append(time.perf_counter() - t0)
            if i > 0:
                print(f"run {i + 1}/{runs}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in results.items() if v), flush=True)
                continue
            out = Path(tmp) / f"commands-out-{i}"
            (out / "nb").mkdir(parents=True)
            t0 = time.perf_counter()
            for nb in REPORT_NOTEBOOKS:
                executed = out / "nb" / f"{nb.stem}.ipynb"
                env = {"BORGERSERVICE_OUTPUT_ROOT": str(out)}
                subprocess.run([str(bindir / "papermill"), str(root / "notebooks" / f"{nb.stem}.ipynb"), str(executed),
                                "-k", "borgerservice", "--cwd", str(root / "notebooks")], cwd=root, env=_env(root, **env),
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                subprocess.run([str(bindir / "jupyter"), "nbconvert", "--to", "html", str(executed)], cwd=root,
                               env=_env(root, **env), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            results["commands"].append(time.perf_counter() - t0)
            print(f"run {i + 1}/{runs}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in results.items()), flush=True)
    med = {k: statistics.median(v) for k, v in results.items()}
    med.update(fresh)
    med["conventional"] = med["pip_install"] + med["commands"]  # the same notebooks, papermill and nbconvert each
    return {"runs": runs, "cpu_count": os.cpu_count(), "notebooks": len(REPORT_NOTEBOOKS), "seconds": results,
            "median": med,
            "ratios": {"fresh_report_over_cold": fresh["fresh_report"] / med["cold"],
                       "test_over_cold": fresh["test"] / med["cold"],
                       "cold_over_scripts": med["cold"] / med["scripts"],
                       "commands_over_cold": med["commands"] / med["cold"],
                       "fresh_report_over_conventional": fresh["fresh_report"] / med["conventional"],
                       "one_raw_over_cold": med["one_raw"] / med["cold"]}}


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    print(f"benchmarking a fresh clone of HEAD and the report build ({runs} runs, {len(REPORT_NOTEBOOKS)} notebooks, "
          f"{os.cpu_count()} cores); this takes a few minutes")
    res = run(runs)
    m, r = res["median"], res["ratios"]
    print("\nseconds (median where repeated):")
    for k in ("fresh_report", "report_install", "first_build", "test", "test_install", "test_run", "cold", "noop",
              "one_raw", "scripts", "commands", "pip_install", "conventional"):
        print(f"  {k:<13} {m[k]:7.2f}")
    print("ratios:")
    print(f"  fresh-clone make report / cold build   {r['fresh_report_over_cold']:.2f}  (goal <= {GOALS['fresh_report_over_cold']})")
    print(f"  make test / cold build                 {r['test_over_cold']:.2f}  (goal <= {GOALS['test_over_cold']})")
    print(f"  cold build / plain scripts             {r['cold_over_scripts']:.2f}  (goal <= {GOALS['cold_over_scripts']})")
    print(f"  command per notebook / cold build      {r['commands_over_cold']:.2f}")
    print(f"  fresh-clone make report / conventional {r['fresh_report_over_conventional']:.2f}  "
          f"(goal <= {GOALS['fresh_report_over_conventional']}; a venv, pip install, papermill and nbconvert per notebook)")
    print(f"  one raw change / cold build            {r['one_raw_over_cold']:.2f}")
    print(f"  no-op build                            {m['noop']:.2f} s")
    out = paths.BUILD / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1))
    print(f"written to {out.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

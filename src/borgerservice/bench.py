"""`make bench`: how long the report build takes, against two baselines, on this machine, now.

Every figure is the median of several runs in one command, on a private copy of the project:
  cold       the runner from nothing (outputs and stamps removed; environment installed)
  noop       the runner again with nothing changed
  one_raw    the runner after one raw file changed (Tabel 2)
  scripts    the same notebooks' code as plain Python scripts, one after another (baseline)
  commands   `papermill` then `jupyter nbconvert --to html`, one command per notebook (baseline)
Ratios, not seconds, are what compare across machines; the machine is shared and noisy.
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

from . import paths
from .exhibits import NOTEBOOKS

#: what a build reads from the project (the package itself is imported from where it is installed)
COPIED = ["data/raw", "notebooks", "requirements", "pyproject.toml", "scenarios.toml"]


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
    for nb in NOTEBOOKS:
        src = nbformat.read(root / "notebooks" / f"{nb.stem}.ipynb", as_version=4)
        code = ["from IPython.display import display, Markdown"]
        code += ["\n".join(line for line in c.source.splitlines() if not line.startswith(("%", "!")))
                 for c in src.cells if c.cell_type == "code"]
        p = root / "scripts" / f"{nb.stem}.py"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("\n\n".join(code) + "\n")
        out.append(p)
    return out


def run(runs: int = 3) -> dict:
    py = sys.executable
    bindir = Path(py).parent
    results: dict[str, list[float]] = {k: [] for k in ("cold", "noop", "one_raw", "scripts", "commands")}
    with tempfile.TemporaryDirectory(prefix="borgerservice-bench-") as tmp:
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

            out = Path(tmp) / f"commands-out-{i}"
            (out / "nb").mkdir(parents=True)
            t0 = time.perf_counter()
            for nb in NOTEBOOKS:
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
    return {"runs": runs, "cpu_count": os.cpu_count(), "seconds": results, "median": med,
            "ratios": {"cold_over_scripts": med["cold"] / med["scripts"],
                       "commands_over_cold": med["commands"] / med["cold"],
                       "one_raw_over_cold": med["one_raw"] / med["cold"]}}


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    print(f"benchmarking the report build ({runs} runs of each, {os.cpu_count()} cores); this takes a few minutes")
    res = run(runs)
    m, r = res["median"], res["ratios"]
    print("\nmedian seconds:")
    for k in ("cold", "noop", "one_raw", "scripts", "commands"):
        print(f"  {k:<9} {m[k]:7.2f}")
    print("ratios:")
    print(f"  cold build / plain scripts          {r['cold_over_scripts']:.2f}  (target <= 1.0, limit 1.5)")
    print(f"  command per notebook / cold build   {r['commands_over_cold']:.2f}  (target >= 5)")
    print(f"  one raw change / cold build         {r['one_raw_over_cold']:.2f}")
    print(f"  no-op build                         {m['noop']:.2f} s  (target < 1 s)")
    out = paths.BUILD / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1))
    print(f"written to {out.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

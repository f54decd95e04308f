"""`make mutate`: does changing any one raw number the paper prints make a test fail?

For each number in the raw files transcribed from the paper (every integer, number and boolean cell of
the resources whose origin is the paper), a private copy of the project gets that one cell changed
(+1 for an integer, +10 % for a number, a flipped boolean), its hash re-recorded as a deliberate edit
would be, and the fast test suite run against the copy (`pytest -x -m "not slow"`, the double entry
first). A mutant is caught when the suite fails. Prints the share caught and every cell that escaped;
writes build/mutation.json.

    python tools/mutate_raw.py [--jobs N] [--only RESOURCE ...]
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: the double entry and the hand-worked claims first (they fail fastest); only a mutant they miss meets the rest
STAGES = (["tests/test_double_entry.py", "tests/test_key_claims.py"], ["tests"])


def paper_resources(pkg: dict) -> list[dict]:
    return [r for r in pkg["resources"] if r["x-role"] in ("primary_input", "printed_result")
            and "paper" in r.get("x-origin", {}) and (ROOT / "data" / "raw" / r["path"]).is_file()]


def mutants(res: dict) -> list[tuple[int, str, str, str]]:
    """(line, column, old, new) for every numeric cell of one resource."""
    types = {f["name"]: f["type"] for f in res["schema"]["fields"]}
    text = (ROOT / "data" / "raw" / res["path"]).read_text(encoding="utf-8")
    out = []
    for lineno, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        if res["name"] == "text_inputs" and row["source"] != "paper":
            continue  # a row the paper takes from elsewhere (a convention, Danmarks Statistik's population)
        for col, value in row.items():
            kind = types.get(col)
            if value == "" or kind not in ("integer", "number", "boolean"):
                continue
            if kind == "integer":
                new = str(int(value) + 1)
            elif kind == "number":
                new = repr(float(value) * 1.1) if float(value) else "1.0"
            else:
                new = "false" if value == "true" else "true"
            out.append((lineno, col, value, new))
    return out


def _rewrite(path: Path, line: int, column: str, new: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[line - 1][rows[0].index(column)] = new
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def run_one(base: Path, res: dict, mutant: tuple, python: str) -> dict:
    line, column, old, new = mutant
    with tempfile.TemporaryDirectory(prefix="mutant-", dir=base) as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
        for entry in ROOT.iterdir():  # everything else as it is, read-only by intent
            if entry.name not in ("data", "build", "report", "figures", ".git", ".venv"):
                (root / entry.name).symlink_to(entry)
        _rewrite(root / "data" / "raw" / res["path"], line, column, new)
        env = {**os.environ, "BORGERSERVICE_ROOT": str(root)}
        t0 = time.perf_counter()
        rehash = subprocess.run([python, "-m", "borgerservice.rawdata", "--update-hashes"], cwd=root, env=env,
                                capture_output=True, text=True)
        if rehash.returncode != 0:  # the edit breaks a constraint of datapackage.json: validation catches it
            return {"resource": res["name"], "file": res["path"], "line": line, "column": column, "old": old,
                    "new": new, "caught": True, "by": "raw data validation: " + rehash.stderr.strip()[-160:],
                    "seconds": round(time.perf_counter() - t0, 1)}
        for stage in STAGES:
            proc = subprocess.run([python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow",
                                   "--basetemp", str(root / "pytest"), *[str(ROOT / t) for t in stage]],
                                  cwd=ROOT, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                break
        failed = next((ln.split(" - ")[0].removeprefix("FAILED ") for ln in proc.stdout.splitlines()
                       if ln.startswith(("FAILED", "ERROR"))), "")
    return {"resource": res["name"], "file": res["path"], "line": line, "column": column, "old": old, "new": new,
            "caught": proc.returncode != 0, "by": failed, "seconds": round(time.perf_counter() - t0, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", nargs="*", default=None, help="resource names to mutate (default: all from the paper)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    pkg = json.loads((ROOT / "data" / "raw" / "datapackage.json").read_text(encoding="utf-8"))
    work = [(res, m) for res in paper_resources(pkg) if not args.only or res["name"] in args.only for m in mutants(res)]
    print(f"mutating {len(work)} raw numbers from the paper, one at a time, {args.jobs} at once", flush=True)
    base = ROOT / "build" / "mutation"
    base.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda job: run_one(base, job[0], job[1], sys.executable), work))
    shutil.rmtree(base, ignore_errors=True)
    caught = [r for r in results if r["caught"]]
    escaped = [r for r in results if not r["caught"]]
    share = 100 * len(caught) / len(results) if results else 100.0
    print(f"caught {len(caught)} of {len(results)} mutants ({share:.1f} %) in {time.perf_counter() - t0:.0f} s")
    for r in escaped:
        print(f"  ESCAPED {r['file']} line {r['line']} column {r['column']}: {r['old']} -> {r['new']}")
    out = ROOT / "build" / "mutation.json"
    out.write_text(json.dumps({"caught": len(caught), "total": len(results), "share": share, "results": results},
                              indent=1), encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")
    return 0 if not escaped else 1


if __name__ == "__main__":
    raise SystemExit(main())

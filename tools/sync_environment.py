"""Write environment.yml from requirements/*.lock, so conda users get the same pins.

Run by `make lock`; tests/test_environment.py fails when the two disagree. The report, test and lab locks share
their versions (test and lab are compiled with report.lock as a constraint), so their union is one set.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GROUPS = ("report", "test", "lab")
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)\s*(;[^\\]*)?")


def pins(lock_text: str) -> dict[str, tuple[str, str, str]]:
    """name -> (name as written, version, environment marker or '')."""
    out = {}
    for line in lock_text.splitlines():
        m = PIN.match(line)
        if m:
            out[m.group(1).lower()] = (m.group(1), m.group(2), (m.group(3) or "").lstrip(";").strip())
    return out


def union() -> list[str]:
    """One pin per package; a package the locks need under different markers is needed under either."""
    versions: dict[str, tuple[str, str]] = {}
    markers: dict[str, set[str]] = {}
    for group in GROUPS:
        for key, (name, version, marker) in pins((ROOT / "requirements" / f"{group}.lock").read_text()).items():
            if versions.setdefault(key, (name, version))[1] != version:
                raise SystemExit(f"{group}.lock pins {name}=={version}, another lock {versions[key][1]}: run `make lock`")
            markers.setdefault(key, set()).add(marker)
    out = []
    for key in sorted(versions):
        name, version = versions[key]
        ms = sorted(markers[key])
        marker = "" if "" in ms else ms[0] if len(ms) == 1 else " or ".join(f"({m})" for m in ms)
        out.append(f"{name}=={version}" + (f" ; {marker}" if marker else ""))
    return out


def main() -> None:
    lines = ["# Generated from requirements/{report,test,lab}.lock by tools/sync_environment.py (make lock); do not edit.",
             "# The pip section carries the locks' exact versions; pip checks their hashes only with",
             "# `pip install --require-hashes -r requirements/<group>.lock`, which is what `make` does.",
             "name: borgerservice", "channels:", "  - conda-forge", "dependencies:", "  - python=3.11", "  - pip",
             "  - pip:"]
    lines += [f'      - "{p}"' for p in union()]
    lines += ['      - "-e ."']
    (ROOT / "environment.yml").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

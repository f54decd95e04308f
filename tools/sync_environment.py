"""Write environment.yml from requirements.lock, so conda users get the same pins.

Run by `make lock`; tests/test_environment.py fails when the two disagree.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)\s*(;[^\\]*)?")


def pins(lock_text: str) -> list[str]:
    out = []
    for line in lock_text.splitlines():
        m = PIN.match(line)
        if m:
            marker = f" {m.group(3).strip()}" if m.group(3) else ""
            out.append(f"{m.group(1)}=={m.group(2)}{marker}")
    return out


def main() -> None:
    lines = ["# Generated from requirements.lock by tools/sync_environment.py (make lock); do not edit by hand.",
             "# The pip section carries the lock's exact versions; pip checks their hashes only with",
             "# `pip install --require-hashes -r requirements.lock`, which is what `make setup` does.",
             "name: borgerservice", "channels:", "  - conda-forge", "dependencies:", "  - python=3.11", "  - pip",
             "  - pip:"]
    lines += [f'      - "{p}"' for p in pins((ROOT / "requirements.lock").read_text())]
    lines += ['      - "-e ."']
    (ROOT / "environment.yml").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

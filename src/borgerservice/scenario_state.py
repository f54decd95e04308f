"""Whether the outputs of `make scenarios` still fit their inputs: light enough for every build to ask.

The build reports stale scenario outputs after each run (a raw change, a new scenarios.toml, code, or the
report's language); `make scenarios` records what it made them from.
"""
from __future__ import annotations

import hashlib
import json

from . import paths, plan
from .exhibits import NOTEBOOKS

STEM = "09_cost_scenarios"
STAMP = "_scenarios.json"


def scenario_file():
    return paths.SCENARIOS


def inputs_digest(seed: int, draws: int, lang: str) -> str:
    """What the scenario outputs depend on: notebook 09 and its raw files, the package, the lock, the scenario
    file, the seed, the number of draws and the language."""
    nb = next(n for n in NOTEBOOKS if n.stem == STEM)
    params = {"lang": lang, "seed": seed, "draws": draws}
    h = hashlib.sha256(plan.dependency_digest(nb, params, plan.package_digest(), plan.lock_digest()).encode())
    h.update(scenario_file().read_bytes() if scenario_file().is_file() else b"no scenarios.toml")
    return h.hexdigest()


def record(seed: int, draws: int, lang: str) -> None:
    stamp = paths.BUILD / "stamps" / STAMP
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"digest": inputs_digest(seed, draws, lang), "seed": seed, "draws": draws,
                                 "lang": lang}, indent=1, sort_keys=True))


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

"""The paper's cost model (unit cost x volume by channel) with its assumptions made explicit,
so a researcher can change them: the source of unit costs, the volumes, shifts between
channels, and what a self-service transaction costs.

A scenario is checked completely before any work; a bad one fails with a message that lists
what is valid.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import rawdata
from .i18n import Text
from .labels import COST_CHANNELS
from .names import Name

SCENARIO_SOURCES = ("paper", "vejen", "kobenhavn", "kl", "kmd", "kl2012", "custom")
#: KL's benchmark of 2012 (after the paper): the facts it gives a unit cost for (data/raw/sources/after_2011)
KL2012_FACTS = {"personal": "SV05", "web_self_service": "SV06"}
SELF_SERVICE = ("marginal", "full")
OPS = ("move", "scale", "close", "add")


class ScenarioError(ValueError):
    """A scenario that cannot be run; the message says what is wrong and what is valid."""


@dataclass
class Scenario:
    name: str
    description: str = ""
    description_da: str = ""  # the Danish report's text; the English one stands in when empty
    unit_cost_source: str = "paper"
    custom_unit_costs: dict = field(default_factory=dict)
    volume_scale: float = 1.0
    changes: list = field(default_factory=list)
    self_service: str = "marginal"
    self_service_full_cost_dkk: float | None = None

    def describe(self, lang: str) -> str:
        """The description a reader of `lang` sees (the English one when no Danish is given)."""
        return self.description_da if lang == "da" and self.description_da else self.description


def scenario_from_dict(d: dict) -> Scenario:
    known = set(Scenario.__dataclass_fields__)
    unknown = sorted(set(d) - known)
    if unknown:
        raise ScenarioError(f"scenario {d.get('name', '?')!r}: unknown key(s) {', '.join(unknown)} "
                            f"(valid: {', '.join(sorted(known))})")
    if "name" not in d:
        raise ScenarioError("a scenario needs a name")
    return Scenario(**d)


#: longest scenario name: it names files (report/scenarios/<name>.html)
MAX_NAME = 64


def _number(value, what: str, minimum: float | None = None, maximum: float | None = None) -> float:
    """A finite real number inside its range, or a ScenarioError saying what is valid (true is not 1, nan not a number)."""
    rng = (f" between {minimum:g} and {maximum:g}" if minimum is not None and maximum is not None
           else f" >= {minimum:g}" if minimum is not None else "")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(f"{what} must be a finite number{rng}, got {value!r}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ScenarioError(f"{what} must lie{rng}, got {value!r}")
    return float(value)


def validate(s: Scenario, volumes: dict[str, float] | None = None) -> None:
    if not isinstance(s.name, str):
        raise ScenarioError(f"a scenario name must be text, got {s.name!r}")
    where = f"scenario {s.name!r}"
    if not s.name or not s.name.replace("_", "").replace("-", "").isalnum() or not s.name.isascii():
        raise ScenarioError(f"{where}: the name may hold letters, digits, '-' and '_' only")
    if len(s.name) > MAX_NAME:
        raise ScenarioError(f"scenario {s.name[:20]!r}...: the name has {len(s.name)} characters (at most {MAX_NAME})")
    for key in ("description", "description_da"):
        if not isinstance(getattr(s, key), str):
            raise ScenarioError(f"{where}: {key} must be text, got {getattr(s, key)!r}")
    if s.unit_cost_source not in SCENARIO_SOURCES:
        raise ScenarioError(f"{where}: unknown unit_cost_source {s.unit_cost_source!r} (valid: {', '.join(SCENARIO_SOURCES)})")
    if not isinstance(s.custom_unit_costs, dict):
        raise ScenarioError(f"{where}: custom_unit_costs must be a table such as {{phone = 45}}, got {s.custom_unit_costs!r}")
    if s.unit_cost_source == "custom" and not s.custom_unit_costs:
        raise ScenarioError(f"{where}: unit_cost_source 'custom' needs custom_unit_costs, e.g. {{phone = 45}}")
    for ch, v in s.custom_unit_costs.items():
        if ch not in COST_CHANNELS:
            raise ScenarioError(f"{where}: custom_unit_costs has unknown channel {ch!r} (valid: {', '.join(COST_CHANNELS)})")
        _number(v, f"{where}: custom unit cost for {ch}", minimum=0)
    _number(s.volume_scale, f"{where}: volume_scale", minimum=0)
    if s.self_service not in SELF_SERVICE:
        raise ScenarioError(f"{where}: unknown self_service {s.self_service!r} (valid: {', '.join(SELF_SERVICE)})")
    if s.self_service == "full":
        if s.self_service_full_cost_dkk is None:
            raise ScenarioError(f"{where}: self_service 'full' needs self_service_full_cost_dkk >= 0 (DKK per transaction)")
        _number(s.self_service_full_cost_dkk, f"{where}: self_service_full_cost_dkk", minimum=0)
    if not isinstance(s.changes, list) or not all(isinstance(c, dict) for c in s.changes):
        raise ScenarioError(f"{where}: changes must be a list of tables such as {{op = \"close\", channel = \"email\"}}")
    for i, ch in enumerate(s.changes):
        w = f"{where}, change {i + 1}"
        op = ch.get("op")
        if op not in OPS:
            raise ScenarioError(f"{w}: unknown op {op!r} (valid: {', '.join(OPS)})")
        allowed = {"move": {"op", "from", "to", "share"}, "scale": {"op", "channel", "factor"}, "close": {"op", "channel"},
                   "add": {"op", "channel", "contacts"}}[op]
        extra = sorted(set(ch) - allowed)
        if extra:
            raise ScenarioError(f"{w}: unknown key(s) {', '.join(extra)} for op {op!r} (valid: {', '.join(sorted(allowed))})")
        for key in sorted(allowed - {"op"}):
            if key not in ch:
                raise ScenarioError(f"{w}: op {op!r} needs {key!r}")
        for key in ("from", "to", "channel"):
            if key in ch and ch[key] not in COST_CHANNELS:
                raise ScenarioError(f"{w}: unknown channel {ch[key]!r} (valid: {', '.join(COST_CHANNELS)})")
        if op == "move":
            if ch["from"] == ch["to"]:
                raise ScenarioError(f"{w}: a shift from {ch['from']!r} to itself does nothing; choose another 'to' "
                                    f"(valid: {', '.join(c for c in COST_CHANNELS if c != ch['from'])})")
            _number(ch["share"], f"{w}: share", minimum=0, maximum=1)
        if op == "scale":
            _number(ch["factor"], f"{w}: factor", minimum=0)
        if op == "add":
            _number(ch["contacts"], f"{w}: contacts (negative to remove)")
    shifted = apply_changes(base_volumes(s) if volumes is None else volumes, s.changes)
    negative = [c for c, v in shifted.items() if v < 0]
    if negative:
        raise ScenarioError(f"{where}: volume of {', '.join(negative)} goes negative after the changes")


def base_volumes(s: Scenario) -> dict[str, float]:
    t5 = rawdata.load("tabel5_national_estimate").set_index("channel")["contacts"]
    return {c: float(t5[c]) * s.volume_scale for c in COST_CHANNELS}


def apply_changes(volumes: dict[str, float], changes: list[dict]) -> dict[str, float]:
    v = dict(volumes)
    for ch in changes:
        if ch["op"] == "move":
            moved = v[ch["from"]] * ch["share"]
            v[ch["from"]] -= moved
            v[ch["to"]] += moved
        elif ch["op"] == "scale":
            v[ch["channel"]] *= ch["factor"]
        elif ch["op"] == "add":
            v[ch["channel"]] += ch["contacts"]
        else:
            v[ch["channel"]] = 0.0
    return v


def unit_costs(s: Scenario) -> tuple[dict[str, float], dict[str, Text]]:
    """Unit costs in DKK by channel, and where each came from (the fallback is the paper's Tabel 8)."""
    paper = rawdata.load("tabel8_unit_cost_estimate").set_index("channel")["unit_cost_dkk"].to_dict()
    costs = {c: float(paper[c]) for c in COST_CHANNELS}
    origin = {c: Text("the paper (Tabel 8)") for c in COST_CHANNELS}
    if s.unit_cost_source in ("vejen", "kobenhavn", "kl", "kmd"):
        t7 = rawdata.load("tabel7_unit_costs_by_source")
        given = t7[t7["source"] == s.unit_cost_source].dropna(subset=["unit_cost"]).set_index("channel")
        scale = 1.0
        if s.unit_cost_source == "vejen":
            # Vejen prints an index; read it in kroner by pinning its phone (100) to the paper's phone cost
            scale = paper["phone"] / float(given.loc["phone", "unit_cost"])
        for c in COST_CHANNELS:
            if c in given.index:
                costs[c] = float(given.loc[c, "unit_cost"]) * scale
                origin[c] = (Text("{source} (Tabel 7, index x {scale})", source=Name("source." + s.unit_cost_source),
                                  scale=scale) if scale != 1 else
                             Text("{source} (Tabel 7)", source=Name("source." + s.unit_cost_source)))
            else:
                origin[c] = Text("the paper (Tabel 8): the source has no figure")
    elif s.unit_cost_source == "kl2012":
        facts = rawdata.load("after_2011_facts").set_index("fact_id")
        for c, fact in KL2012_FACTS.items():
            costs[c] = float(facts.loc[fact, "value"])
            origin[c] = Text("KL's benchmark, 2012 ({fact}: {publisher}, {published})", fact=fact,
                             publisher=facts.loc[fact, "publisher"], published=facts.loc[fact, "published"])
    elif s.unit_cost_source == "custom":
        for c, v in s.custom_unit_costs.items():
            costs[c], origin[c] = float(v), Text("the scenario's own figure")
    if s.self_service == "full":
        costs["web_self_service"] = float(s.self_service_full_cost_dkk)
        origin["web_self_service"] = Text("full cost per transaction (scenario assumption)")
    return costs, origin


def run(s: Scenario) -> pd.DataFrame:
    """One row per channel: unit cost, volume before and after the changes, cost before and after."""
    validate(s)
    costs, origin = unit_costs(s)
    before = base_volumes(s)
    after = apply_changes(before, s.changes)
    rows = [{"scenario": s.name, "channel": c, "unit_cost_dkk": costs[c], "unit_cost_from": origin[c].render("en"),
             "contacts_before": before[c], "contacts_after": after[c], "cost_before_dkk": costs[c] * before[c],
             "cost_after_dkk": costs[c] * after[c]} for c in COST_CHANNELS]
    return pd.DataFrame(rows)


def summary(result: pd.DataFrame) -> dict:
    before, after = result["cost_before_dkk"].sum(), result["cost_after_dkk"].sum()
    return {"scenario": result["scenario"].iloc[0], "total_before_bn_dkk": before / 1e9, "total_after_bn_dkk": after / 1e9,
            "saving_bn_dkk": (before - after) / 1e9, "contacts_after": result["contacts_after"].sum()}


# --- uncertainty -------------------------------------------------------------------------
def unit_cost_ranges() -> pd.DataFrame:
    """Per channel, the span of Tabel 7's kroner sources and Tabel 8 (Vejen's index left out)."""
    t7 = rawdata.load("tabel7_unit_costs_by_source")
    dkk = t7[(t7["unit"] == "dkk")].dropna(subset=["unit_cost"])[["channel", "unit_cost"]]
    t8 = rawdata.load("tabel8_unit_cost_estimate").rename(columns={"unit_cost_dkk": "unit_cost"})
    both = pd.concat([dkk, t8], ignore_index=True)
    both = both[both["channel"].isin(COST_CHANNELS)]
    out = both.groupby("channel")["unit_cost"].agg(low="min", high="max").reindex(list(COST_CHANNELS))
    out["paper"] = t8.set_index("channel")["unit_cost"].reindex(list(COST_CHANNELS))
    return out.reset_index()


#: how far the Monte Carlo lets each channel's volume move from Tabel 5, either way (a share)
VOLUME_SPREAD = 0.2


def monte_carlo(scenarios: list[Scenario], seed: int = 2011, draws: int = 10_000,
                volume_spread: float = VOLUME_SPREAD) -> pd.DataFrame:
    """Seeded draws: unit costs uniform over each channel's span (unit_cost_ranges), volumes uniform
    within +-volume_spread of Tabel 5. The same draws serve every scenario, so savings compare."""
    rng = np.random.default_rng(seed)
    ranges = unit_cost_ranges().set_index("channel")
    uc = {c: rng.uniform(ranges.loc[c, "low"], ranges.loc[c, "high"], draws) for c in COST_CHANNELS}
    vol_factor = {c: rng.uniform(1 - volume_spread, 1 + volume_spread, draws) for c in COST_CHANNELS}
    rows = []
    for s in scenarios:
        validate(s)
        if s.unit_cost_source != "paper" or s.self_service != "marginal":
            continue  # the draws replace the unit costs; only the paper's own model is sampled
        base = base_volumes(s)
        before = sum(uc[c] * base[c] * vol_factor[c] for c in COST_CHANNELS)
        drawn = {c: base[c] * vol_factor[c] for c in COST_CHANNELS}
        after_vol = apply_changes(drawn, s.changes)
        after = sum(uc[c] * after_vol[c] for c in COST_CHANNELS)
        for metric, values in (("total_before_bn_dkk", before / 1e9), ("saving_bn_dkk", (before - after) / 1e9)):
            q = np.percentile(values, [2.5, 50, 97.5])
            rows.append({"scenario": s.name, "metric": metric, "p2_5": q[0], "median": q[1], "p97_5": q[2],
                         "draws": draws, "seed": seed})
    return pd.DataFrame(rows)


def tornado(s: Scenario | None = None) -> pd.DataFrame:
    """Total cost with one channel's unit cost at the low and at the high end of its span."""
    s = s or Scenario("paper")
    ranges = unit_cost_ranges().set_index("channel")
    base_costs, _ = unit_costs(s)
    vols = apply_changes(base_volumes(s), s.changes)
    base_total = sum(base_costs[c] * vols[c] for c in COST_CHANNELS)
    rows = []
    for c in COST_CHANNELS:
        for end in ("low", "high"):
            costs = {**base_costs, c: float(ranges.loc[c, end])}
            rows.append({"channel": c, "end": end, "unit_cost_dkk": costs[c],
                         "total_bn_dkk": sum(costs[k] * vols[k] for k in COST_CHANNELS) / 1e9, "base_bn_dkk": base_total / 1e9})
    return pd.DataFrame(rows)

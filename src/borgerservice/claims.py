"""The numbers check's bookkeeping: a claim, its readings, and the judgement of a printed number against them.

The notebooks compute the readings (each exhibit's notebook its table cells, 08_numbers_check the text's claims); this
module judges them at the printed precision (one-sided for "at least" and "up to"), explains each verdict and
assembles the ledger, claims.csv. Its `family` says what a row checks: `paper` rows a printed number against the
paper's own inputs (exact, rounding, discrepancy, input, not_recomputable), `source` rows against data from outside
the paper (confirmed, differs, not_in_source). `python -m borgerservice.claims` prints the last build's counts.
The expected values are derived by hand in tests/test_key_claims.py, never recorded from this module's output.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import rawdata
from .compare import judge, printed_precision
from .exhibits import EXHIBITS
from .i18n import N_, Joined, Text, _, current
from .names import Name, label, where

COLUMNS = ["claim_id", "location", "description", "printed_value", "recomputed_value", "unit", "verdict", "explanation",
           "family"]
PAPER_VERDICTS = ("exact", "rounding", "discrepancy", "input", "not_recomputable")
SOURCE_VERDICTS = ("confirmed", "differs", "not_in_source")
AUDIT_NOTEBOOK = "08_numbers_check"


@dataclass
class Reading:
    name: Text | str
    assumptions: Text | str
    value: float | None


@dataclass
class Claim:
    claim_id: str
    description: str  # English, marked N_ where it is written; the pages translate it
    readings: list[Reading]
    note: Text | str = ""
    tolerance: float | None = None  # overrides the printed precision (verbal fractions: "every fifth")
    verdict: str | None = None  # forced verdict: input / not_recomputable
    anchor: tuple[str, str] = (AUDIT_NOTEBOOK, "text-claims")
    bound: str | None = None  # "at_least" / "up_to": the printed number is a bound, judged one-sided
    alternatives: list[Reading] = field(default_factory=list)  # other ways a cell could be made: they explain


def _printed() -> pd.DataFrame:
    return rawdata.load("printed_results").set_index("result_id")


def judge_reading(printed: float, value: float | None, precision: float | None, bound: str | None = None) -> str:
    """One reading against the printed number; a bound that holds is `holds` (the statement is true as worded)."""
    verdict = judge(printed, value, precision)
    if bound is None or verdict != "discrepancy":
        return verdict
    if (bound == "at_least" and value >= printed) or (bound == "up_to" and value <= printed):
        return "holds"
    return verdict


_TABLE_DESCRIPTIONS = {
    "f2": N_("share of municipalities summed over the three answers (should be 100)"),
    "t3_pct": N_("share of the 295 solutions in this band"),
    "t3_total_n": N_("number of self-service solutions"),
    "t3_total_pct": N_("shares of all bands summed"),
    "t4_sum": N_("the municipality's contacts summed over the channels"),
    "t4_lejre_year": N_("Lejre's yearly contacts: count week 20 times 52"),
    "t4_lejre_week": N_("Lejre's count-week figure in Tabel 4 against Tabel 6"),
    "t4_kobenhavn_pct": N_("Copenhagen's share of contacts in this channel"),
    "t5_total": N_("national contacts per year, all channels"),
    "t6_share": N_("share of Lejre's count-week contacts"),
    "t6_sum": N_("Lejre's count-week total"),
    "t6_cost": N_("cost of Lejre's count week at Tabel 7 unit costs"),
    "t9_unit_cost": N_("unit cost in Tabel 9 against Tabel 8"),
    "t9_contacts": N_("yearly contacts in Tabel 9 against Tabel 5"),
    "t9_cost": N_("yearly cost: unit cost times contacts"),
}


class _Formula(Text):
    """A table cell's arithmetic as its notebook wrote it, in both languages (recomputed/<exhibit>.csv)."""

    def render(self, lang: str | None = None) -> str:
        return self.values[lang or current()]


def table_claims(cells: dict[str, pd.DataFrame], notes: dict[str, Text] | None = None,
                 alternatives: dict[str, list[Reading]] | None = None) -> list[Claim]:
    """A claim for every recomputed cell of the printed tables: the notebook's value and arithmetic as the reading.

    `cells`: exhibit key -> the cells its notebook wrote (export.read_cells); `notes` and `alternatives` are what the
    numbers check found behind the cells that do not add up (other readings explain; they never change a verdict).
    """
    notes, alternatives = notes or {}, alternatives or {}
    out = []
    for key, frame in cells.items():
        ex = next(e for e in EXHIBITS if e.key == key)
        for rec in frame.itertuples():
            prefix = next((p for p in sorted(_TABLE_DESCRIPTIONS, key=len, reverse=True) if rec.result_id.startswith(p)), None)
            if prefix is None:
                raise KeyError(f"{key}: recomputed cell {rec.result_id!r} has no description in claims._TABLE_DESCRIPTIONS")
            main = Reading(Text("as printed"), _Formula("", en=rec.formula, da=rec.formula_da), float(rec.value))
            out.append(Claim(rec.result_id, _TABLE_DESCRIPTIONS[prefix], [main], note=notes.get(rec.result_id, ""),
                             anchor=(ex.notebook, ex.anchor), alternatives=alternatives.get(rec.result_id, [])))
    return out


def judged(claims: list[Claim]) -> pd.DataFrame:
    """Claims judged against what the paper prints, in the current language (a notebook's view of the ledger)."""
    printed = _printed()
    frame = pd.DataFrame([_row(c, printed) for c in claims])
    frame["description"] = [_(d) for d in frame["description"]]
    frame["location"] = [where(x) for x in frame["location"]]
    frame["verdict"] = [verdict_name(v) for v in frame["verdict"]]
    return frame[["claim_id", "location", "description", "printed_value", "recomputed_value", "verdict", "explanation"]]


def compare_cells(key: str, cells: pd.DataFrame) -> pd.DataFrame:
    """Each recomputed cell of one rebuilt table next to the value the paper prints, judged."""
    return judged(table_claims({key: cells})).drop(columns="description")


def printed_values() -> pd.Series:
    """What the paper prints as results (printed_results.csv), by result id: what the readings are judged against."""
    return _printed()["value"]


#: the transcribed tables: the columns naming a cell, the column of its number, its unit (None: the file's `unit`)
_INPUTS = {"tabel1_international_rankings": (["ranking_id", "country_code"], "rank", "rank"),
           "tabel2_eurostat_eservices": (["indicator", "year"], "percent", "percent"),
           "figur2_documents_received": (["sender", "year", "response"], "percent_of_municipalities", "percent"),
           "tabel3_selfservice_transactions": (["band"], "solutions", "solutions"),
           "tabel4_municipal_inquiries": (["municipality", "channel", "part"], "value", None),
           "tabel5_national_estimate": (["channel"], "contacts", "contacts"),
           "tabel6_lejre_count_week": (["channel"], "contacts_week_20", "contacts"),
           "tabel7_unit_costs_by_source": (["source", "channel"], "unit_cost", None),
           "tabel8_unit_cost_estimate": (["channel"], "unit_cost_dkk", "dkk")}


def input_rows() -> list[dict]:
    """Every primary input the tables and the text print, as `input` rows: printed and used as they are."""
    rows = []
    for name, (keys, col, unit) in _INPUTS.items():
        res = rawdata.resource(name)
        prefix = name.split("_")[0]  # tabel4 -> Tabel 4, figur2 -> Figur 2
        ex = next(e for e in EXHIBITS if e.paper_name == f"{prefix[:-1].capitalize()} {prefix[-1]}")
        for rec in rawdata.load(name).to_dict("records"):
            na = rec[col] is None or pd.isna(rec[col])
            if na and name != "tabel2_eurostat_eservices":
                continue  # an empty cell ('-', or no such channel) is not a printed number (Tabel 2's n.a. is)
            value = None if na else float(rec[col])
            rows.append(dict(claim_id=f"in_{name.split('_')[0]}_" + "_".join(str(rec[k]) for k in keys),
                             location=f"{res['x-origin']['exhibit']}, " + ", ".join(str(rec[k]) for k in keys),
                             description=N_("a number the paper prints in a table (primary input)"),
                             printed_value=value, recomputed_value=value, unit=unit or rec["unit"], verdict="input",
                             explanation=Text("printed as n.a. ({file}); the source check says what Eurostat has",
                                              file=res["path"]) if na else
                             Text("transcribed from the paper ({file}); used as it is", file=res["path"]),
                             notebook=ex.notebook, anchor=ex.anchor))
    for rec in rawdata.load("text_inputs").to_dict("records"):
        if rec["source"] == "paper":
            rows.append(dict(claim_id=f"in_text_{rec['input_id']}", location=f"Section {rec['section']}",
                             description=N_("a number the paper takes from elsewhere (primary input)"),
                             printed_value=rec["value"], recomputed_value=rec["value"], unit=rec["unit"], verdict="input",
                             explanation=Text("{what}: a figure the paper takes from elsewhere; nothing in the paper "
                                              "recomputes it", what=rec["description"]),
                             notebook=AUDIT_NOTEBOOK, anchor="inputs"))
    return rows


def _row(claim: Claim, printed: pd.DataFrame) -> dict:
    p = printed.loc[claim.claim_id]
    precision = claim.tolerance if claim.tolerance is not None else printed_precision(p["printed_as"])
    # alternatives explain a table cell that does not add up; they never change its verdict
    primary, candidates = claim.readings[0], [r for r in claim.readings if r.value is not None and not pd.isna(r.value)]
    best = min(candidates, key=lambda r: abs(r.value - p["value"])) if candidates else primary
    first = judge_reading(p["value"], primary.value, precision, claim.bound)
    chosen = primary if first in ("exact", "rounding", "holds") else best
    chosen = best if claim.verdict == "not_recomputable" else chosen  # no reading is the paper's: the closest
    verdict = claim.verdict or judge_reading(p["value"], chosen.value, precision, claim.bound)
    return dict(claim_id=claim.claim_id, location=f"{p['location']} (p. {p['page']})", description=claim.description,
                printed_value=float(p["value"]), recomputed_value=None if chosen.value is None else float(chosen.value),
                unit=p["unit"], verdict="exact" if verdict == "holds" else verdict,
                explanation=_explain(claim, p["value"], precision, chosen, verdict, candidates),
                family="paper", notebook=claim.anchor[0], anchor=claim.anchor[1],
                why=claim.note or primary.assumptions)


def verdict_name(code: str) -> str:
    """A verdict as a reader names it (the ledger keeps the codes)."""
    return label("verdict." + code.replace(" ", "_"))


def _explain(claim: Claim, printed: float, precision: float, chosen: Reading, verdict: str,
             candidates: list[Reading]) -> Text:
    """The arithmetic of every reading, the gap when it is a discrepancy, the range when none is the paper's."""
    parts: list = []
    for r in claim.readings + claim.alternatives:
        has_value = r.value is not None and not pd.isna(r.value)
        v = judge_reading(printed, r.value, precision, claim.bound) if has_value else "no_value"
        message = "[{name}] {assumptions} = {value} -> {verdict}" if has_value else "[{name}] {assumptions} -> {verdict}"
        parts.append(Text(message, name=r.name, assumptions=r.assumptions, value=r.value, verdict=Name("verdict." + v)))
    if verdict == "discrepancy" and chosen.value is not None:
        parts.append(Text("printed {printed} - recomputed {recomputed} = {gap}", printed=printed,
                          recomputed=chosen.value, gap=printed - chosen.value))
    values = [r.value for r in candidates]
    if verdict == "not_recomputable" and len(values) > 1:
        parts.append(Text("the {n} readings range from {low} to {high} (printed {printed})", n=len(values),
                          low=min(values), high=max(values), printed=printed))
    if claim.bound:
        parts.append(Text("worded as a lower bound (at least), so a reading above it holds") if claim.bound == "at_least"
                     else Text("worded as an upper bound (up to), so a reading below it holds"))
    if claim.note:
        parts.append(claim.note)
    return Joined(parts)


def ledger(claims: list[Claim], rows: list[dict]) -> pd.DataFrame:
    """The whole ledger: the judged claims, the rows the numbers check judged itself (cross-checks, each with its
    family and an explanation Text) and every primary input; with the notebook and anchor that compute each row, and
    each explanation rendered in English (claims.csv) and Danish (claim_explanations_da.csv)."""
    printed = _printed()
    out = [_row(c, printed) for c in claims] + [{"family": "paper", "why": r["explanation"], **r} for r in rows + input_rows()]
    ids = [r["claim_id"] for r in out]
    for problem, found in (("printed results with no claim", set(printed.index) - set(ids)),
                           ("claims given twice", {i for i in ids if ids.count(i) > 1})):
        if found:
            raise RuntimeError(f"{problem}: {', '.join(sorted(found))}")
    for r in out:
        allowed = PAPER_VERDICTS if r["family"] == "paper" else SOURCE_VERDICTS
        if r["verdict"] not in allowed:
            raise RuntimeError(f"{r['claim_id']}: verdict {r['verdict']!r} is not one of the {r['family']} family's "
                               f"({', '.join(allowed)})")
        for key in ("explanation", "why"):  # the whole arithmetic, and in one sentence what lies behind the verdict
            text = r[key]
            r[key], r[f"{key}_da"] = (text.render(lang) if isinstance(text, Text) else str(text) for lang in ("en", "da"))
    return pd.DataFrame(out, columns=COLUMNS + ["notebook", "anchor", "explanation_da", "why", "why_da"])


def printed_cells(prefix: str, keys: list[str]) -> pd.Series:
    """Printed values of one column of a table (e.g. Tabel 6's costs), for a search of how they were made."""
    printed = _printed()["value"]
    return pd.Series({k: printed[f"{prefix}{k}"] for k in keys if f"{prefix}{k}" in printed.index})


def readings_table(claims: list[Claim]) -> pd.DataFrame:
    """Every reading of every claim that has more than one, in both languages (claim_readings.csv)."""
    printed = _printed()
    rows = []
    for c in claims:
        rs = c.readings + c.alternatives
        if len(rs) < 2:
            continue
        p = printed.loc[c.claim_id]
        precision = c.tolerance if c.tolerance is not None else printed_precision(p["printed_as"])
        for r in rs:
            texts = {lang: [t.render(lang) if isinstance(t, Text) else t for t in (r.name, r.assumptions)]
                     for lang in ("en", "da")}
            rows.append(dict(claim_id=c.claim_id, reading=texts["en"][0], assumptions=texts["en"][1],
                             printed_value=p["value"], value=r.value,
                             verdict="no value" if r.value is None else judge_reading(p["value"], r.value, precision, c.bound),
                             reading_da=texts["da"][0], assumptions_da=texts["da"][1]))
    return pd.DataFrame(rows, columns=["claim_id", "reading", "assumptions", "printed_value", "value", "verdict",
                                       "reading_da", "assumptions_da"])


def summary(frame: pd.DataFrame) -> str:
    """Counts by verdict, each family apart, and every discrepancy of the paper, in the current language."""
    from .i18n import number

    paper, source = frame[frame["family"] == "paper"], frame[frame["family"] == "source"]
    lines = [_("numbers check: {n} printed numbers against the paper's own inputs: {counts}", n=len(paper),
               counts=", ".join(f"{verdict_name(v)} {(paper['verdict'] == v).sum()}" for v in PAPER_VERDICTS))]
    if len(source):
        lines.append(_("{n} against outside sources: {counts}", n=len(source),
                       counts=", ".join(f"{verdict_name(v)} {(source['verdict'] == v).sum()}" for v in SOURCE_VERDICTS)))
    for rec in paper[paper["verdict"] == "discrepancy"].itertuples():
        lines.append("  " + _("{verdict} {claim}: {what}: printed {printed}, recomputed {recomputed} {unit}",
                              verdict=verdict_name("discrepancy"), claim=rec.claim_id, what=_(rec.description),
                              printed=number(rec.printed_value), recomputed=number(rec.recomputed_value),
                              unit=label("unit." + rec.unit)))
    return "\n".join(lines)


def main() -> int:
    from . import export

    try:
        print(summary(export.read_processed("claims")))
    except export.ProcessedMissing as exc:
        print(f"numbers check: {exc}")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The numbers check's bookkeeping: a claim, its readings, and the judgement of a printed number against them.

The readings themselves -- what each number is recomputed from, and every way an ambiguous claim can be read --
are computed in the notebooks (the table cells in each exhibit's notebook, the text's claims in
08_numbers_check); this module judges them (compare.judge at the printed precision), explains the verdict in
both languages and assembles the ledger (claims.csv). One row per number: where it is, what it says (in our
words), the printed value, the recomputed value, the unit, a verdict and the arithmetic.

    python -m borgerservice.claims    # the last build's counts by verdict and every discrepancy

What each key number should be is derived by hand from the paper in tests/test_key_claims.py, never
recorded from this module's or the notebooks' output.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import rawdata
from .compare import judge, printed_precision
from .exhibits import EXHIBITS
from .labels import VERDICTS, danish_numbers, description, location, number, unit, verdict
from .layout import num

COLUMNS = ["claim_id", "location", "description", "printed_value", "recomputed_value", "unit", "verdict", "explanation"]
AUDIT_NOTEBOOK = "08_numbers_check"


#: a text of the ledger: one string when both languages write it alike (a formula), else (English, Danish)
Text = str | tuple[str, str]


def pick(text: Text, lang: str) -> str:
    """A ledger text in `lang` as written (numbers as `num` writes them)."""
    return text[lang == "da"] if isinstance(text, tuple) else text


def say(text: Text, lang: str) -> str:
    """A ledger text in `lang` for a reader: Danish numbers get Danish separators."""
    return danish_numbers(pick(text, lang)) if lang == "da" else pick(text, lang)


@dataclass
class Reading:
    name: Text
    assumptions: Text
    value: float | None


@dataclass
class Claim:
    claim_id: str
    description: str
    readings: list[Reading]
    note: Text = ""
    tolerance: float | None = None  # overrides the printed precision (verbal fractions: "every fifth")
    verdict: str | None = None  # forced verdict: input / not_recomputable
    anchor: tuple[str, str] = (AUDIT_NOTEBOOK, "text-claims")
    extra: dict = field(default_factory=dict)


def _printed() -> pd.DataFrame:
    return rawdata.load("printed_results").set_index("result_id")


# --- claims from the tables' derived cells -----------------------------------------------
_TABLE_DESCRIPTIONS = {
    "f2": "share of municipalities summed over the three answers (should be 100)",
    "t3_pct": "share of the 295 solutions in this band",
    "t3_total_n": "number of self-service solutions",
    "t3_total_pct": "shares of all bands summed",
    "t4_sum": "the municipality's contacts summed over the channels",
    "t4_lejre_year": "Lejre's yearly contacts: count week 20 times 52",
    "t4_lejre_week": "Lejre's count-week figure in Tabel 4 against Tabel 6",
    "t4_kobenhavn_pct": "Copenhagen's share of contacts in this channel",
    "t5_total": "national contacts per year, all channels",
    "t6_share": "share of Lejre's count-week contacts",
    "t6_sum": "Lejre's count-week total",
    "t6_cost": "cost of Lejre's count week at Tabel 7 unit costs",
    "t9_unit_cost": "unit cost in Tabel 9 against Tabel 8",
    "t9_contacts": "yearly contacts in Tabel 9 against Tabel 5",
    "t9_cost": "yearly cost: unit cost times contacts",
}

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
            main = Reading(("as printed", "som trykt"), (f"{rec.formula} = {num(rec.value)}", f"{rec.formula_da} = {num(rec.value)}"),
                           float(rec.value))
            out.append(Claim(rec.result_id, _TABLE_DESCRIPTIONS[prefix], [main], note=notes.get(rec.result_id, ""),
                             anchor=(ex.notebook, ex.anchor), extra={"alternatives": alternatives.get(rec.result_id, [])}))
    return out


def judged(claims: list[Claim], lang: str = "en") -> pd.DataFrame:
    """Claims judged against what the paper prints, explained in `lang` (a notebook's view of some of the ledger)."""
    printed = _printed()
    frame = pd.DataFrame([_row(c, printed) for c in claims], columns=COLUMNS + ["notebook", "anchor", "explanation_da"])
    if lang == "da":
        frame["explanation"] = frame["explanation_da"]
        frame["location"] = [location(text, lang) for text in frame["location"]]
        frame["description"] = [description(text, lang) for text in frame["description"]]
    return frame[["claim_id", "location", "description", "printed_value", "recomputed_value", "verdict", "explanation"]]


def compare_cells(key: str, cells: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Each recomputed cell of one rebuilt table next to the value the paper prints, judged (explained in `lang`)."""
    return judged(table_claims({key: cells}), lang).drop(columns="description")


def printed_values() -> pd.Series:
    """What the paper prints as results (printed_results.csv), by result id: what the readings are judged against."""
    return _printed()["value"]


def input_rows() -> list[dict]:
    """Every primary input the tables print, as `input` rows: printed and used as they are."""
    rows = []
    key_cols = {"tabel1_international_rankings": ["ranking_id", "country_code"], "tabel2_eurostat_eservices": ["indicator", "year"],
                "figur2_documents_received": ["sender", "year", "response"], "tabel3_selfservice_transactions": ["band"],
                "tabel4_municipal_inquiries": ["municipality", "channel", "part"], "tabel5_national_estimate": ["channel"],
                "tabel6_lejre_count_week": ["channel"], "tabel7_unit_costs_by_source": ["source", "channel"],
                "tabel8_unit_cost_estimate": ["channel"]}
    value_col = {"tabel1_international_rankings": ("rank", "rank"), "tabel2_eurostat_eservices": ("percent", "percent"),
                 "figur2_documents_received": ("percent_of_municipalities", "percent"),
                 "tabel3_selfservice_transactions": ("solutions", "solutions"), "tabel4_municipal_inquiries": ("value", None),
                 "tabel5_national_estimate": ("contacts", "contacts"), "tabel6_lejre_count_week": ("contacts_week_20", "contacts"),
                 "tabel7_unit_costs_by_source": ("unit_cost", None), "tabel8_unit_cost_estimate": ("unit_cost_dkk", "dkk")}
    by_table = {"tabel1": "table_01", "tabel2": "table_02", "figur2": "figure_02", "tabel3": "table_03", "tabel4": "table_04",
                "tabel5": "table_05", "tabel6": "table_06", "tabel7": "table_07", "tabel8": "table_08"}
    for name, keys in key_cols.items():
        res = rawdata.resource(name)
        ex = next(e for e in EXHIBITS if e.key == by_table[name.split("_")[0]])
        frame = rawdata.load(name)
        col, unit = value_col[name]
        for rec in frame.to_dict("records"):
            value = rec[col]
            na = value is None or pd.isna(value)
            if na and name != "tabel2_eurostat_eservices":
                continue  # an empty cell ('-', or no such channel) is not a printed number
            ident = "_".join(str(rec[k]) for k in keys)
            rows.append(dict(claim_id=f"in_{name.split('_')[0]}_{ident}",
                             location=f"{res['x-origin']['exhibit']}, " + ", ".join(str(rec[k]) for k in keys),
                             description=f"{res['title'].split(': ', 1)[-1]} (primary input)",
                             printed_value=None if na else float(value), recomputed_value=None if na else float(value),
                             unit=unit or rec["unit"], verdict="input",
                             explanation=((f"printed as n.a. ({res['path']}); the source check says what Eurostat has",
                                           f"trykt som n.a. ({res['path']}); kildekontrollen siger, hvad Eurostat har")
                                          if na else (f"transcribed from the paper ({res['path']}); used as it is",
                                                      f"afskrevet fra rapporten ({res['path']}); brugt som det er")),
                             notebook=ex.notebook, anchor=ex.anchor))
    for rec in rawdata.load("text_inputs").to_dict("records"):
        if rec["source"] != "paper":
            continue
        rows.append(dict(claim_id=f"in_text_{rec['input_id']}", location=f"Section {rec['section']}",
                         description=f"{rec['description']} (primary input)", printed_value=rec["value"],
                         recomputed_value=rec["value"], unit=rec["unit"], verdict="input",
                         explanation=("a figure the paper takes from elsewhere; nothing in the paper recomputes it",
                                      "et tal, rapporten henter andetsteds fra; intet i rapporten genberegner det"),
                         notebook=AUDIT_NOTEBOOK, anchor="inputs"))
    return rows


def _row(claim: Claim, printed: pd.DataFrame) -> dict:
    p = printed.loc[claim.claim_id]
    precision = printed_precision(p["printed_as"])
    if claim.tolerance is not None:
        precision = claim.tolerance
    # alternatives explain a table cell that does not add up; they never change its verdict
    candidates = [r for r in claim.readings if r.value is not None and not pd.isna(r.value)]
    primary = claim.readings[0]
    best = min(candidates, key=lambda r: abs(r.value - p["value"])) if candidates else primary
    chosen = primary if judge(p["value"], primary.value, precision) in ("exact", "rounding") else best
    if claim.verdict == "not_recomputable":
        chosen = best  # no reading is the paper's: show the one closest to what it prints
    verdict = claim.verdict or judge(p["value"], chosen.value, precision)
    explanation = {lang: _explain(claim, p["value"], precision, chosen, verdict, candidates, lang) for lang in ("en", "da")}
    return dict(claim_id=claim.claim_id, location=f"{p['location']} (p. {p['page']})", description=claim.description,
                printed_value=float(p["value"]), recomputed_value=None if chosen.value is None else float(chosen.value),
                unit=p["unit"], verdict=verdict, explanation=explanation["en"], explanation_da=explanation["da"],
                notebook=claim.anchor[0], anchor=claim.anchor[1])


#: the verdict words inside an explanation ("-> exact"), in Danish
VERDICT_DA = {**{code: names[1] for code, names in VERDICTS.items()}, "no value": "ingen værdi"}


def _explain(claim: Claim, printed: float, precision: float, chosen: Reading, verdict: str, candidates: list[Reading],
             lang: str) -> str:
    """The arithmetic of every reading, the gap when it is a discrepancy, the range when none is the paper's."""
    da = lang == "da"
    parts = []
    for r in claim.readings + claim.extra.get("alternatives", []):
        v = "no value" if r.value is None or pd.isna(r.value) else judge(printed, r.value, precision)
        shown = "" if r.value is None or pd.isna(r.value) else f" = {num(r.value)}"
        text = pick(r.assumptions, lang)
        parts.append(f"[{pick(r.name, lang)}] "
                     f"{text}{'' if text.endswith(shown.strip(' =')) else shown} -> {VERDICT_DA[v] if da else v}")
    if verdict == "discrepancy" and chosen.value is not None:
        parts.append(("printed {} - recomputed {} = {}", "trykt {} - genberegnet {} = {}")[da].format(
            num(printed), num(chosen.value), num(printed - chosen.value)))
    values = [r.value for r in candidates]
    if verdict == "not_recomputable" and len(values) > 1:
        parts.append(("the {} readings range from {} to {} (printed {})", "de {} læsninger spænder fra {} til {} (trykt {})")[da]
                     .format(len(values), num(min(values)), num(max(values)), num(printed)))
    if claim.note:
        parts.append(pick(claim.note, lang))
    return say("; ".join(parts), lang)


def ledger(claims: list[Claim], rows: list[dict]) -> pd.DataFrame:
    """The whole ledger: the judged claims, the rows the numbers check judged itself (cross-checks, each with an
    (English, Danish) explanation) and every primary input; with the notebook and anchor that compute each row."""
    printed = _printed()
    out = [_row(c, printed) for c in claims] + [_split(r) for r in rows + input_rows()]
    ids = [r["claim_id"] for r in out]
    missing = sorted(set(printed.index) - set(ids))
    if missing:
        raise RuntimeError(f"printed results with no claim: {', '.join(missing)}")
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise RuntimeError(f"claims given twice: {', '.join(duplicated)}")
    return pd.DataFrame(out, columns=COLUMNS + ["notebook", "anchor", "explanation_da"])


def _split(row: dict) -> dict:
    """A row whose explanation is (English, Danish): both columns, the Danish with Danish numbers."""
    return {**row, "explanation": say(row["explanation"], "en"), "explanation_da": say(row["explanation"], "da")}


def printed_cells(prefix: str, keys: list[str]) -> pd.Series:
    """Printed values of one column of a table (e.g. Tabel 6's costs), for a search of how they were made."""
    printed = _printed()["value"]
    return pd.Series({k: printed[f"{prefix}{k}"] for k in keys if f"{prefix}{k}" in printed.index})


def readings_table(claims: list[Claim]) -> pd.DataFrame:
    """Every reading of every claim that has more than one, in both languages (claim_readings.csv)."""
    printed = _printed()
    rows = []
    for c in claims:
        rs = c.readings + c.extra.get("alternatives", [])
        if len(rs) < 2:
            continue
        p = printed.loc[c.claim_id]
        precision = c.tolerance if c.tolerance is not None else printed_precision(p["printed_as"])
        for r in rs:
            rows.append(dict(claim_id=c.claim_id, reading=say(r.name, "en"), assumptions=say(r.assumptions, "en"),
                             printed_value=p["value"], value=r.value,
                             verdict="no value" if r.value is None else judge(p["value"], r.value, precision),
                             reading_da=say(r.name, "da"), assumptions_da=say(r.assumptions, "da")))
    return pd.DataFrame(rows, columns=["claim_id", "reading", "assumptions", "printed_value", "value", "verdict",
                                       "reading_da", "assumptions_da"])


def summary(frame: pd.DataFrame, lang: str = "en") -> str:
    """Counts by verdict and every discrepancy, in `lang` (the command line's and the audit notebook's first lines)."""
    counts = frame["verdict"].value_counts()
    words = ("numbers check: {} numbers: ", "printed", "recomputed") if lang == "en" else ("talkontrol: {} tal: ", "trykt", "genberegnet")
    lines = [words[0].format(len(frame)) + ", ".join(
        f"{verdict(v, lang)} {counts.get(v, 0)}" for v in ("exact", "rounding", "discrepancy", "input", "not_recomputable"))]
    for rec in frame[frame["verdict"] == "discrepancy"].itertuples():
        lines.append(f"  {verdict('discrepancy', lang)} {rec.claim_id}: {description(rec.description, lang)}: {words[1]} "
                     f"{number(rec.printed_value, lang)}, {words[2]} {number(rec.recomputed_value, lang)} {unit(rec.unit, lang)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    from . import export

    parser = argparse.ArgumentParser(description="The numbers check of the last build (data/processed/claims.csv): "
                                                 "counts by verdict and every discrepancy")
    parser.parse_args(argv)
    try:
        frame = export.read_processed("claims")
    except export.ProcessedMissing as exc:
        print(f"numbers check: {exc}", file=sys.stderr)
        return 2
    print(summary(frame))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

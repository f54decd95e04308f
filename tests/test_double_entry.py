"""Double entry: every number of data/raw that the paper prints, against a second transcription.

tests/double_entry/ holds the paper's numbers typed a second time, in the paper's own layout (see its
README). A typing error in either copy, or any single changed raw number, fails here cell by cell.
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from borgerservice import rawdata

HERE = Path(__file__).parent / "double_entry"


def _number(text: str):
    if text == "":
        return None
    if text in ("true", "false"):
        return text == "true"
    return float(text)


def _rows(name: str) -> list[dict]:
    with open(HERE / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _wide(name: str, keys: list[str], column_key: str, value_name: str) -> dict:
    """A printed table (a row per printed row, a column per printed column) as {(keys..., column): {value_name: v}}."""
    out = {}
    for row in _rows(name):
        key = tuple(row[k] for k in keys)
        for col, text in row.items():
            if col in keys:
                continue
            out[key + (col,)] = {value_name: _number(text)}
    return out


def _long(name: str, keys: list[str], rename: dict[str, str]) -> dict:
    out = {}
    for row in _rows(name):
        out[tuple(row[k] for k in keys)] = {rename.get(c, c): _number(v) for c, v in row.items() if c not in keys}
    return out


def _second_transcription() -> dict[str, tuple[list[str], dict]]:
    """resource -> (its key columns, {key: {column: value}}), from tests/double_entry/."""
    t1 = {}
    for row in _rows("tabel1.csv"):
        for country in ("DNK", "AUS", "NZL"):
            t1[(row["ranking_id"], country)] = {"edition_year": _number(row["edition_year"]), "rank": _number(row[country])}
    t2 = {(ind, year): v for (ind, year), v in _wide("tabel2.csv", ["indicator"], "year", "percent").items()}
    f2 = {(s, y, r): v for (s, r, y), v in _wide("figur2.csv", ["sender", "response"], "year", "percent_of_municipalities").items()}
    t7 = {(src, ch): v for (ch, src), v in _wide("tabel7.csv", ["channel"], "source", "unit_cost").items()}
    return {
        "tabel1_international_rankings": (["ranking_id", "country_code"], t1),
        "tabel2_eurostat_eservices": (["indicator", "year"], t2),
        "figur2_documents_received": (["sender", "year", "response"], f2),
        "tabel3_selfservice_transactions": (["band"], _long("tabel3.csv", ["band"], {"N": "solutions"})),
        "tabel4_municipal_inquiries": (["municipality", "channel", "part"],
                                       _long("tabel4.csv", ["municipality", "channel", "part"], {})),
        "tabel5_national_estimate": (["channel"], _long("tabel5.csv", ["channel"], {"lower_bound": "is_lower_bound"})),
        "tabel6_lejre_count_week": (["channel"], _long("tabel6.csv", ["channel"], {"antal": "contacts_week_20"})),
        "tabel7_unit_costs_by_source": (["source", "channel"], t7),
        "tabel8_unit_cost_estimate": (["channel"], _long("tabel8.csv", ["channel"], {"kr": "unit_cost_dkk"})),
        "printed_results": (["result_id"], _long("printed_results.csv", ["result_id"], {})),
        "text_inputs": (["input_id"], _long("text_inputs.csv", ["input_id"], {})),
    }


def _same(a, b) -> bool:
    missing_a = a is None or (isinstance(a, float) and math.isnan(a))
    missing_b = b is None or (isinstance(b, float) and math.isnan(b))
    if missing_a or missing_b:
        return missing_a and missing_b
    return a == b


SECOND = _second_transcription()


@pytest.mark.parametrize("resource", sorted(SECOND))
def test_every_printed_number_agrees_with_the_second_transcription(resource):
    keys, expected = SECOND[resource]
    frame = rawdata.load(resource)
    if resource == "text_inputs":  # only the inputs the paper prints; the rest are conventions and outside sources
        frame = frame[frame["source"] == "paper"]
    got = {}
    for rec in frame.to_dict("records"):
        key = tuple(str(rec[k]) for k in keys)
        got[key] = rec
    assert sorted(got) == sorted(expected), f"{resource}: rows differ from the second transcription"
    wrong = []
    for key, cells in expected.items():
        for column, value in cells.items():
            raw = got[key][column]
            raw = None if raw is None or (isinstance(raw, float) and math.isnan(raw)) else raw
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                raw = float(raw)
            if not _same(raw, value):
                wrong.append(f"{key} {column}: data/raw has {raw!r}, the second transcription {value!r}")
    assert not wrong, f"{resource}:\n" + "\n".join(wrong)


def test_the_second_transcription_covers_every_resource_the_paper_prints():
    from_paper = {r["name"] for r in rawdata.descriptor()["resources"]
                  if r["x-role"] in ("primary_input", "printed_result") and "paper" in r.get("x-origin", {})}
    assert from_paper <= set(SECOND), sorted(from_paper - set(SECOND))

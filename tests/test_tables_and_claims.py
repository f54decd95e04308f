"""The rebuilt tables against the values transcribed from the paper, and the numbers check."""
from __future__ import annotations

import pandas as pd
import pytest

from borgerservice import claims, layout, rawdata
from borgerservice.compare import VERDICTS

LEDGER = None


def ledger() -> pd.DataFrame:
    global LEDGER
    if LEDGER is None:
        LEDGER = claims.ledger().set_index("claim_id")
    return LEDGER


@pytest.mark.parametrize("key", list(layout.BUILDERS))
@pytest.mark.parametrize("lang", ["en", "da"])
def test_derived_cells_match_the_paper_unless_a_finding_says_otherwise(key, lang):
    """Each derived cell, rounded as printed, equals the printed value — except the recorded discrepancies."""
    printed = rawdata.load("printed_results").set_index("result_id")
    table = layout.BUILDERS[key](lang)
    for rid, cell in table.derived.items():
        shown = table.frame.iat[cell.row, cell.col]
        verdict = ledger().loc[rid, "verdict"]
        if verdict in ("exact", "rounding"):
            assert float(shown) == pytest.approx(printed.loc[rid, "value"]), (rid, shown)
        else:
            assert verdict == "discrepancy", rid
            assert float(shown) != pytest.approx(printed.loc[rid, "value"]), rid


@pytest.mark.parametrize("key", list(layout.BUILDERS))
def test_tables_keep_the_printed_shape(key):
    shapes = {"table_01": (4, 4), "table_02": (3, 9), "figure_02": (10, 4), "table_03": (6, 3), "table_04": (7, 12),
              "table_05": (7, 2), "table_06": (7, 4), "table_07": (7, 5), "table_08": (5, 2), "table_09": (6, 4)}
    assert layout.BUILDERS[key]("en").frame.shape == shapes[key]
    assert list(layout.BUILDERS[key]("da").frame.shape) == list(shapes[key])


def test_primary_cells_are_the_transcribed_inputs():
    t2 = layout.table_02().frame
    assert pd.isna(t2.loc[0, "2002"]) and t2.loc[1, "2009"] == 67  # n.a. stays missing, never zero
    t7 = layout.table_07().frame
    assert t7.iloc[2, 2] == 110 and pd.isna(t7.iloc[2, 1])  # letter: Copenhagen 110, Vejen '-'


def test_known_findings_are_found():
    """The paper's own inconsistencies, recomputed (the printed values are never copied)."""
    led = ledger()
    for cid in ["t4_sum_vallensbaek", "t4_sum_guldborgsund", "t4_sum_kobenhavn", "t9_contacts_total"]:
        assert led.loc[cid, "verdict"] == "discrepancy", cid
    assert led.loc["t4_sum_vallensbaek", "printed_value"] - led.loc["t4_sum_vallensbaek", "recomputed_value"] == 10_000
    assert led.loc["t9_contacts_total", "recomputed_value"] == pytest.approx(163.285e6)
    assert led.loc["t9_cost_total", "verdict"] == "rounding"
    assert "487,000" in led.loc["t4_sum_guldborgsund", "explanation"]
    assert "10,526,000 -> exact" in led.loc["t4_sum_kobenhavn", "explanation"]


def test_tabel6_pricing_is_found_by_search_not_assumed():
    from borgerservice import analysis as A

    found = A.unit_costs_reproducing(A.lejre_week().set_index("channel")["contacts_week_20"],
                                     claims.printed_cells("t6_cost_", A.CHANNELS))
    for channel, (source, priced_as) in A.LEJRE_PRICING.items():
        hits = found[(found["channel"] == channel) & (found["source"] == source) & (found["priced_as"] == priced_as)]
        assert len(hits) == 1, channel


def test_ledger_covers_every_printed_number_and_uses_valid_verdicts():
    led = ledger()
    printed = rawdata.load("printed_results")
    assert set(printed["result_id"]) <= set(led.index)
    assert set(led["verdict"]) <= set(VERDICTS)
    assert list(claims.ledger().columns[:8]) == claims.COLUMNS
    assert led["explanation"].str.len().min() > 10
    inputs = led[led["verdict"] == "input"]
    assert len(inputs) > 100  # every transcribed cell of every table


def test_numbers_check_matches_the_recorded_ledger():
    """`make check`: a change that silently moves a checked number fails here."""
    problems = claims.check()
    assert not problems, "\n".join(problems)

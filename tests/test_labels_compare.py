"""Labels and number handling: the small rules every table and the numbers check rely on."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borgerservice import labels
from borgerservice.compare import format_plain, judge, parse_danish, printed_precision, round_half_up


def test_every_label_has_english_and_danish():
    for key in labels.keys():
        en, da = labels._LABELS[key]
        assert en.strip() and da.strip(), key
        assert en.count("{") == da.count("{"), f"{key}: placeholders differ between languages"


def test_unknown_language_and_key_fail_loudly():
    with pytest.raises(ValueError, match="valid: en, da"):
        labels.label("total", "de")
    with pytest.raises(KeyError):
        labels.label("no.such.key")


@pytest.mark.parametrize("text,value,precision", [
    ("5.382.000", 5382000, 1), ("2,1%", 2.1, 0.1), ("165 millioner", 165e6, 1e6), ("0,003", 0.003, 0.001),
    ("14,1", 14.1, 0.1), ("7 milliarder", 7e9, 1e9), ("30.578", 30578, 1),
])
def test_parse_danish_and_precision(text, value, precision):
    assert parse_danish(text) == pytest.approx(value)
    assert printed_precision(text) == pytest.approx(precision)


def test_judge():
    assert judge(14.1, 14.05285, 0.1) == "rounding"
    assert judge(66567, 56567, 1) == "discrepancy"
    assert judge(100, 100.0, 1) == "exact"
    assert judge(5, None, 1) == "not_recomputable"
    assert judge(165e6, 163.285e6, 1e6) == "discrepancy"


def test_round_half_up_rounds_halves_away_from_zero():
    assert round_half_up(2.5) == 3 and round_half_up(0.05, 1) == 0.1 and round_half_up(-2.5) == -3


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_round_half_up_is_within_half_a_unit(x, d):
    assert abs(round_half_up(x, d) - x) <= 0.5 * 10 ** -d + 1e-6 * max(1, abs(x))


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e14, max_value=1e14))
def test_format_plain_round_trips(x):
    text = format_plain(x)
    assert "e" not in text and "," not in text
    assert float(text) == pytest.approx(x, rel=1e-11, abs=1e-12)


@given(st.integers(min_value=0, max_value=10**12))
def test_danish_thousands_round_trip(n):
    danish = f"{n:,}".replace(",", ".")
    assert parse_danish(danish) == n
    assert format_plain(n) == str(n)


def test_format_plain_missing_and_bool():
    assert format_plain(None) == "" and format_plain(math.nan) == "" and format_plain(True) == "true"

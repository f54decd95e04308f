"""Judging a recomputed number against the number the paper prints.

A printed number carries its own precision ("14,1" is 14.1 +- 0.05; "165 millioner" is
165 million +- 0.5 million). Equal within that precision is `rounding`; beyond it is a
`discrepancy`, a finding to explain, never an error that stops the build.
"""
from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"[0-9][0-9.]*(,[0-9]+)?")
_MULTIPLIERS = (("milliard", 1e9), ("mia", 1e9), ("million", 1e6), ("mio", 1e6))


def _multiplier(text: str) -> float:
    low = text.lower()
    return next((mult for word, mult in _MULTIPLIERS if word in low), 1.0)


def printed_precision(text: str) -> float | None:
    """Half of this is how far a value may lie from the printed one and still print the same."""
    m = _NUMBER.search(text)
    if not m:
        return None
    decimals = len(m.group(1)) - 1 if m.group(1) else 0
    return 10.0 ** -decimals * _multiplier(text)


def judge(printed: float, computed: float | None, precision: float | None) -> str:
    if computed is None or (isinstance(computed, float) and math.isnan(computed)):
        return "not_recomputable"
    scale = max(1.0, abs(printed))
    if abs(computed - printed) <= 1e-9 * scale:
        return "exact"
    if precision is not None and abs(computed - printed) <= precision / 2 + 1e-9 * scale:
        return "rounding"
    return "discrepancy"


def round_half_up(x: float, decimals: int = 0) -> float:
    """Round as a printed table does (2.5 -> 3), not banker's rounding."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return x
    factor = 10 ** decimals
    value = math.floor(abs(x) * factor + 0.5 + 1e-9) / factor
    value = math.copysign(value, x)
    return int(value) if decimals <= 0 else value


def format_plain(x) -> str:
    """A number as our CSVs write it: no thousands separator, no trailing zeros, no float noise."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        if x.is_integer() and abs(x) < 1e15:
            return str(int(x))
        text = f"{x:.12g}"
        if "e" in text:
            text = f"{x:.12f}".rstrip("0").rstrip(".")
        return text
    return str(x)

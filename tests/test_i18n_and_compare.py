"""The language layer and number handling: the small rules every table, page and the numbers check rely on.

Every expected text below is written by hand: how an English and a Danish reader write the number, and what the
catalog says in Danish."""
import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borgerservice import i18n, names, paths
from borgerservice.compare import format_plain, judge, printed_precision, round_half_up
from borgerservice.i18n import Text, number


@pytest.mark.parametrize("value,digits,en,da", [
    (1234567, None, "1,234,567", "1.234.567"),
    (1234567.891, None, "1,234,567.89", "1.234.567,89"),  # two decimals from 1 up, when none are asked for
    (17.0658036677, None, "17.07", "17,07"),  # Copenhagen's personal share: not 17.0658
    (0.0589, None, "0.059", "0,059"),  # three below 1
    (6.485, 2, "6.49", "6,49"),  # half up, as the paper rounds (Babel alone would round half to even: 6.48)
    (6.49, 1, "6.5", "6,5"),  # Tabel 9's personal cost as printed
    (2011, None, "2,011", "2.011"),  # a count; a year or a seed is passed as text, never as a number
    (-0.0001, None, "0", "0"),  # never "-0"
    (None, None, "", ""), (math.nan, 1, "", ""),
])
def test_numbers_are_written_as_each_reader_writes_them(value, digits, en, da):
    assert number(value, digits, lang="en") == en
    assert number(value, digits, lang="da") == da


def test_a_text_renders_in_each_language_with_its_numbers():
    # the catalog's Danish for this message, numbers with Danish separators
    gap = Text("printed {printed} - recomputed {recomputed} = {gap}", printed=66567, recomputed=56567, gap=10000)
    assert gap.render("en") == "printed 66,567 - recomputed 56,567 = 10,000"
    assert gap.render("da") == "trykt 66.567 - genberegnet 56.567 = 10.000"
    with i18n.language("da"):
        assert names.channel("personal") == "Personlige henvendelser" and str(gap).startswith("trykt")
    assert names.channel("personal") == "Personal contacts"


def test_unknown_language_and_key_fail_loudly():
    with pytest.raises(i18n.LanguageError, match="valid: en, da"):
        i18n.set_language("de")
    with pytest.raises(KeyError):
        names.label("no.such.key")


def test_a_danish_tick_label_has_a_decimal_comma():
    with i18n.language("da"):
        formatter = i18n.tick_formatter()
    assert formatter(2.5, 0) == "2,5" and formatter(1500, 0) == "1.500"


def test_a_danish_page_shows_each_markdown_cell_in_its_translation():
    import nbformat

    nb = nbformat.read(paths.NOTEBOOKS / "02_eurostat_eservices.ipynb", as_version=4)
    first = nb.cells[0].source
    i18n.translate_notebook(nb, "da")
    assert nb.cells[0].source != first and nb.cells[0].source.startswith("# 02")
    assert "Spørgsmål" in nb.cells[0].source  # the catalog's translation of cell 02-00


def _catalog():
    from babel.messages.pofile import read_po

    with i18n.catalog_path("da").open("rb") as fh:
        return read_po(fh)


def test_the_danish_catalog_is_complete_and_current():
    """Every message the code, templates and notebooks use is translated and not fuzzy; every message in the
    catalog is still used (`make translations` updates it, a translator fills it in)."""
    catalog = _catalog()
    template = i18n.extract(paths.ROOT)
    used = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    held = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
    assert not sorted(used - held), f"not in the catalog (run `make translations`): {sorted(used - held)[:5]}"
    assert not sorted(held - used), f"in the catalog but no longer used (run `make translations`): {sorted(held - used)[:5]}"
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"untranslated: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy (the English changed; check the translation and drop the flag): {fuzzy[:5]}"



def test_make_translations_leaves_a_current_catalog_as_it_is(tmp_path, monkeypatch):
    """A contributor runs `make translations` with nothing new to translate, an hour later: the catalog stays byte for
    byte (it used to take a new POT-Creation-Date each time, a diff in every commit); a new message changes it."""
    import datetime
    import shutil

    extract, runs = i18n.extract, iter(range(10))

    def an_hour_later_each_time(root):
        template = extract(root)
        template.creation_date = datetime.datetime(2026, 12, 4, 9, tzinfo=datetime.UTC) + datetime.timedelta(hours=next(runs))
        return template

    monkeypatch.setattr(i18n, "extract", an_hour_later_each_time)

    project = Path(i18n.__file__).parents[2]  # the project the package is imported from, whatever the tests' root
    for rel in ("src/borgerservice", "notebooks", "locale"):
        shutil.copytree(project / rel, tmp_path / rel, ignore=shutil.ignore_patterns("__pycache__"))
    po = tmp_path / "locale/da/LC_MESSAGES/borgerservice.po"
    i18n.update_catalogs(tmp_path)
    first = po.read_bytes()
    i18n.update_catalogs(tmp_path)
    assert po.read_bytes() == first
    (tmp_path / "src/borgerservice/added.py").write_text('from .i18n import _\n\nWORDS = _("a new message")\n')
    i18n.update_catalogs(tmp_path)
    assert b'msgid "a new message"' in po.read_bytes()

def test_every_translation_keeps_its_placeholders():
    import re

    for m in _catalog():
        if m.id and m.string:
            assert set(re.findall(r"\{(\w*)\}", m.id)) == set(re.findall(r"\{(\w*)\}", m.string)), m.id
            assert set(re.findall(r"%\((\w+)\)s", m.id)) == set(re.findall(r"%\((\w+)\)s", m.string)), m.id


def test_notebooks_hold_one_language():
    """No Danish twin cell and no branch on the language in any notebook: Danish comes from the catalog."""
    import re

    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            assert not {"da", "en"} & set(cell.get("metadata", {}).get("tags", [])), f"{path.name} {cell.get('id')}"
            assert not re.search(r"\blang\s*[!=]=|==\s*lang\b", source), f"{path.name} {cell.get('id')}"


@pytest.mark.parametrize("text,precision", [
    ("5.382.000", 1), ("2,1%", 0.1), ("165 millioner", 1e6), ("0,003", 0.001), ("14,1", 0.1), ("7 milliarder", 1e9),
    ("30.578", 1),
])
def test_printed_precision(text, precision):
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
def test_format_plain_writes_whole_numbers_plainly(n):
    assert format_plain(n) == str(n)


def test_format_plain_missing_and_bool():
    assert format_plain(None) == "" and format_plain(math.nan) == "" and format_plain(True) == "true"

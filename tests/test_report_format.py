"""How the report writes numbers for each language, and that text from data cannot become markup."""
from __future__ import annotations

import pytest

from borgerservice import labels, report


@pytest.mark.parametrize("value,lang,digits,expected", [
    ("59000000", "en", None, "59,000,000"),       # Tabel 5, personal contacts: grouped by thousands
    ("59000000", "da", None, "59.000.000"),       # Danish groups with a point
    ("6.5", "da", None, "6,5"),                   # Tabel 9's 6.5 billion: decimal comma, the printed decimals kept
    ("0.003", "en", None, "0.003"),               # Tabel 9's web self-service: a string keeps its decimals
    ("5382000", "en", None, "5,382,000"),          # Tabel 4, Copenhagen's personal contacts
    (12.900855, "da", 2, "12,90"),                # a scenario total: two decimals, comma
    (-0.0001, "en", 2, "0.00"),                   # rounds to zero: no "-0.00"
    (-1.5, "en", 1, "−1.5"),                      # a real minus sign
    (17.065843621399177, "en", None, "17.06584"),  # 1,582,000 / 9,270,000 x 100: seven significant digits
    (164585000.0, "da", None, "164.585.000"),     # the sum of Tabel 5's six rows
    ("Personal", "en", None, "Personal"),          # text stays text
    ("", "da", None, ""),
])
def test_numbers_are_written_as_a_reader_of_the_language_writes_them(value, lang, digits, expected):
    assert labels.number(value, lang, digits) == expected


def test_text_from_the_data_is_escaped_on_every_page():
    page = report.render("scenarios.html.j2", "da", title="<script>alert(1)</script>", table=None)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="da">' in page


def test_every_claim_has_a_danish_description(paper_ledger):
    """The Danish numbers check shows no English description: each one in the ledger has its Danish text."""
    used = set(paper_ledger["description"])
    assert not sorted(used - set(labels.DESCRIPTION_DA)), "no Danish text"
    assert not sorted(set(labels.DESCRIPTION_DA) - used), "Danish text for a description no claim has"


def test_notebook_tables_show_empty_cells_empty_and_numbers_grouped():
    import pandas as pd

    from borgerservice import layout

    # Tabel 4's printed layout: Albertslund's 44,000 personal contacts (a float beside an empty cell), Tabel 5's
    # 59,000,000 (an integer), and a cell the paper leaves empty
    frame = pd.DataFrame({"Channel": ["Personal contacts"], "Albertslund": [44000.0], "Tabel 5": [59000000],
                          "Guldborgsund (second figure)": [None], "Share": [17.065843621399177]})
    en, da = layout.frame_html(frame, "en"), layout.frame_html(frame, "da")
    assert "44,000" in en and "59,000,000" in en and "17.06584" in en
    assert "44.000" in da and "59.000.000" in da and "17,06584" in da
    assert "None" not in en and "NaN" not in en and "44000.0" not in en


@pytest.mark.parametrize("english,danish", [
    # Tabel 4, Guldborgsund: 85,921 + 120,000 + 487,600 + 3,004,580 = 3,698,101 (groups become points)
    ("85,921 + 120,000 + 487,600 + 3,004,580 = 3,698,101", "85.921 + 120.000 + 487.600 + 3.004.580 = 3.698.101"),
    # a decimal and a ratio: 1,582,000 / 9,270,000 x 100 = 17.0658; 0.15 x
    ("1,582,000 / 9,270,000 x 100 = 17.0658; 0.15 x", "1.582.000 / 9.270.000 x 100 = 17,0658; 0,15 x"),
    # the paper's own Danish "1,3+ millioner", a year, a page and a claim id are not English-written numbers
    ("(1,3+ millioner) in 2010 (p. 11), t5_total", "(1,3+ millioner) in 2010 (p. 11), t5_total"),
    ("-2,644,000", "-2.644.000"),
])
def test_danish_numbers_swap_the_separators_of_english_written_numbers(english, danish):
    assert labels.danish_numbers(english) == danish


def test_a_danish_explanation_carries_the_same_arithmetic_in_danish(paper_ledger):
    """Tabel 4, Guldborgsund: the four printed cells 85,921 + 120,000 + 487,600 + 3,004,580 = 3,698,101 against a printed
    sum of 3,697,501, a gap of 3,697,501 - 3,698,101 = -600 (the English explanation says so in English)."""
    row = paper_ledger.set_index("claim_id").loc["t4_sum_guldborgsund"]
    assert "85,921 + 120,000 + 487,600 + 3,004,580 = 3,698,101 -> discrepancy" in row["explanation"]
    assert "85.921 + 120.000 + 487.600 + 3.004.580 = 3.698.101 -> uoverensstemmelse" in row["explanation_da"]
    assert "trykt 3.697.501 - genberegnet 3.698.101 = -600" in row["explanation_da"]
    assert "printed" not in row["explanation_da"] and "trykt" not in row["explanation"]


def test_the_paper_quoted_in_an_english_notebook_table_is_marked_danish():
    import pandas as pd

    from borgerservice import layout

    # a row of the numbers check: its location quotes Tabel 4's own row name ("Personlige henvendelser")
    frame = pd.DataFrame({"claim_id": ["t4_kobenhavn_pct_personal"],
                          "location": ["Tabel 4, Personlige henvendelser, <København>"], "printed_value": [18.0]})
    en, da = layout.frame_html(frame, "en"), layout.frame_html(frame, "da")
    assert '<span lang="da">Tabel 4, Personlige henvendelser, &lt;København&gt;</span>' in en
    assert "<td>Tabel 4, Personlige henvendelser, &lt;København&gt;</td>" in da  # a Danish page needs no mark
    assert '<span lang="da">' not in da and "\u27e6" not in en + da


def test_a_notebook_page_keeps_its_language_and_the_parameters_that_ran():
    import nbformat

    from borgerservice import execute

    def notebook(injected: bool):
        cells = [nbformat.v4.new_markdown_cell("# Question", metadata={"tags": ["en"]}),
                 nbformat.v4.new_markdown_cell("# Spørgsmål", metadata={"tags": ["da"]}),
                 nbformat.v4.new_code_cell('lang = "en"', metadata={"tags": ["parameters"]}),
                 nbformat.v4.new_code_cell('lang = "da"', metadata={"tags": ["injected-parameters"]}),
                 nbformat.v4.new_code_cell("print(1)")]
        return nbformat.v4.new_notebook(cells=[c for c in cells if injected or c.source != 'lang = "da"'])

    shown, _ = execute.page_cells(notebook(injected=True), {}, "da")
    assert ["".join(c.source) for c in shown.cells] == ["# Spørgsmål", 'lang = "da"', "print(1)"]
    # run by hand without papermill's cell: the defaults are what ran, and stay
    shown, _ = execute.page_cells(notebook(injected=False), {}, "en")
    assert ["".join(c.source) for c in shown.cells] == ["# Question", 'lang = "en"', "print(1)"]


def test_a_notebook_page_keeps_nbconvert_s_keyboard_focus_and_image_text():
    """The exporter renders a page once and adds what nbconvert's own adds after it: tabindex on a cell's code and
    on each output, a text for an image that has none (an image with one keeps its own)."""
    from borgerservice import execute

    page = ('<div class="jp-Cell-inputWrapper">code</div>'
            '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain">1</div>'
            '<div class="jp-OutputArea-child">wrapper</div>'
            '<img src="data:image/png;base64,AAAA" width="400">'
            '<img alt="Tabel 9" src="figures/table_09.png">')
    assert execute.accessible(page) == (
        '<div class="jp-Cell-inputWrapper" tabindex="0">code</div>'
        '<div class="jp-RenderedText jp-OutputArea-output" tabindex="0" data-mime-type="text/plain">1</div>'
        '<div class="jp-OutputArea-child">wrapper</div>'
        '<img alt="No description has been provided for this image" src="data:image/png;base64,AAAA" width="400">'
        '<img alt="Tabel 9" src="figures/table_09.png">')

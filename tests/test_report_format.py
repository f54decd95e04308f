"""How the report writes numbers for each language, and that text from data cannot become markup."""
from __future__ import annotations

from borgerservice import i18n, report


def test_text_from_the_data_is_escaped_on_every_page():
    page = report.render("scenarios.html.j2", "da", title="<script>alert(1)</script>",
                         scenarios={"rows": [], "intervals": [], "figures": [], "runs": []})
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="da">' in page


def test_every_claim_has_a_danish_description(paper_ledger):
    """The Danish numbers check shows no English description: each one in the ledger is a message of the catalog."""
    catalog = i18n.translations("da")
    untranslated = sorted(d for d in set(paper_ledger["description"]) if catalog.gettext(d) == d)
    assert not untranslated, f"no Danish text: {untranslated[:3]}"


def test_notebook_tables_show_empty_cells_empty_numbers_grouped_and_no_index():
    import pandas as pd

    from borgerservice import layout

    # Tabel 4's printed layout: Albertslund's 44,000 personal contacts (a float beside an empty cell), Tabel 5's
    # 59,000,000 (an integer), a cell the paper leaves empty, and a share of 17.0658... shown to two decimals
    frame = pd.DataFrame({"Channel": ["Personal contacts"], "Albertslund": [44000.0], "Tabel 5": [59000000],
                          "Guldborgsund (second figure)": [None], "Share": [17.065843621399177]}, index=[7])
    with i18n.language("en"):
        en = layout.frame_html(frame)
    with i18n.language("da"):
        da = layout.frame_html(frame)
    assert "44,000" in en and "59,000,000" in en and "17.07" in en
    assert "44.000" in da and "59.000.000" in da and "17,07" in da
    assert "None" not in en and "NaN" not in en and "44000.0" not in en
    assert "<th>7</th>" not in en and ">7<" not in en  # pandas' index is not a column a reader sees
    assert '<td class="num">44,000</td>' in en  # numbers right-aligned, text left



def test_a_year_in_a_notebook_table_is_a_year_not_a_number_to_group():
    """Notebook 02's gap table showed its years as 2,002 ... 2,009 (2.002 on the Danish page): a year is written as it
    is, in a column of years (`year`, `edition_year`) or in an index named year."""
    import pandas as pd

    from borgerservice import layout

    frame = pd.DataFrame({"year": [2002, 2009], "edition_year": [2010.0, 2024.0], "contacts": [1500, 12000]})
    for lang in ("en", "da"):
        with i18n.language(lang):
            html = layout.frame_html(frame) + layout.frame_html(frame.set_index("year"))
        assert ">2002<" in html and ">2009<" in html and ">2010<" in html and ">2024<" in html, html
        assert "2,002" not in html and "2.002" not in html and "2010.0" not in html
        assert ("12,000" if lang == "en" else "12.000") in html  # other numbers are grouped as before
        assert '<td class="num">2002</td>' in html  # and aligned as numbers

def test_a_danish_explanation_carries_the_same_arithmetic_in_danish(paper_ledger):
    """Tabel 4, Guldborgsund: the four printed cells 85,921 + 120,000 + 487,600 + 3,004,580 = 3,698,101 against a printed
    sum of 3,697,501, a gap of 3,697,501 - 3,698,101 = -600 (the English explanation says so in English)."""
    row = paper_ledger.set_index("claim_id").loc["t4_sum_guldborgsund"]
    assert "85,921 + 120,000 + 487,600 + 3,004,580 = 3,698,101 -> discrepancy" in row["explanation"]
    assert "85.921 + 120.000 + 487.600 + 3.004.580 = 3.698.101 -> uoverensstemmelse" in row["explanation_da"]
    assert "trykt 3.697.501 - genberegnet 3.698.101 = -600" in row["explanation_da"]
    assert "printed" not in row["explanation_da"] and "trykt" not in row["explanation"]


def test_no_explanation_carries_more_decimals_than_a_reader_needs(paper_ledger):
    import re

    for column in ("explanation", "explanation_da"):
        long = [t for t in paper_ledger[column] if re.search(r"\d[.,]\d{4,}", t)]
        assert not long, long[:2]


def test_the_paper_quoted_in_an_english_notebook_table_is_marked_danish():
    import pandas as pd

    from borgerservice import layout

    # a row of the numbers check: its location quotes Tabel 4's own row name ("Personlige henvendelser")
    frame = pd.DataFrame({"claim_id": ["t4_kobenhavn_pct_personal"],
                          "location": ["Tabel 4, Personlige henvendelser, <København>"], "printed_value": [18.0]})
    with i18n.language("en"):
        en = layout.frame_html(frame)
    with i18n.language("da"):
        da = layout.frame_html(frame)
    assert '<span lang="da">Tabel 4, Personlige henvendelser, &lt;København&gt;</span>' in en
    assert "<td>Tabel 4, Personlige henvendelser, &lt;København&gt;</td>" in da  # a Danish page needs no mark
    assert '<span lang="da">' not in da and "\u27e6" not in en + da


def test_a_notebook_page_shows_its_language_and_the_parameters_that_ran():
    import nbformat

    from borgerservice import execute

    def notebook(injected: bool):
        # the first cell is notebook 02's first cell: the Danish page shows its translation from the catalog
        source = nbformat.read(execute.paths.NOTEBOOKS / "02_eurostat_eservices.ipynb", as_version=4).cells[0].source
        cells = [nbformat.v4.new_markdown_cell(source, id="02-00"),
                 nbformat.v4.new_code_cell('lang = "en"', metadata={"tags": ["parameters"]}),
                 nbformat.v4.new_code_cell('lang = "da"', metadata={"tags": ["injected-parameters"]}),
                 nbformat.v4.new_code_cell("print(1)")]
        return nbformat.v4.new_notebook(cells=[c for c in cells if injected or c.source != 'lang = "da"'])

    shown, _ = execute.page_cells(notebook(injected=True), {}, "da")
    sources = ["".join(c.source) for c in shown.cells]
    assert sources[0].startswith("# 02 · ") and "Spørgsmål" in sources[0] and sources[1:] == ['lang = "da"', "print(1)"]
    # run by hand without papermill's cell: the defaults are what ran, and stay
    shown, _ = execute.page_cells(notebook(injected=False), {}, "en")
    sources = ["".join(c.source) for c in shown.cells]
    assert "Question" in sources[0] and sources[1:] == ['lang = "en"', "print(1)"]


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

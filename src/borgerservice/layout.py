"""The paper's tables in their printed layout: same rows and columns, in the same order.

Primary inputs appear as transcribed; every derived cell (sum, share, cost, total) is the one the exhibit's
notebook recomputed (its `cells`: result id, value, the arithmetic in words), placed where the paper prints it and
rounded to the precision of that column. This module places and rounds; the arithmetic is the notebook's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .compare import round_half_up
from .i18n import Text, current, number
from .labels import CHANNELS, COUNTRIES, MUNICIPALITIES, RANKINGS, UNIT_COST_CHANNELS, UNIT_COST_SOURCES
from .names import channel, label


def display_numbers() -> None:
    """How a notebook shows a data frame: numbers as the reader of the current language writes them, empty cells
    empty, no pandas index (a row label is a column of its own), text wrapped, no column cut short."""
    pd.set_option("display.float_format", lambda x: number(x))
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_columns", None)
    pd.set_option("display.width", 200)
    try:
        shell = get_ipython()  # noqa: F821 - defined inside IPython, which is where notebooks run
    except NameError:
        return
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)


def quoted(location: str) -> str:
    """Where a claim is printed, for a notebook's Markdown: our words in the reader's language, the paper's own
    (Danish) table and row names marked as Danish on an English page."""
    import html

    from .names import place

    p = place(location)
    names = html.escape(p["quoted"])
    if names and current() != "da":
        names = f'<span lang="da">{names}</span>'
    return (html.escape(p["text"]) + names + (f" ({html.escape(p['suffix'])})" if p["suffix"] else "")
            + (f" ({html.escape(p['page'])})" if p["page"] else ""))


#: columns that quote the paper's own row and column names, which are Danish whatever the notebook's language
QUOTED_COLUMNS = ("location",)
_QUOTE = ("\u27e6", "\u27e7")  # ⟦ ⟧ mark a quoted cell through pandas' escaping, then become a lang="da" span
#: wrapped text, left-aligned prose, numbers right-aligned: JupyterLab's and the pages' tables alike
TABLE_STYLE = ("<style>body .jp-RenderedHTMLCommon table.bs-table td,body .jp-RenderedHTMLCommon table.bs-table th"
               "{text-align:left;white-space:normal;vertical-align:top}"
               "body .jp-RenderedHTMLCommon table.bs-table td.num{text-align:right;white-space:nowrap}</style>")


#: columns of codes a reader sees by name, and the paper's order of their rows
_CODE_COLUMNS = {"channel": ("channel.", CHANNELS), "municipality": ("municipality.", MUNICIPALITIES),
                 "source": ("source.", [*UNIT_COST_SOURCES, "paper"]), "country_code": ("country.", COUNTRIES)}


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    """Codes (kobenhavn, web_self_service) shown by their names, rows in the paper's order where the codes say it."""
    frame = frame.copy()
    for column, (prefix, order) in _CODE_COLUMNS.items():
        if column not in frame or not frame[column].map(lambda v: isinstance(v, str)).all():
            continue
        codes = frame[column]
        if set(codes) <= set(order) and frame.index.is_unique:
            frame = frame.iloc[codes.map(order.index).argsort(kind="stable")]
        frame[column] = frame[column].map(lambda code, prefix=prefix: _name_or_code(prefix + code, code))
    return frame


def _name_or_code(key: str, code: str) -> str:
    try:
        return label(key)
    except KeyError:
        return code


def frame_html(frame: pd.DataFrame) -> str:
    """A data frame as the notebooks show it: without pandas' index, numbers localised, the paper's Danish quoted."""
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()  # a named index (channel, year) is a column a reader needs; pandas' numbers are not
    frame = _named(frame)
    danish_page = current() == "da"

    def cell(x):
        if isinstance(x, bool) or not pd.api.types.is_number(x):
            return str(x)
        return f"\u2060{number(x)}"  # a word joiner marks the cell as a number for the alignment below

    def quoted(x):
        return f"{_QUOTE[0]}{x}{_QUOTE[1]}" if not danish_page and isinstance(x, str) and x else cell(x)

    def year(x):  # 2002, not 2,002
        return f"\u2060{int(x)}" if pd.api.types.is_number(x) and not isinstance(x, bool) and x == int(x) else cell(x)

    shown = frame.astype(object).where(frame.notna(), "")  # pandas writes None for an empty object cell
    formatters = [quoted if column in QUOTED_COLUMNS else year if str(column) == "year" or str(column).endswith("_year")
                  else cell for column in shown.columns]
    out = shown.to_html(formatters=formatters, border=0, classes="dataframe bs-table", escape=True, index=False)
    out = re.sub(f"{_QUOTE[0]}(.*?){_QUOTE[1]}", r'<span lang="da">\1</span>', out)
    out = out.replace("<td>\u2060", '<td class="num">')
    return TABLE_STYLE + out


@dataclass
class Derived:
    """Where a recomputed cell sits in the printed table, and its value before rounding."""
    value: float
    row: int
    col: int


@dataclass
class PrintedTable:
    frame: pd.DataFrame
    #: result_id in printed_results.csv -> the recomputed cell behind it
    derived: dict[str, Derived] = field(default_factory=dict)


#: the columns of a notebook's recomputed cells (data/processed/recomputed/<exhibit>.csv)
CELL_COLUMNS = ["result_id", "value", "formula", "formula_da"]


def cell(result_id: str, value: float, formula: Text | str) -> dict:
    """One recomputed cell of a printed table: its printed result's id, the value and the arithmetic in words
    (a Text, so that the numbers check can show it in each language)."""
    text = {lang: formula.render(lang) if isinstance(formula, Text) else formula for lang in ("en", "da")}
    return {"result_id": result_id, "value": float(value), "formula": text["en"], "formula_da": text["da"]}


def cells_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=CELL_COLUMNS)
    duplicated = frame["result_id"][frame["result_id"].duplicated()].tolist()
    if duplicated:
        raise ValueError(f"a recomputed cell twice: {', '.join(duplicated)}")
    return frame


def _whole_millions(x: float) -> int:
    """Contact totals are printed in whole millions ('165 millioner')."""
    return int(round_half_up(x / 1e6, 0) * 1e6)


class _Builder:
    """Rows of a printed table; a recomputed cell is placed from the notebook's cells by its result id."""

    def __init__(self, columns: list[str], cells: pd.DataFrame | None = None):
        self.columns, self.rows, self.derived = columns, [], {}
        self.cells = None if cells is None else cells.set_index("result_id")

    def add(self, row: list) -> int:
        self.rows.append(list(row) + [None] * (len(self.columns) - len(row)))
        return len(self.rows) - 1

    def place(self, rid: str, r: int, c: int, decimals: int | None = None) -> float:
        if self.cells is None or rid not in self.cells.index:
            raise KeyError(f"the notebook's recomputed cells have no {rid!r} (printed_results.csv names it)")
        value = float(self.cells.loc[rid, "value"])
        self.rows[r][c] = value if decimals is None else round_half_up(value, decimals)
        self.derived[rid] = Derived(value, r, c)
        return value

    def table(self) -> PrintedTable:
        return PrintedTable(pd.DataFrame(self.rows, columns=self.columns, dtype=object), self.derived)


def table_01(t1: pd.DataFrame) -> PrintedTable:
    b = _Builder([label("col.ranking"), *[label(f"country.{c}") for c in COUNTRIES]])
    for rid in RANKINGS:
        sub = t1[t1["ranking_id"] == rid].set_index("country_code")
        year = int(sub["edition_year"].iloc[0])
        b.add([label(f"ranking.{rid}", year=str(year)), *[int(sub.loc[c, "rank"]) for c in COUNTRIES]])
    return b.table()


def table_02(t2: pd.DataFrame) -> PrintedTable:
    years = sorted(t2["year"].unique())
    wide = t2.pivot(index="indicator", columns="year", values="percent")
    b = _Builder([label("col.indicator"), *[str(y) for y in years]])
    for ind in ["availability", "use", "completion"]:
        b.add([label(f"indicator.{ind}"), *[None if pd.isna(wide.loc[ind, y]) else wide.loc[ind, y] for y in years]])
    return b.table()


def figure_02(f2: pd.DataFrame, cells: pd.DataFrame) -> PrintedTable:
    years = sorted(f2["year"].unique())
    data = f2.set_index(["sender", "response", "year"])["percent_of_municipalities"]
    b = _Builder([label("col.documents_from"), *[str(y) for y in years]], cells)
    responses = ["under_25", "at_least_25", "dont_know"]
    for sender, rid in (("citizens", "citizens"), ("other_authorities", "authorities")):
        b.add([label(f"sender.{sender}")])
        for resp in responses:
            b.add([label(f"response.{resp}"), *[data[(sender, resp, y)] for y in years]])
        r = b.add([label("total")])
        for j, y in enumerate(years, start=1):
            b.place(f"f2_total_{rid}_{y}", r, j)
    return b.table()


#: Tabel 3's bands as printed, and as they appear in result ids
T3_PRINTED_BAND = {"0": "0", "1-9": "<10", "10-99": "10-99", "100-999": "100-999", "1000+": "1000+"}
T3_BAND_ID = {"0": "0", "1-9": "lt10", "10-99": "10_99", "100-999": "100_999", "1000+": "1000plus"}


def table_03(t3: pd.DataFrame, cells: pd.DataFrame) -> PrintedTable:
    b = _Builder([label("col.transactions"), label("col.n"), label("col.pct")], cells)
    for rec in t3.itertuples():
        r = b.add([T3_PRINTED_BAND[rec.band], int(rec.solutions)])
        b.place(f"t3_pct_{T3_BAND_ID[rec.band]}", r, 2, 0)
    r = b.add([label("total")])
    b.place("t3_total_n", r, 1)
    b.place("t3_total_pct", r, 2, 0)
    return b.table()


#: Tabel 4's columns: (municipality, part) of each printed column after the channel names
T4_COLUMNS = [("albertslund", 1), ("albertslund", 2), ("vallensbaek", 1), ("rebild", 1), ("guldborgsund", 1),
              ("guldborgsund", 2), ("lejre", 1), ("lejre", 2), ("kobenhavn", 1), ("kobenhavn", 2)]
#: the sums row: result id -> column
T4_SUMS = {"albertslund": 1, "vallensbaek": 3, "rebild": 4, "guldborgsund": 5, "lejre_year": 7, "lejre_week": 8,
           "kobenhavn": 9}


def table_04(contacts: pd.DataFrame, cells: pd.DataFrame) -> PrintedTable:
    long = contacts.set_index(["municipality", "channel", "part"])["value"]
    m = lambda code: label(f"municipality.{code}")  # noqa: E731
    b = _Builder([label("col.channel"),
                  m("albertslund"), label("col.second_figure", name=m("albertslund")),
                  m("vallensbaek"), label("col.pct_of", name=m("rebild")),
                  m("guldborgsund"), label("col.second_figure", name=m("guldborgsund")),
                  m("lejre"), label("col.week20", name=m("lejre")),
                  m("kobenhavn"), label("col.of_which_libraries", name=m("kobenhavn")),
                  label("col.pct_of", name=m("kobenhavn"))], cells)
    ids = set(b.cells.index)
    for ch in CHANNELS:
        values = [long.get((mun, ch, part)) for mun, part in T4_COLUMNS]
        values[-1] = None if values[-1] is None else values[-1] / 1e6  # library visits are printed in millions
        values[6] = None  # Lejre's year: recomputed below
        r = b.add([channel(ch), *values])
        b.place(f"t4_lejre_year_{ch}", r, 7)
        b.place(f"t4_lejre_week_{ch}", r, 8)
        if f"t4_kobenhavn_pct_{ch}" in ids:
            b.place(f"t4_kobenhavn_pct_{ch}", r, 11, 0)
    r = b.add([label("sum")])
    for rid, col in T4_SUMS.items():
        b.place(f"t4_sum_{rid}", r, col)
    return b.table()


def table_05(t5: pd.DataFrame, cells: pd.DataFrame) -> PrintedTable:
    b = _Builder([label("col.channel"), label("col.national_estimate")], cells)
    for rec in t5.itertuples():
        b.add([channel(rec.channel), int(rec.contacts)])
    r = b.add([label("total")])
    b.rows[r][1] = _whole_millions(b.place("t5_total", r, 1))
    return b.table()


def table_06(week: pd.DataFrame, cells: pd.DataFrame) -> PrintedTable:
    b = _Builder([label("col.channel"), label("col.count"), label("col.share_pct"),
                  label("col.computed_cost_dkk")], cells)
    for rec in week.itertuples():
        r = b.add([channel(rec.channel), int(rec.contacts_week_20)])
        b.place(f"t6_share_{rec.channel}", r, 2, 1)
        b.place(f"t6_cost_{rec.channel}", r, 3, 0)
    r = b.add([label("sum")])
    b.place("t6_sum_contacts", r, 1)
    b.place("t6_sum_share", r, 2, 1)
    b.place("t6_cost_sum", r, 3, 0)
    return b.table()


def table_07(t7: pd.DataFrame) -> PrintedTable:
    t7 = t7.set_index(["channel", "source"])["unit_cost"]
    b = _Builder([label("col.channel_long"), *[label(f"source.{s}") for s in UNIT_COST_SOURCES]])
    for ch in UNIT_COST_CHANNELS:
        b.add([channel(ch, short=True), *[None if pd.isna(t7[(ch, s)]) else t7[(ch, s)] for s in UNIT_COST_SOURCES]])
    return b.table()


def table_08(t8: pd.DataFrame) -> PrintedTable:
    b = _Builder([label("col.channel_long"), label("col.unit_cost_dkk")])
    for rec in t8.itertuples():
        b.add([channel(rec.channel, short=True), rec.unit_cost_dkk])
    return b.table()


def table_09(costs: pd.DataFrame, cells: pd.DataFrame) -> PrintedTable:
    b = _Builder([label("col.channel_long"), label("col.unit_cost"), label("col.contacts"),
                  label("col.total_bn_dkk")], cells)
    for ch in costs["channel"]:
        r = b.add([channel(ch, short=True)])
        b.place(f"t9_unit_cost_{ch}", r, 1)
        b.place(f"t9_contacts_{ch}", r, 2)
        bn = b.cells.loc[f"t9_cost_{ch}", "value"]
        b.place(f"t9_cost_{ch}", r, 3, 1 if bn >= 0.05 else 3)  # billions to one decimal; the tiny self-service to three
    r = b.add([label("total")])
    b.rows[r][2] = _whole_millions(b.place("t9_contacts_total", r, 2))
    b.place("t9_cost_total", r, 3, 1)
    return b.table()


#: the printed tables whose derived cells a notebook recomputes (the rest print primary inputs only)
WITH_CELLS = ("figure_02", "table_03", "table_04", "table_05", "table_06", "table_09")

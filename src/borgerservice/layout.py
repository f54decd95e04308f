"""The paper's tables in their printed layout: same rows and columns, in the same order.

Primary inputs appear as transcribed; every derived cell (sum, share, cost, total) is
recomputed from primary inputs and rounded to the precision the paper prints in that column.
Each derived cell is registered with the printed result it answers to (result_id in
printed_results.csv), its unrounded value and the arithmetic, for the numbers check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from . import analysis as A
from . import rawdata
from .compare import round_half_up
from .labels import channel, label, number


def num(x: float) -> str:
    """A number for an explanation: thousands separated, at most 4 decimals."""
    if x is None or pd.isna(x):
        return "n.a."
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def display_numbers(lang: str) -> None:
    """How a notebook's tables show numbers: grouped as the reader of `lang` writes them, never in scientific
    notation, whole numbers without ".0", empty cells empty (not None or NaN), and no column cut short."""
    pd.set_option("display.float_format", lambda x: number(float(x), lang))
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_columns", None)
    pd.set_option("display.width", 200)
    try:
        shell = get_ipython()  # noqa: F821 - defined inside IPython, which is where notebooks run
    except NameError:
        return
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, lambda frame: frame_html(frame, lang))


#: columns that quote the paper's own row and column names, which are Danish whatever the notebook's language
QUOTED_COLUMNS = ("location",)
_QUOTE = ("\u27e6", "\u27e7")  # ⟦ ⟧ mark a quoted cell through pandas' escaping, then become a lang="da" span


def frame_html(frame: pd.DataFrame, lang: str) -> str:
    """A data frame as the notebooks show it (display_numbers); the paper's Danish quoted as Danish."""
    def cell(x):
        if isinstance(x, str) or isinstance(x, bool) or not pd.api.types.is_number(x):
            return str(x)
        return number(float(x), lang)

    def quoted(x):
        return f"{_QUOTE[0]}{x}{_QUOTE[1]}" if lang != "da" and isinstance(x, str) and x else cell(x)

    shown = frame.astype(object).where(frame.notna(), "")  # pandas writes None for an empty object cell
    formatters = [quoted if column in QUOTED_COLUMNS else cell for column in shown.columns]
    out = shown.to_html(formatters=formatters, border=0, classes="dataframe", escape=True, notebook=True)
    return re.sub(f"{_QUOTE[0]}(.*?){_QUOTE[1]}", r'<span lang="da">\1</span>', out)


#: the words of the formulas behind a printed table's derived cells, in each language (the numbers are the code's)
_FORMULA_WORDS = {
    "lejre_year": ("week 20 x weeks a year", "uge 20 x ugerne i et år"),
    "lejre_week": ("Tabel 6, count week 20", "tabel 6, tælleuge 20"),
    "kbh_pct": ("personal less library visits, phone, letter and website; self-service left out",
                "personlige uden biblioteksbesøg, telefon, post og hjemmeside; selvbetjening udeladt"),
    "website_lower": ("website a lower bound", "hjemmesiden en nedre grænse"),
    "dkk": ("DKK", "kr."),
    "unrounded_shares": ("sum of the unrounded shares", "summen af de uafrundede andele"),
    "t9_rows": ("the rows of Tabel 9; Tabel 5's website contacts have no row",
                "tabel 9's rækker; tabel 5's hjemmesidehenvendelser har ingen række"),
    "unrounded_bn": ("unrounded, DKK billion", "uafrundet, mia. kr."),
}


def _say(key: str, lang: str) -> str:
    return _FORMULA_WORDS[key][lang == "da"]


@dataclass
class Derived:
    value: float
    formula: str
    row: int
    col: int


@dataclass
class PrintedTable:
    frame: pd.DataFrame
    #: result_id in printed_results.csv -> the recomputed cell behind it
    derived: dict[str, Derived] = field(default_factory=dict)


def _whole_millions(x: float) -> int:
    """Contact totals are printed in whole millions ('165 millioner')."""
    return int(round_half_up(x / 1e6, 0) * 1e6)


class _Builder:
    def __init__(self, columns: list[str]):
        self.columns, self.rows, self.derived = columns, [], {}

    def add(self, row: list) -> int:
        self.rows.append(list(row) + [None] * (len(self.columns) - len(row)))
        return len(self.rows) - 1

    def derive(self, rid: str, r: int, c: int, value: float, formula: str, decimals: int | None = None) -> None:
        self.rows[r][c] = value if decimals is None else round_half_up(value, decimals)
        self.derived[rid] = Derived(float(value), formula, r, c)

    def table(self) -> PrintedTable:
        return PrintedTable(pd.DataFrame(self.rows, columns=self.columns, dtype=object), self.derived)


def table_01(lang: str = "en") -> PrintedTable:
    t1 = rawdata.load("tabel1_international_rankings")
    b = _Builder([label("col.ranking", lang), *[label(f"country.{c}", lang) for c in A.COUNTRIES]])
    for rid in A.RANKINGS:
        sub = t1[t1["ranking_id"] == rid].set_index("country_code")
        year = int(sub["edition_year"].iloc[0])
        b.add([label(f"ranking.{rid}", lang, year=year), *[int(sub.loc[c, "rank"]) for c in A.COUNTRIES]])
    return b.table()


def table_02(lang: str = "en") -> PrintedTable:
    t2 = rawdata.load("tabel2_eurostat_eservices")
    years = sorted(t2["year"].unique())
    wide = t2.pivot(index="indicator", columns="year", values="percent")
    b = _Builder([label("col.indicator", lang), *[str(y) for y in years]])
    for ind in ["availability", "use", "completion"]:
        b.add([label(f"indicator.{ind}", lang), *[None if pd.isna(wide.loc[ind, y]) else wide.loc[ind, y] for y in years]])
    return b.table()


def figure_02(lang: str = "en") -> PrintedTable:
    f2 = rawdata.load("figur2_documents_received")
    years = sorted(f2["year"].unique())
    data = f2.set_index(["sender", "response", "year"])["percent_of_municipalities"]
    b = _Builder([label("col.documents_from", lang), *[str(y) for y in years]])
    responses = ["under_25", "at_least_25", "dont_know"]
    for sender, rid in (("citizens", "citizens"), ("other_authorities", "authorities")):
        b.add([label(f"sender.{sender}", lang)])
        for resp in responses:
            b.add([label(f"response.{resp}", lang), *[data[(sender, resp, y)] for y in years]])
        r = b.add([label("total", lang)])
        for j, y in enumerate(years, start=1):
            parts = [data[(sender, resp, y)] for resp in responses]
            b.derive(f"f2_total_{rid}_{y}", r, j, sum(parts), " + ".join(num(p) for p in parts))
    return b.table()


def table_03(lang: str = "en") -> PrintedTable:
    t3 = A.selfservice_distribution()
    printed_band = {"0": "0", "1-9": "<10", "10-99": "10-99", "100-999": "100-999", "1000+": "1000+"}
    ids = {"0": "0", "1-9": "lt10", "10-99": "10_99", "100-999": "100_999", "1000+": "1000plus"}
    total = int(t3["solutions"].sum())
    b = _Builder([label("col.transactions", lang), label("col.n", lang), label("col.pct", lang)])
    for rec in t3.itertuples():
        r = b.add([printed_band[rec.band], int(rec.solutions)])
        b.derive(f"t3_pct_{ids[rec.band]}", r, 2, rec.percent, f"{num(rec.solutions)} / {num(total)} x 100", 0)
    r = b.add([label("total", lang)])
    b.derive("t3_total_n", r, 1, total, " + ".join(num(v) for v in t3["solutions"]))
    b.derive("t3_total_pct", r, 2, t3["percent"].sum(), _say("unrounded_shares", lang), 0)
    return b.table()


def table_04(lang: str = "en") -> PrintedTable:
    long = A.municipal_contacts().set_index(["municipality", "channel", "part"])["value"]
    kbh = A.kobenhavn_shares().set_index("channel")
    weeks = int(rawdata.text_inputs()["weeks_per_year"])
    m = lambda code: label(f"municipality.{code}", lang)  # noqa: E731
    b = _Builder([label("col.channel", lang),
                  m("albertslund"), label("col.second_figure", lang, name=m("albertslund")),
                  m("vallensbaek"), label("col.pct_of", lang, name=m("rebild")),
                  m("guldborgsund"), label("col.second_figure", lang, name=m("guldborgsund")),
                  m("lejre"), label("col.week20", lang, name=m("lejre")),
                  m("kobenhavn"), label("col.of_which_libraries", lang, name=m("kobenhavn")),
                  label("col.pct_of", lang, name=m("kobenhavn"))])

    def get(mun, ch, part):
        return long.get((mun, ch, part))

    for ch in A.CHANNELS:
        lib = get("kobenhavn", ch, 2)
        r = b.add([channel(ch, lang), get("albertslund", ch, 1), get("albertslund", ch, 2), get("vallensbaek", ch, 1),
                   get("rebild", ch, 1), get("guldborgsund", ch, 1), get("guldborgsund", ch, 2), None,
                   get("lejre", ch, 2), get("kobenhavn", ch, 1), None if lib is None else lib / 1e6])
        week = get("lejre", ch, 2)
        b.derive(f"t4_lejre_year_{ch}", r, 7, get("lejre", ch, 1), f"{num(week)} x {weeks} ({_say('lejre_year', lang)})")
        b.derive(f"t4_lejre_week_{ch}", r, 8, week, _say("lejre_week", lang))
        if ch in kbh.index:
            b.derive(f"t4_kobenhavn_pct_{ch}", r, 11, kbh.loc[ch, "percent"],
                     f"{num(kbh.loc[ch, 'contacts'])} / {num(kbh['contacts'].sum())} x 100 ({_say('kbh_pct', lang)})", 0)
    r = b.add([label("sum", lang)])
    for mun, col, part, rid in (("albertslund", 1, None, "albertslund"), ("vallensbaek", 3, 1, "vallensbaek"),
                                ("rebild", 4, 1, "rebild"), ("guldborgsund", 5, None, "guldborgsund"),
                                ("lejre", 7, 1, "lejre_year"), ("lejre", 8, 2, "lejre_week"),
                                ("kobenhavn", 9, 1, "kobenhavn")):
        parts = [v for (mm, ch, p), v in long.items() if mm == mun and (part is None or p == part)]
        b.derive(f"t4_sum_{rid}", r, col, sum(parts), " + ".join(num(v) for v in parts))
    return b.table()


def table_05(lang: str = "en") -> PrintedTable:
    t5 = A.national_estimate()
    b = _Builder([label("col.channel", lang), label("col.national_estimate", lang)])
    for rec in t5.itertuples():
        b.add([channel(rec.channel, lang), int(rec.contacts)])
    r = b.add([label("total", lang)])
    total = A.national_total()
    b.derive("t5_total", r, 1, total, " + ".join(num(v) for v in t5["contacts"]) + f" ({_say('website_lower', lang)})")
    b.rows[r][1] = _whole_millions(total)
    return b.table()


def table_06(lang: str = "en") -> PrintedTable:
    t6 = A.lejre_costs()
    total = int(t6["contacts_week_20"].sum())
    b = _Builder([label("col.channel", lang), label("col.count", lang), label("col.share_pct", lang),
                  label("col.computed_cost_dkk", lang)])
    for rec in t6.itertuples():
        r = b.add([channel(rec.channel, lang), int(rec.contacts_week_20)])
        b.derive(f"t6_share_{rec.channel}", r, 2, rec.percent, f"{num(rec.contacts_week_20)} / {num(total)} x 100", 1)
        b.derive(f"t6_cost_{rec.channel}", r, 3, rec.cost_dkk,
                 f"{num(rec.contacts_week_20)} x {num(rec.unit_cost_dkk)} {_say('dkk', lang)} (Tabel 7, {rec.priced_as})", 0)
    r = b.add([label("sum", lang)])
    b.derive("t6_sum_contacts", r, 1, total, " + ".join(num(v) for v in t6["contacts_week_20"]))
    b.derive("t6_sum_share", r, 2, t6["percent"].sum(), _say("unrounded_shares", lang), 1)
    b.derive("t6_cost_sum", r, 3, t6["cost_dkk"].sum(), " + ".join(num(v) for v in t6["cost_dkk"]), 0)
    return b.table()


def table_07(lang: str = "en") -> PrintedTable:
    t7 = A.unit_costs_by_source().set_index(["channel", "source"])["unit_cost"]
    b = _Builder([label("col.channel_long", lang), *[label(f"source.{s}", lang) for s in A.SOURCES]])
    for ch in A.UNIT_COST_CHANNELS:
        b.add([channel(ch, lang, short=True), *[None if pd.isna(t7[(ch, s)]) else t7[(ch, s)] for s in A.SOURCES]])
    return b.table()


def table_08(lang: str = "en") -> PrintedTable:
    t8 = A.unit_cost_estimate()
    b = _Builder([label("col.channel_long", lang), label("col.unit_cost_dkk", lang)])
    for rec in t8.itertuples():
        b.add([channel(rec.channel, lang, short=True), rec.unit_cost_dkk])
    return b.table()


def table_09(lang: str = "en") -> PrintedTable:
    costs = A.channel_costs()
    b = _Builder([label("col.channel_long", lang), label("col.unit_cost", lang), label("col.contacts", lang),
                  label("col.total_bn_dkk", lang)])
    for rec in costs.itertuples():
        r = b.add([channel(rec.channel, lang, short=True)])
        b.derive(f"t9_unit_cost_{rec.channel}", r, 1, rec.unit_cost_dkk, "Tabel 8")
        b.derive(f"t9_contacts_{rec.channel}", r, 2, rec.contacts, "Tabel 5")
        # billions to one decimal, as printed; the tiny self-service cost to three
        decimals = 1 if rec.cost_bn_dkk >= 0.05 else 3
        b.derive(f"t9_cost_{rec.channel}", r, 3, rec.cost_bn_dkk,
                 f"{num(rec.unit_cost_dkk)} {_say('dkk', lang)} x {num(rec.contacts)} = {num(rec.cost_dkk)} {_say('dkk', lang)}", decimals)
    r = b.add([label("total", lang)])
    b.derive("t9_contacts_total", r, 2, costs["contacts"].sum(),
             " + ".join(num(v) for v in costs["contacts"]) + f" ({_say('t9_rows', lang)})")
    b.rows[r][2] = _whole_millions(costs["contacts"].sum())
    b.derive("t9_cost_total", r, 3, costs["cost_bn_dkk"].sum(),
             " + ".join(num(v) for v in costs["cost_bn_dkk"]) + f" ({_say('unrounded_bn', lang)})", 1)
    return b.table()


BUILDERS = {"table_01": table_01, "table_02": table_02, "figure_02": figure_02, "table_03": table_03,
            "table_04": table_04, "table_05": table_05, "table_06": table_06, "table_07": table_07,
            "table_08": table_08, "table_09": table_09}

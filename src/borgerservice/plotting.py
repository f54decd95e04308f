"""One look for every figure: the same fonts, the same colour for a channel everywhere,
a title, axis labels with units and a source line."""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import seaborn as sns

from .i18n import _, number, tick_formatter
from .names import label

#: colour of each contact channel, the same in every figure (colour-blind safe palette)
CHANNEL_COLOURS = dict(zip(
    ["personal", "phone", "letter", "email", "web_self_service", "website", "chat", "phone_self_service"],
    sns.color_palette("colorblind", 8).as_hex()))
SOURCE_COLOURS = dict(zip(["vejen", "kobenhavn", "kl", "kmd", "paper"], sns.color_palette("Set2", 5).as_hex()))
HIGHLIGHT = "#c0392b"
MUTED = "#b0b0b0"


def apply_style() -> None:
    sns.set_theme(context="notebook", style="whitegrid", font="DejaVu Sans")
    matplotlib.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": 200, "figure.figsize": (8, 4.8), "axes.titlesize": 13,
        "axes.titleweight": "bold", "axes.labelsize": 11, "legend.frameon": False,
        "svg.hashsalt": "borgerservice", "svg.fonttype": "path", "path.simplify": True,
    })


def new_figure(width: float = 8, height: float = 4.8, ncols: int = 1, **kw):
    apply_style()
    return plt.subplots(1, ncols, figsize=(width, height), **kw)


def finish(fig, title_key: str | None, source: str, title: str | None = None) -> None:
    """Title, source line, numbers written as the reader writes them, tight layout: the same for every figure.
    `source` names where the numbers come from, in the reader's language."""
    from matplotlib.ticker import ScalarFormatter

    if title_key or title:
        fig.suptitle(title or label(title_key), fontsize=13, fontweight="bold", x=0.01, ha="left")
    fig.text(0.01, -0.02, _("Source: {source}", source=source), fontsize=8, color="#555555", ha="left", va="top")
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):  # a number axis (not categories, not a log)
                axis.set_major_formatter(tick_formatter())
    fig.tight_layout()


def _pct_axis(ax, label_key: str, top: float = 100) -> None:
    ax.set_ylim(0, top)
    ax.set_ylabel(label(label_key))


# --- one function per figure: data in, figure out (the notebook saves it) ----------------
def rankings_distribution(egdi, highlight: list[str]):
    """Tabel 1 in context: every country's UN e-government index, the paper's three marked."""
    fig, ax = new_figure(8, 4.2)
    ordered = egdi.sort_values("egdi", ascending=False).reset_index(drop=True)
    colours = [HIGHLIGHT if c in highlight else MUTED for c in ordered["country_code"]]
    ax.bar(range(len(ordered)), ordered["egdi"], color=colours, width=1.0, linewidth=0)
    marked = ordered[ordered["country_code"].isin(highlight)]
    top = float(ordered["egdi"].max())
    for k, (i, rec) in enumerate(marked.iterrows()):
        # labels stacked to the right of the bars, one line each, so they never overlap
        text = _("{country} (rank {rank}, EGDI {egdi})", country=label("country." + rec["country_code"]),
                 rank=str(int(rec["egdi_rank"])), egdi=number(rec["egdi"], 3))
        ax.annotate(text, (i, rec["egdi"]),
                    xytext=(len(ordered) * 0.18, top - 0.07 * k), textcoords="data", fontsize=9, color=HIGHLIGHT,
                    va="center", arrowprops={"arrowstyle": "-", "color": HIGHLIGHT, "lw": 0.8})
    ax.set_xlim(-1, len(ordered))
    ax.set_xlabel(_("{countries} (n = {n})", countries=label("axis.countries"), n=len(ordered)))
    ax.set_ylabel(label("axis.egdi"))
    ax.set_xticks([])
    finish(fig, "title.table_01", _("UN E-Government Survey 2010 (UN DESA), via UNU-EGOV; the paper's Tabel 1"))
    return fig


def eservices(wide):
    """Tabel 2: availability, use and completion; n.a. years are gaps, not zeros."""
    fig, ax = new_figure(8, 4.4)
    styles = {"availability": ("#4c72b0", "o"), "use": ("#dd8452", "s"), "completion": ("#55a868", "^")}
    for ind, (colour, marker) in styles.items():
        ax.plot(wide["year"], wide[ind], marker=marker, color=colour, label=label(f"indicator.{ind}"))
    # the gap between use and completion, only where both are printed (no band across 2005's n.a.)
    have = wide["use"].notna() & wide["completion"].notna()
    ax.fill_between(wide["year"], wide["completion"], wide["use"], where=have.to_numpy(), interpolate=False,
                    color="#dd8452", alpha=0.12, label=label("legend.use_minus_completion"))
    ax.set_xticks(list(wide["year"]), [str(y) for y in wide["year"]])  # years, not numbers to group
    ax.set_xlabel(label("axis.year"))
    _pct_axis(ax, "axis.percent")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=4, fontsize=9)
    finish(fig, "title.table_02", _("the paper's Tabel 2 (Eurostat); 2005 n.a."))
    return fig


def documents_received(tidy):
    """Figur 2: share of municipalities by share of documents received electronically."""
    responses = ["under_25", "at_least_25", "dont_know"]
    colours = dict(zip(responses, ["#c44e52", "#55a868", "#b0b0b0"]))
    fig, axes = new_figure(9, 4.2, ncols=2, sharey=True)
    for ax, sender in zip(axes, ["citizens", "other_authorities"]):
        sub = tidy[tidy["sender"] == sender]
        years = sorted(sub["year"].unique())
        bottom = [0.0] * len(years)
        for resp in responses:
            vals = [float(sub[(sub["year"] == y) & (sub["response"] == resp)]["percent_of_municipalities"].iloc[0]) for y in years]
            ax.bar([str(y) for y in years], vals, bottom=bottom, color=colours[resp], label=label(f"response.{resp}"))
            for i, v in enumerate(vals):
                ax.text(i, bottom[i] + v / 2, number(v), ha="center", va="center", fontsize=9, color="white")
            bottom = [b + v for b, v in zip(bottom, vals)]
        ax.set_title(label(f"sender.{sender}"), fontsize=11)
        ax.set_xlabel(label("axis.year"))
    _pct_axis(axes[0], "axis.percent_municipalities", 105)
    axes[1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    finish(fig, "title.figure_02", _("the paper's table with Figur 2 (Danmarks Statistik)"))
    return fig


def selfservice_bands(t3):
    """Tabel 3: how few transactions most self-service solutions have."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig, ax = new_figure(8, 4.4)
    from .labels import FEW_TRANSACTIONS
    from .layout import T3_PRINTED_BAND

    xs = [T3_PRINTED_BAND[band] for band in t3["band"]]  # the bands as Tabel 3 prints them ("<10", not "1-9")

    colours = [HIGHLIGHT if lo < FEW_TRANSACTIONS else "#4c72b0" for lo in t3["min_transactions"]]
    bars = ax.bar(xs, t3["solutions"], color=colours)
    for bar, pct in zip(bars, t3["percent"]):  # the share inside the bar, clear of the line and the frame
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() - 2, _("{value} %", value=number(pct, 0)), ha="center", va="top",
                fontsize=9, color="white", fontweight="bold")
    ax.set_ylim(0, max(t3["solutions"]) * 1.12)
    ax2 = ax.twinx()
    ax2.plot(xs, t3["cumulative_percent"], color="#333333", marker="o", lw=1.2, ms=5)
    ax2.set_ylim(0, 112)
    ax2.set_ylabel(label("axis.cumulative_share"))
    ax2.grid(False)
    ax.set_xlabel(label("axis.transactions_band"))
    ax.set_ylabel(label("axis.solutions"))
    ax.legend(handles=[Patch(color=HIGHLIGHT, label=label("legend.under_limit", limit=FEW_TRANSACTIONS)),
                       Patch(color="#4c72b0", label=label("legend.limit_or_more", limit=FEW_TRANSACTIONS)),
                       Line2D([], [], color="#333333", marker="o", lw=1.2, label=label("legend.cumulative_share"))],
              loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=9)
    finish(fig, "title.table_03", _("the paper's Tabel 3 (borger.dk)"))
    return fig


def channel_mix(shares):
    """Tabel 4: each municipality's contacts split by channel (shares of what it reports)."""
    from .labels import CHANNELS, MUNICIPALITIES

    fig, ax = new_figure(9, 4.4)
    present = [m for m in MUNICIPALITIES if m in set(shares["municipality"])]
    left = {m: 0.0 for m in present}
    for ch in CHANNELS:
        vals = [float(shares[(shares["municipality"] == m) & (shares["channel"] == ch)]["percent"].sum()) for m in present]
        ax.barh([label(f"municipality.{m}") for m in present], vals, left=[left[m] for m in present],
                color=CHANNEL_COLOURS[ch], label=label(f"channel.{ch}"))
        for m, v in zip(present, vals):
            left[m] += v
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(label("axis.share_contacts"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    finish(fig, "title.table_04", _("the paper's Tabel 4 (Lejre: count week 20 x 52)"))
    return fig


def national_estimate(t5):
    fig, ax = new_figure(8, 4.0)
    names = [label(f"channel.{c}") for c in t5["channel"]]
    ax.barh(names, t5["contacts"] / 1e6, color=[CHANNEL_COLOURS[c] for c in t5["channel"]])
    for i, v in enumerate(t5["contacts"] / 1e6):
        ax.text(v + 0.5, i, number(v), va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(label("axis.contacts_million"))
    finish(fig, "title.table_05", _("the paper's Tabel 5"))
    return fig


def count_week_costs(t6):
    """Tabel 6: in Lejre's count week, e-mail is most of the contacts and most of the cost."""
    fig, ax = new_figure(8, 4.2)
    names = [label(f"channel.{c}") for c in t6["channel"]]
    y = range(len(names))
    cost_share = 100 * t6["cost_dkk"] / t6["cost_dkk"].sum()
    ax.barh([i - 0.2 for i in y], t6["percent"], height=0.4, color=[CHANNEL_COLOURS[c] for c in t6["channel"]],
            alpha=0.55, label=label("legend.count_share"))
    ax.barh([i + 0.2 for i in y], cost_share, height=0.4, color=[CHANNEL_COLOURS[c] for c in t6["channel"]],
            label=label("legend.cost_share"), hatch="//")
    ax.set_yticks(list(y), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(label("axis.share_contacts") + " / " + label("legend.cost_share").lower() + " (%)")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(facecolor="#999999", alpha=0.55, label=label("legend.count_share")),
                       Patch(facecolor="#999999", hatch="//", label=label("legend.cost_share"))],
              loc="lower right")
    finish(fig, "title.table_06", _("the paper's Tabel 6 (Lejre Kommune), priced at Copenhagen's unit costs of Tabel 7"))
    return fig


def unit_costs(t7, t8):
    """Tabel 7 against Tabel 8: the sources disagree, channel by channel. Sources in kroner share one axis with
    the paper's estimate; Vejen's index (phone = 100) is not kroner and gets a panel of its own."""
    from .labels import UNIT_COST_CHANNELS
    from .labels import UNIT_COST_SOURCES as UNIT_COST_SOURCES

    fig, (ax, axi) = new_figure(9, 4.8, ncols=2, sharey=True, gridspec_kw={"width_ratios": [3, 1.2]})
    names = [label(f"channel_short.{c}") for c in UNIT_COST_CHANNELS]
    markers = dict(zip(UNIT_COST_SOURCES, ["D", "o", "s", "^"]))
    units = t7.groupby("source")["unit"].first()
    in_kroner = [s for s in UNIT_COST_SOURCES if units.get(s) == "dkk"]
    offsets = dict(zip(in_kroner, [-0.2, 0.0, 0.2]))
    for s in UNIT_COST_SOURCES:
        sub = t7[(t7["source"] == s)].set_index("channel")["unit_cost"]
        here = [(i, sub[c]) for i, c in enumerate(UNIT_COST_CHANNELS) if not _isnan(sub.get(c))]
        target, dy = (ax, offsets[s]) if s in in_kroner else (axi, 0.0)
        target.scatter([x for _, x in here], [i + dy for i, _ in here], marker=markers[s], s=46,
                       color=SOURCE_COLOURS[s], label=label(f"source.{s}"), zorder=3)
    est = t8.set_index("channel")["unit_cost_dkk"]
    for i, c in enumerate(UNIT_COST_CHANNELS):
        if c in est.index:
            ax.plot([est[c], est[c]], [i - 0.38, i + 0.38], color="black", lw=2.2, zorder=4,
                    label=label("legend.paper_estimate") if i == 0 else None)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlabel(label("axis.unit_cost_dkk"))
    ax.legend(loc="lower right", fontsize=8)
    axi.set_xlabel(label("axis.vejen_index"))
    axi.set_xlim(left=0)
    axi.legend(loc="lower right", fontsize=8)
    finish(fig, "title.table_07", _("the paper's Tabel 7 and Tabel 8"))
    return fig


def cost_vs_volume(costs):
    """Tabel 9: where the contacts are and where the money goes."""
    fig, axes = new_figure(9.5, 4.2, ncols=2, sharey=True)
    names = [label(f"channel_short.{c}") for c in costs["channel"]]
    colours = [CHANNEL_COLOURS[c] for c in costs["channel"]]
    axes[0].barh(names, costs["contacts"] / 1e6, color=colours)
    axes[1].barh(names, costs["cost_bn_dkk"], color=colours)
    # the numbers as Tabel 9 prints them: contacts in millions, costs to one decimal (self-service to three)
    for ax, vals in ((axes[0], costs["contacts"] / 1e6), (axes[1], costs["cost_bn_dkk"])):
        for i, v in enumerate(vals):
            ax.text(v, i, " " + number(v, 1 if v >= 0.05 else 3), va="center", fontsize=9)
    axes[0].invert_yaxis()
    axes[0].set_xlabel(label("axis.contacts_million"))
    axes[1].set_xlabel(label("axis.cost_bn"))
    finish(fig, "title.table_09", _("the paper's Tabel 8 unit costs x Tabel 5 volumes (Tabel 9)"))
    return fig


# --- figures whose numbers the paper does not publish: drawn only from a supplied file ---
def email_response_times(tidy):
    fig, ax = new_figure(8, 4.2)
    levels = list(dict.fromkeys(tidy["government_level"]))
    bands = list(dict.fromkeys(tidy["response_time"]))
    width = 0.8 / max(1, len(levels))
    for j, lev in enumerate(levels):
        sub = tidy[tidy["government_level"] == lev].set_index("response_time")["percent"]
        ax.bar([i + j * width for i in range(len(bands))], [sub.get(b, 0) for b in bands], width=width, label=lev)
    ax.set_xticks([i + width * (len(levels) - 1) / 2 for i in range(len(bands))], bands)
    _pct_axis(ax, "axis.percent")
    ax.legend()
    finish(fig, "title.figure_01", _("a supplied file, figur1_email_response_times.csv (not the paper's numbers)"))
    return fig


def documents_handled(tidy):
    fig, ax = new_figure(8, 4.2)
    for band, sub in tidy.groupby("share_band", sort=False):
        ax.plot(sub["year"], sub["percent_of_municipalities"], marker="o", label=band)
    ax.set_xlabel(label("axis.year"))
    _pct_axis(ax, "axis.percent_municipalities")
    ax.legend()
    finish(fig, "title.figure_03", _("a supplied file, figur3_documents_handled_electronically.csv (not the paper's numbers)"))
    return fig


def completion_per_solution(tidy):
    fig, ax = new_figure(8, 4.2)
    ax.hist(tidy["completion_percent"], bins=range(0, 105, 5), color="#4c72b0")
    ax.set_xlabel(label("axis.completion_pct"))
    ax.set_ylabel(label("axis.solutions"))
    finish(fig, "title.figure_04", _("a supplied file, figur4_selfservice_completion.csv (not the paper's numbers)"))
    return fig


def _isnan(x) -> bool:
    return x is None or x != x


# --- scenarios ----------------------------------------------------------------------------
def scenario_savings(table):
    """Left: what each scenario saves against its own starting point; right: its total against Tabel 9."""
    fig, axes = new_figure(11, 0.45 * len(table) + 1.6, ncols=2, sharey=True)
    y = list(range(len(table)))
    for ax, col, good in zip(axes, ["saving_bn_dkk", "after_minus_paper_bn_dkk"], [1, -1]):
        # blue where the scenario is cheaper, red where it is dearer
        ax.barh(y, table[col], color=["#4c72b0" if good * v >= 0 else "#c44e52" for v in table[col]])
        ax.axvline(0, color="#333333", lw=0.8)
    has = table["saving_p2_5_bn_dkk"].notna()
    lo = (table["saving_bn_dkk"] - table["saving_p2_5_bn_dkk"])[has]
    hi = (table["saving_p97_5_bn_dkk"] - table["saving_bn_dkk"])[has]
    axes[0].errorbar(table["saving_bn_dkk"][has], [i for i, h in zip(y, has) if h], xerr=[lo, hi], fmt="none",
                     ecolor="#333333", capsize=3)
    axes[0].set_yticks(y, table["scenario"])
    axes[0].invert_yaxis()
    axes[0].set_xlabel(label("axis.saving_bn"))
    axes[1].set_xlabel(label("axis.vs_paper_bn"))
    finish(fig, "title.scenarios", _('scenarios.toml; the cost model (unit cost x volume, Tabel 5, 7, 8); bars: 95 % Monte Carlo interval'))
    return fig


def scenario_tornado(tor):
    fig, ax = new_figure(8, 3.8)
    base = float(tor["base_bn_dkk"].iloc[0])
    wide = tor.pivot(index="channel", columns="end", values="total_bn_dkk")
    wide["span"] = (wide["high"] - wide["low"]).abs()
    wide = wide.sort_values("span")
    for i, (ch, rec) in enumerate(wide.iterrows()):
        ax.barh(i, rec["high"] - base, left=base, color=CHANNEL_COLOURS[ch])
        ax.barh(i, rec["low"] - base, left=base, color=CHANNEL_COLOURS[ch], alpha=0.45, hatch="//", edgecolor="white")
    ax.set_yticks(range(len(wide)), [label(f"channel_short.{c}") for c in wide.index])
    ax.axvline(base, color="#333333", lw=1)
    ax.set_xlabel(label("axis.total_cost_bn"))
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(facecolor="#999999", label=_("unit cost at the high end")),
                       Patch(facecolor="#999999", alpha=0.45, hatch="//", edgecolor="white",
                             label=_("unit cost at the low end"))], loc="lower right", fontsize=8)
    finish(fig, "title.tornado", _('the cost model with each unit cost at the low and high end of Tabel 7 (kroner) and Tabel 8'))
    return fig


def scenario_intervals(intervals):
    fig, axes = new_figure(9.5, 0.4 * max(1, intervals["scenario"].nunique()) + 1.8, ncols=2, sharey=True)
    for ax, metric, key in zip(axes, ["total_before_bn_dkk", "saving_bn_dkk"], ["axis.total_cost_bn", "axis.saving_bn"]):
        sub = intervals[intervals["metric"] == metric].reset_index(drop=True)
        ax.errorbar(sub["median"], range(len(sub)), xerr=[sub["median"] - sub["p2_5"], sub["p97_5"] - sub["median"]],
                    fmt="o", color="#4c72b0", capsize=3)
        ax.set_yticks(range(len(sub)), sub["scenario"])
        ax.set_xlabel(label(key))
    axes[0].invert_yaxis()
    finish(fig, "title.montecarlo", _('seeded Monte Carlo over the unit-cost spans of Tabel 7 and 8 and volumes within 20 % of Tabel 5'))
    return fig


# --- the paper against its sources (notebook 10) -----------------------------------------
GEO_COLOURS = {"DK": HIGHLIGHT, "EU27": "#333333", "SE": "#4c72b0", "FI": "#55a868", "NO": "#8172b2", "IS": "#ccb974"}
COUNTRY_COLOURS = {"DNK": HIGHLIGHT, "AUS": "#4c72b0", "NZL": "#55a868"}


def tabel2_against_source(series, printed):
    """Use and completion, Denmark against the EU27 and the Nordic countries; 3-month and 12-month apart.

    `series`: indicator, geo, year, percent (the Scoreboard); `printed`: Tabel 2's use and completion rows. A year
    without a value (Denmark 2005 is withheld as confidential) is a gap in the line, never bridged. Colour says the
    country, the line style the question's window: two short legends instead of one entry per line.
    """
    from matplotlib.lines import Line2D

    fig, axes = new_figure(11, 5.0, ncols=2, sharey=True)
    years = range(2002, 2012)
    panels = (("use", "i_iugov", "i_iugov12"), ("completion", "i_igovrt", "i_igov12rt"))
    for ax, (row, code3, code12) in zip(axes, panels):
        for geo, colour in GEO_COLOURS.items():
            for code, style in ((code3, "-"), (code12, "--")):
                s = series[(series["indicator"] == code) & (series["geo"] == geo) & (series["flag"] != "c")]
                s = s.set_index("year")["percent"].reindex(years)  # every year, empty where there is no value
                if s.isna().all():
                    continue
                ax.plot(list(years), s.to_numpy(dtype=float), style, color=colour, lw=2.4 if geo == "DK" else 1.2,
                        alpha=1 if geo in ("DK", "EU27") else 0.75, marker="o" if geo == "DK" else None, ms=3)
        p = printed[printed["indicator"] == row].dropna(subset=["percent"])
        ax.scatter(p["year"], p["percent"], marker="X", s=80, color="black", zorder=5)
        ax.set_title(label(f"t2.{row}"), fontsize=11, loc="left")
        ax.set_xlim(2001.5, 2011.5)
        ax.set_xticks(list(years), [str(y) for y in years])
        ax.tick_params(axis="x", labelrotation=45)
        ax.set_ylim(0, 100)
        ax.set_xlabel(label("axis.year"))
    axes[0].set_ylabel(label("axis.percent_individuals"))
    countries = [Line2D([], [], color=c, lw=2.4 if g == "DK" else 1.5, label=label("geo." + g)) for g, c in GEO_COLOURS.items()]
    kinds = [Line2D([], [], color="#555555", ls="-", label=label("window.3m")),
             Line2D([], [], color="#555555", ls="--", label=label("window.12m")),
             Line2D([], [], color="black", marker="X", lw=0, ms=8, label=label("legend.paper_points"))]
    # inside the panels, where the early years leave room: the countries by colour, the kinds of line apart
    axes[0].legend(handles=countries, loc="upper left", ncol=2, fontsize=8)
    axes[1].legend(handles=kinds, loc="upper left", fontsize=8)
    finish(fig, "title.tabel2_source", _("Eurostat via the EU Digital Agenda Scoreboard 2012; the paper's Tabel 2"))
    return fig


def egdi_through_time(ranks, paper_edition: int = 2010):
    """Rank of Denmark, Australia and New Zealand in every UN E-Government Survey edition (1 = best)."""
    fig, ax = new_figure(8, 4.4)
    for code, grp in ranks.groupby("country_code"):
        ax.plot(grp["edition_year"], grp["rank"], "-o", color=COUNTRY_COLOURS.get(code, MUTED), lw=2, ms=4,
                label=label("country." + code))
    worst = max(20, int(ranks["rank"].max()) + 2)
    ax.axvline(paper_edition, color="#777777", lw=1, ls=":")
    ax.annotate(label("note.paper_edition"), (paper_edition, worst), xytext=(4, 6), textcoords="offset points",
                fontsize=8, color="#555555")
    ax.set_ylim(worst, 0.5)
    ax.set_yticks([1, 5, 10, 15, 20] + ([worst] if worst > 22 else []))
    editions = sorted(ranks["edition_year"].unique())
    ax.set_xticks(editions, [str(y) for y in editions])  # years, not numbers to group
    ax.tick_params(axis="x", labelrotation=45)
    ax.set_xlabel(label("axis.edition"))
    ax.set_ylabel(label("axis.un_rank"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    finish(fig, "title.egdi_ranks", _('UN E-Government Survey 2003-2024 (UN DESA)'))
    return fig


def scaling_to_denmark(per):
    """Each municipality's contacts scaled to Denmark's population, per channel, against Tabel 5 (log scale)."""
    from matplotlib.lines import Line2D

    channels = [c for c in ["personal", "phone", "letter", "email", "web_self_service", "website"] if c in set(per["channel"])]
    fig, ax = new_figure(9, 5.2)
    markers = dict(zip(["albertslund", "vallensbaek", "guldborgsund", "lejre", "kobenhavn", "rebild"], "osD^vP"))
    for i, ch in enumerate(channels):
        grp = per[per["channel"] == ch]
        ax.plot([i - 0.35, i + 0.35], [grp["tabel5_contacts"].iloc[0] / 1e6] * 2, color=CHANNEL_COLOURS[ch], lw=3)
        for j, rec in enumerate(grp.itertuples()):
            ax.scatter(i - 0.2 + 0.1 * (j % 5), rec.national_implied / 1e6, marker=markers.get(rec.municipality, "o"),
                       color=CHANNEL_COLOURS[ch], edgecolor="black", linewidth=0.5, s=45, zorder=3)
    ax.set_yscale("log")
    ax.set_xticks(range(len(channels)))
    ax.set_xticklabels([label("channel_short." + c) for c in channels], rotation=30, ha="right")
    ax.set_ylabel(label("axis.national_implied"), fontsize=10)
    shown = [m for m in markers if m in set(per["municipality"])]
    handles = [Line2D([0], [0], marker=markers[m], color="#888888", markeredgecolor="black", lw=0, markersize=7)
               for m in shown] + [Line2D([0], [0], color="#555555", lw=3)]
    labels_ = [label("municipality." + m) for m in shown] + [label("legend.tabel5")]
    ax.legend(handles, labels_, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_ylim(0.01, 1000)
    ax.yaxis.set_major_formatter(tick_formatter())
    finish(fig, "title.scaling", _("Danmarks Statistik FOLK1A (1 January 2010); the paper's Tabel 4 and Tabel 5"))
    return fig


# --- after 2011 (notebook 11) ------------------------------------------------------------
#: the kinds of number after 2011, and how each is drawn: a family of its own never shares a line with another
KIND_STYLE = {"paper": ("black", "X"), "selected_areas": ("#4c72b0", "o"), "komhen": ("#55a868", "s"),
              "mandatory": (HIGHLIGHT, "D"), "projected": ("#8172b2", "o"), "target": ("#ccb974", "s"),
              "audited": ("#55a868", "D"), "expected": ("#4c72b0", "^")}


def after_2011_uptake(points):
    """Self-service uptake: the paper's 2010 picture beside the rates measured after 2011. `points`: x (year),
    value (per cent), kind, series (points of one measure, the only ones joined by a line), label."""
    fig, ax = new_figure(10, 5.2)
    ax.axvspan(2012.9, 2015.95, color="#f2e6e6", zorder=0)
    ax.text(2013.0, 97, label("after.mandatory_waves"), fontsize=8, color="#7a4444", va="top")
    for _series, grp in points.groupby("series", sort=False):
        grp = grp.sort_values("x")
        colour, marker = KIND_STYLE[grp["kind"].iloc[0]]
        if len(grp) > 1:
            ax.plot(grp["x"], grp["value"], "-", color=colour, lw=1.2, zorder=2)
        ax.scatter(grp["x"], grp["value"], color=colour, marker=marker, s=46, zorder=3)
    placed = []  # labels in data units; one that would sit on another moves down a line, with a thin leader
    for rec in points.sort_values(["x", "value"], ascending=[True, False]).itertuples():
        y = rec.value
        while any(abs(rec.x - x) < 1.0 and abs(y - v) < 4.5 for x, v in placed):
            y -= 4.5
        placed.append((rec.x, y))
        ax.annotate(rec.label, (rec.x, rec.value), xytext=(rec.x + 0.08, y + 1), textcoords="data", fontsize=7.5,
                    va="bottom", arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.6} if y != rec.value else None)
    from matplotlib.lines import Line2D

    kinds = list(dict.fromkeys(points["kind"]))
    ax.legend(handles=[Line2D([], [], color=KIND_STYLE[k][0], marker=KIND_STYLE[k][1], lw=0, label=label("after." + k))
                       for k in kinds], loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8)
    ax.set_xlim(2009.5, 2018)
    ax.set_xticks(range(2010, 2018), [str(y) for y in range(2010, 2018)])
    ax.set_ylim(0, 100)
    ax.set_ylabel(label("axis.percent"))
    finish(fig, "title.after_uptake", _("the paper's Tabel 5; Digitaliseringsstyrelsen, KL, DenOffentlige.dk, cedi.dk, DK "
                                        "Nyt (data/raw/sources/after_2011, each point's fact id)"))
    return fig


def after_2011_egov(series, printed):
    """Denmark and the EU in e-government use: Tabel 2's use row (2002-2009) and the indicators after 2011, each its own
    line; a dotted line where the indicator changes. `series`: x, value, geo, indicator; `printed`: Tabel 2's use."""
    fig, ax = new_figure(10, 5.0)
    p = printed[printed["indicator"] == "use"].set_index("year")["percent"].reindex(range(2002, 2010))
    ax.plot(list(p.index), p.to_numpy(dtype=float), "-o", color=HIGHLIGHT, lw=2, ms=4)
    styles = {"DK": (HIGHLIGHT, "-o"), "EU": ("#333333", "--s")}
    for (indicator, geo), grp in series.groupby(["indicator", "geo"], sort=False):
        colour, style = styles[geo]
        desi = indicator == "desi_users"  # DESI counts internet users, not all people: a thinner, dotted line
        ax.plot(grp["x"], grp["value"], ls=":" if desi else style[:-1], marker=style[-1], color=colour,
                lw=1.1 if desi else 1.6, ms=3.5 if desi else 5)
    starts = series.groupby("indicator", sort=False)["x"].min()
    for i, (indicator, x) in enumerate([("tabel2_use", 2002), *starts.items()]):
        ax.axvline(x - 0.3, color="#999999", lw=0.8, ls=":")
        ax.text(x - 0.15, 2 + 5.5 * (i % 3), label("indicator." + indicator), fontsize=7, color="#555555", va="bottom")
    from matplotlib.lines import Line2D

    ax.legend(handles=[Line2D([], [], color=HIGHLIGHT, marker="o", label=label("geo.DK")),
                       Line2D([], [], color="#333333", marker="s", ls="--", label=label("geo.EU"))], loc="lower right")
    ax.set_xlim(2001, 2027)
    years = list(range(2002, 2027, 2))
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_ylim(0, 105)
    ax.set_ylabel(label("axis.percent_people_or_users"))
    finish(fig, "title.after_egov", _("the paper's Tabel 2 (Eurostat); Danmarks Statistik, Eurostat, the European "
                                      "Commission's DESI (data/raw/sources/after_2011)"))
    return fig


def after_2011_savings(bars):
    """The paper's savings beside what was projected, targeted and audited after 2011. `bars`: label, low, high (DKK
    billion; equal for a single number), kind, scope (the words under each bar)."""
    fig, ax = new_figure(10, 0.52 * len(bars) + 1.6)
    for i, rec in enumerate(bars.itertuples()):
        colour, marker = KIND_STYLE[rec.kind]
        if rec.high > rec.low:
            ax.plot([rec.low, rec.high], [i, i], color=colour, lw=7, solid_capstyle="butt", alpha=0.8)
        else:
            ax.scatter([rec.low], [i], color=colour, marker=marker, s=60, zorder=3)
        ax.text(max(rec.high, rec.low) + 0.08, i, rec.scope, va="center", fontsize=7.5, color="#444444")
    ax.set_yticks(range(len(bars)), list(bars["label"]))
    ax.invert_yaxis()
    ax.set_xlim(0, max(bars["high"].max(), bars["low"].max()) * 1.9)
    ax.set_xlabel(label("axis.saving_bn_any"))
    from matplotlib.lines import Line2D

    kinds = list(dict.fromkeys(bars["kind"]))
    ax.legend(handles=[Line2D([], [], color=KIND_STYLE[k][0], marker=KIND_STYLE[k][1], lw=0, label=label("after." + k))
                       for k in kinds], loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    finish(fig, "title.after_savings", _("the paper (section 3 and 4; the readings of the numbers check); KL, "
                                         "Digitaliseringsstyrelsen, Rigsrevisionen, the press (data/raw/sources/after_2011)"))
    return fig


def after_2011_unit_costs(costs, totals):
    """Tabel 8 beside KL's 2012 benchmark, channel by channel, and the paper's cost model with either.
    `costs`: channel, paper, kl2012 (empty where KL gives none); `totals`: label, total_bn_dkk."""
    fig, (ax, axt) = new_figure(10, 4.2, ncols=2, gridspec_kw={"width_ratios": [2.2, 1]})
    y = range(len(costs))
    ax.barh([i - 0.2 for i in y], costs["paper"], height=0.4, color="#999999", label=label("legend.paper_estimate"))
    kl = costs["kl2012"]
    ax.barh([i + 0.2 for i in y], kl.fillna(0), height=0.4, color="#55a868", label=label("source.kl2012"))
    for i, v in zip(y, kl):
        if v == v:
            ax.text(v + 1, i + 0.2, number(v), va="center", fontsize=8)
    for i, v in zip(y, costs["paper"]):
        ax.text(v + 1, i - 0.2, number(v), va="center", fontsize=8)
    ax.set_yticks(list(y), [label("channel_short." + c) for c in costs["channel"]])
    ax.invert_yaxis()
    ax.set_xlabel(label("axis.unit_cost_dkk"))
    ax.legend(loc="lower right", fontsize=8)
    axt.bar(range(len(totals)), totals["total_bn_dkk"], color=["#999999", "#55a868"])
    for i, v in enumerate(totals["total_bn_dkk"]):
        axt.text(i, v, number(v, 2), ha="center", va="bottom", fontsize=9)
    axt.set_xticks(range(len(totals)), list(totals["label"]), fontsize=8)
    axt.set_ylabel(label("axis.cost_bn"))
    finish(fig, "title.after_unit_costs", _("the paper's Tabel 8 and Tabel 5; KL Kommunebenchmark as quoted by "
                                            "digitaliser.dk, 2012 (facts SV05, SV06)"))
    return fig

"""One look for every figure: the same fonts, the same colour for a channel everywhere, a title, axis labels with units
and a source line. Each exhibit's figure is drawn in its notebook; here are only the figures no notebook of the report
draws: those from a supplied file (Figur 1, 3, 4, drawn only when someone supplies their numbers) and the scenarios'."""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import seaborn as sns

from .i18n import _, tick_formatter
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


def finish(fig, title: str | None, source: str) -> None:
    """Title, source line, numbers written as the reader writes them, tight layout: the same for every figure.
    `title` and `source` (where the numbers come from) in the reader's language."""
    from matplotlib.ticker import ScalarFormatter

    if title:
        fig.suptitle(title, fontsize=13, fontweight="bold", x=0.01, ha="left")
    fig.text(0.01, -0.02, _("Source: {source}", source=source), fontsize=8, color="#555555", ha="left", va="top")
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):  # a number axis (not categories, not a log)
                axis.set_major_formatter(tick_formatter())
    fig.tight_layout()


def percent_axis(ax, label_key: str, top: float = 100) -> None:
    ax.set_ylim(0, top)
    ax.set_ylabel(label(label_key))


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
    percent_axis(ax, "axis.percent")
    ax.legend()
    finish(fig, label("title.figure_01"), _("a supplied file, figur1_email_response_times.csv (not the paper's numbers)"))
    return fig


def documents_handled(tidy):
    fig, ax = new_figure(8, 4.2)
    for band, sub in tidy.groupby("share_band", sort=False):
        ax.plot(sub["year"], sub["percent_of_municipalities"], marker="o", label=band)
    ax.set_xlabel(label("axis.year"))
    percent_axis(ax, "axis.percent_municipalities")
    ax.legend()
    finish(fig, label("title.figure_03"), _("a supplied file, figur3_documents_handled_electronically.csv (not the paper's numbers)"))
    return fig


def completion_per_solution(tidy):
    fig, ax = new_figure(8, 4.2)
    ax.hist(tidy["completion_percent"], bins=range(0, 105, 5), color="#4c72b0")
    ax.set_xlabel(label("axis.completion_pct"))
    ax.set_ylabel(label("axis.solutions"))
    finish(fig, label("title.figure_04"), _("a supplied file, figur4_selfservice_completion.csv (not the paper's numbers)"))
    return fig


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
    finish(fig, label("title.scenarios"),
           _('scenarios.toml; the cost model (unit cost x volume, Tabel 5, 7, 8); bars: 95 % Monte Carlo interval'))
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
    finish(fig, label("title.tornado"), _('the cost model with each unit cost at the low and high end of Tabel 7 (kroner) and Tabel 8'))
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
    finish(fig, label("title.montecarlo"),
           _('seeded Monte Carlo over the unit-cost spans of Tabel 7 and 8 and volumes within 20 % of Tabel 5'))
    return fig



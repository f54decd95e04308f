"""What a reader of four figures met (issue 14), checked on the figures the notebooks draw from the paper's numbers."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from conftest import notebook_function  # noqa: E402

from borgerservice import i18n, labels, plotting, rawdata  # noqa: E402
from borgerservice.names import label  # noqa: E402

#: each figure as its notebook draws it
draw_unit_costs = notebook_function("06_unit_costs", "draw_unit_costs")
draw_eservices = notebook_function("02_eurostat_eservices", "draw_eservices")
draw_selfservice_bands = notebook_function("04_selfservice_transactions", "draw_selfservice_bands")
draw_count_week_costs = notebook_function("05_inquiry_volumes", "draw_count_week_costs")
draw_cost_vs_volume = notebook_function("07_channel_costs", "draw_cost_vs_volume")


def _unit_costs():
    return (rawdata.load("tabel7_unit_costs_by_source"),
            labels.in_order(rawdata.load("tabel8_unit_cost_estimate"), channel=labels.COST_CHANNELS))


def _ordered(frame, column="channel"):
    """A tidy output in the paper's order (the files are sorted by name)."""
    return labels.in_order(frame, **{column: labels.CHANNELS})


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


@pytest.mark.parametrize("lang", ["en", "da"])
def test_table_07_keeps_vejens_index_off_the_kroner_axis(lang):
    with i18n.language(lang):
        fig = draw_unit_costs(*_unit_costs())
        vejen = label("source.vejen")
    kroner, index = fig.axes[:2]
    assert vejen not in _legend_texts(kroner) and vejen in _legend_texts(index)
    # Vejen prints personal contacts at 200 on its index (phone = 100): no kroner source reaches that
    assert max(max(c.get_offsets()[:, 0]) for c in kroner.collections if len(c.get_offsets())) < 200
    assert "Vejen" not in kroner.get_xlabel()


def test_table_02_draws_no_band_across_2005(built_outputs):
    fig = draw_eservices(built_outputs("eservices"))
    ax = fig.axes[0]
    bands = [c for c in ax.collections if c.get_label() == "Use minus completion"]
    assert bands
    for band in bands:
        for path in band.get_paths():
            xs = path.vertices[:, 0]
            # 2005 is n.a. in Tabel 2: no part of the band lies strictly between 2004 and 2006
            assert not ((xs > 2004) & (xs < 2006)).any()
    # the legend sits below the plot, not over 2003's points
    assert ax.get_legend().get_bbox_to_anchor().y0 < ax.get_window_extent().y0


def test_table_03_labels_clear_of_the_frame_and_a_legend_for_bars_and_line(built_outputs):
    dist = built_outputs("selfservice_transactions")
    fig = draw_selfservice_bands(dist)
    ax, right = fig.axes[:2]
    assert ax.get_ylim()[1] >= dist["solutions"].max() * 1.1  # 88 solutions under a top of at least 96.8
    assert right.get_ylabel() not in ("%", "")
    # 3 entries: fewer than 100 transactions (the first three bands), 100 or more (the last two), the cumulative line
    assert len(_legend_texts(ax)) == 3


def test_table_06_legend_swatches_are_not_one_channels_colour(built_outputs):
    fig = draw_count_week_costs(_ordered(built_outputs("lejre_count_week")))
    ax = fig.axes[0]
    channel_colours = {mcolors.to_hex(c) for c in plotting.CHANNEL_COLOURS.values()}
    for handle in ax.get_legend().legend_handles:
        assert mcolors.to_hex(handle.get_facecolor()) not in channel_colours


#: words that are English and not Danish: in a Danish figure they are text left untranslated
ENGLISH_ONLY = {"the", "of", "and", "with", "from", "printed", "as", "priced", "unit", "costs", "volumes", "count",
                "week", "supplied", "file", "each", "low", "high", "end", "seeded", "bars", "interval", "contacts",
                "share", "cost", "per", "year", "source", "rebuilt"}


def _texts(fig) -> list[str]:
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.texts]
        if ax.get_legend():
            out += [t.get_text() for t in ax.get_legend().get_texts()]
    return out


@pytest.mark.parametrize("draw", [
    lambda out: draw_unit_costs(*_unit_costs()),
    lambda out: draw_eservices(out("eservices")),
    lambda out: draw_selfservice_bands(out("selfservice_transactions")),
    lambda out: draw_count_week_costs(_ordered(out("lejre_count_week"))),
    lambda out: draw_cost_vs_volume(_ordered(out("channel_costs"))),
], ids=["table_07", "table_02", "table_03", "table_06", "table_09"])
def test_a_danish_figure_has_no_english_words_and_no_decimal_point(draw, built_outputs):
    import re

    with i18n.language("da"):
        fig = draw(built_outputs)
        fig.canvas.draw()  # tick labels are written when the figure is drawn
    texts = _texts(fig)
    words = {w.lower() for text in texts for w in re.findall(r"[A-Za-zÆØÅæøå]+", text)}
    assert not sorted(words & ENGLISH_ONLY), sorted(words & ENGLISH_ONLY)
    assert not [t for t in texts if re.search(r"\d\.\d", t)], [t for t in texts if re.search(r"\d\.\d", t)]


def test_a_figure_is_laid_out_once_and_drawn_once_per_format(tmp_path, monkeypatch):
    """save_figure works out the tight box with one layout pass, then draws the PNG and the SVG: three draws. Left to
    itself, savefig draws a figure that `tight_layout()` has touched once more before each format (five)."""
    from matplotlib.figure import Figure

    from borgerservice import export

    monkeypatch.setenv("BORGERSERVICE_OUTPUT_ROOT", str(tmp_path))
    fig, ax = plotting.new_figure()
    ax.bar(["a", "b"], [1, 2])
    plotting.finish(fig, "three draws", "a made-up source")
    draws = []
    real_draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: (draws.append(1), real_draw(self, renderer))[1])
    saved = export.save_figure(fig, "three_draws")
    assert len(draws) == 3  # the layout for the tight box, the PNG, the SVG
    assert saved == ["figures/three_draws.png", "figures/three_draws.svg"]

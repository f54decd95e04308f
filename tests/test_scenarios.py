"""The cost model's scenarios: validation before any work, the paper's Tabel 9 unchanged,
the savings readings agree with the numbers check, and the Monte Carlo is reproducible."""
from __future__ import annotations

import pandas as pd
import pytest

from borgerservice import analysis as A
from borgerservice import claims, costmodel, scenarios
from borgerservice.costmodel import Scenario, ScenarioError


def test_paper_scenario_is_tabel_9():
    run = costmodel.run(Scenario("paper"))
    t9 = A.channel_costs()
    assert list(run["cost_after_dkk"]) == list(t9["cost_dkk"])
    assert run["unit_cost_from"].str.startswith("paper").all()


def test_savings_scenarios_match_the_readings_of_the_numbers_check():
    by_name = {s.name: s for s in scenarios.load()}
    readings = claims.saving_readings()
    for key, name in (("R1", "R1-close-email-halve-phone"), ("R2", "R2-email-to-selfservice-halve-phone"),
                      ("R3", "R3-email-to-phone-then-halve"), ("R4", "R4-email-and-half-phone-to-selfservice")):
        saving = costmodel.summary(costmodel.run(by_name[name]))["saving_bn_dkk"] * 1e9
        assert saving == pytest.approx(readings[key].value), key


def test_sources_say_which_fallback_fills_missing_channels():
    run = costmodel.run(Scenario("kl", unit_cost_source="kl")).set_index("channel")
    assert run.loc["phone", "unit_cost_dkk"] == 50 and run.loc["email", "unit_cost_dkk"] == 120
    assert "fallback" in run.loc["personal", "unit_cost_from"]
    vejen = costmodel.run(Scenario("v", unit_cost_source="vejen")).set_index("channel")
    assert vejen.loc["phone", "unit_cost_dkk"] == 60  # index 100 pinned to the paper's phone cost
    assert vejen.loc["personal", "unit_cost_dkk"] == 120


BAD = [
    (dict(name="x", unit_cost_source="oecd"), "valid: paper, vejen, kobenhavn, kl, kmd, custom"),
    (dict(name="x", changes=[{"op": "move", "from": "email", "to": "phone", "share": 1.5}]), "between 0 and 1"),
    (dict(name="x", changes=[{"op": "move", "from": "email", "to": "phone", "share": -0.1}]), "between 0 and 1"),
    (dict(name="x", changes=[{"op": "move", "from": "email", "to": "email", "share": 0.5}]), "to itself"),
    (dict(name="x", changes=[{"op": "add", "channel": "phone", "contacts": -1e9}]), "goes negative"),
    (dict(name="x", changes=[{"op": "teleport", "channel": "phone"}]), "valid: move, scale, close, add"),
    (dict(name="x", changes=[{"op": "close", "channel": "fax"}]), "unknown channel 'fax'"),
    (dict(name="x", changes=[{"op": "scale", "channel": "phone"}]), "needs 'factor'"),
    (dict(name="x", changes=[{"op": "close", "channel": "phone", "share": 1}]), "unknown key(s) share"),
    (dict(name="x", unit_cost_source="custom"), "needs custom_unit_costs"),
    (dict(name="x", unit_cost_source="custom", custom_unit_costs={"fax": 3}), "unknown channel 'fax'"),
    (dict(name="x", self_service="full"), "self_service_full_cost_dkk"),
    (dict(name="x", self_service="free"), "valid: marginal, full"),
    (dict(name="x", volume_scale=-1), "volume_scale"),
    (dict(name="x y"), "letters, digits"),
]


@pytest.mark.parametrize("spec,message", BAD, ids=[m for _, m in BAD])
def test_bad_scenario_fails_before_any_work_listing_what_is_valid(spec, message):
    with pytest.raises(ScenarioError) as err:
        costmodel.validate(costmodel.scenario_from_dict(spec))
    assert message in str(err.value)


def test_unknown_scenario_key_and_bad_file(tmp_path):
    with pytest.raises(ScenarioError, match="unknown key"):
        costmodel.scenario_from_dict({"name": "x", "unit_costs": "kl"})
    bad = tmp_path / "s.toml"
    bad.write_text('[[scenario]]\nname = "a"\n[[scenario]]\nname = "a"\n')
    with pytest.raises(ScenarioError, match="used twice"):
        scenarios.load(bad)
    bad.write_text('[[scenario]]\nname = "a"\n')
    with pytest.raises(ScenarioError, match="keep the 'paper' scenario"):
        scenarios.load(bad)


def test_monte_carlo_is_reproducible_with_its_seed():
    ss = scenarios.load()
    a = costmodel.monte_carlo(ss, seed=7, draws=2000)
    b = costmodel.monte_carlo(ss, seed=7, draws=2000)
    c = costmodel.monte_carlo(ss, seed=8, draws=2000)
    pd.testing.assert_frame_equal(a, b)
    assert not a["median"].equals(c["median"])
    paper = a[(a["scenario"] == "paper") & (a["metric"] == "total_before_bn_dkk")].iloc[0]
    assert paper["p2_5"] < A.channel_costs()["cost_bn_dkk"].sum() < paper["p97_5"]


def test_tornado_spans_the_sources():
    tor = costmodel.tornado()
    ranges = costmodel.unit_cost_ranges().set_index("channel")
    assert ranges.loc["email", "low"] == 62 and ranges.loc["email", "high"] == 120
    assert (tor.groupby("channel")["total_bn_dkk"].agg(lambda v: v.max() - v.min()) >= 0).all()


def test_monte_carlo_csv_is_byte_identical_for_the_same_seed():
    from borgerservice.export import csv_bytes

    ss = scenarios.load()
    assert csv_bytes(costmodel.monte_carlo(ss, seed=11, draws=3000)) == csv_bytes(costmodel.monte_carlo(ss, seed=11, draws=3000))

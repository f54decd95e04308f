"""The paper against its public sources: loaders, the name and code mappings, the source checks and the
per-inhabitant arithmetic, each against values worked out by hand from the source files (cited by line)."""
from __future__ import annotations

import json

import pytest

from borgerservice import paths, rawdata


def test_scoreboard_loads_as_published():
    sb = rawdata.load("eu_scoreboard_2012")
    dk = sb[(sb["geo"] == "DK") & (sb["indicator"] == "i_iugov") & (sb["unit"] == "%_ind")].set_index("year")["value"]
    # data.csv: "2009";"DK";"i_iugov";"IND_TOTAL";"%_ind";"0.6676672919";;
    assert dk[2009] == pytest.approx(0.6676672919)
    # "2005";"DK";"i_iugov";"IND_TOTAL";"%_ind";"0";"c";  -> flagged confidential, the paper's n.a.
    row = sb[(sb["geo"] == "DK") & (sb["indicator"] == "i_iugov") & (sb["unit"] == "%_ind") & (sb["year"] == 2005)]
    assert row["flag"].iloc[0] == "c" and row["value"].iloc[0] == 0
    assert sb["value"].isna().sum() == 103  # the file's NULL values are missing, never zero


def test_un_editions_load_with_their_own_column_names_and_padding():
    old = rawdata.load("un_egov_survey_2003")
    new = rawdata.load("un_egov_survey_2024")
    assert "Country Name" in old.columns and "Country" in new.columns and "Rank" in new.columns
    # the survey pads names with a trailing space; the loader keeps them as published
    assert "Denmark " in set(old["Country Name"]) and "Denmark " in set(new["Country"])


def test_egdi_ranks_match_by_the_explicit_mapping_in_every_edition(built_outputs):
    ranks = built_outputs("egdi_ranks")
    assert len(ranks) == 12 * 3
    dnk = ranks[ranks["country_code"] == "DNK"].set_index("edition_year")["rank"]
    # Denmark, UN E-Government Survey 2003-2024 (SOURCE.md of the shared copy): 4, 2, 2, 2, 7, 4, 16, 9, 1, 1, 1, 1
    assert list(dnk) == [4, 2, 2, 2, 7, 4, 16, 9, 1, 1, 1, 1]
    assert list(dnk.index) == [2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024]
    # EGOV_DATA_2024.csv: "2024,New Zealand ,16,0.92654,..."; EGOV_DATA_2003.csv: '2003,"Australia ",3,0.83106,...'
    nzl24 = ranks[(ranks["country_code"] == "NZL") & (ranks["edition_year"] == 2024)].iloc[0]
    assert (nzl24["rank"], nzl24["egdi"], nzl24["country"]) == (16, pytest.approx(0.92654), "New Zealand")
    aus03 = ranks[(ranks["country_code"] == "AUS") & (ranks["edition_year"] == 2003)].iloc[0]
    assert (aus03["rank"], aus03["egdi"]) == (3, pytest.approx(0.83106))


def test_a_name_the_survey_does_not_use_is_an_error_naming_the_edition(tmp_path, built_project):
    from conftest import built_copy, run_module

    root = built_copy(tmp_path, built_project)
    (root / "data/raw/country_names.csv").write_text("country_code,survey_name\nDNK,Danmark\nAUS,Australia\nNZL,New Zealand\n")
    fixed = run_module(root, "borgerservice.rawdata", "--update-hashes")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    result = run_module(root, "borgerservice.build")
    assert result.returncode == 1
    assert "UN E-Government Survey 2003: 0 rows named 'Danmark' (country_names.csv maps DNK" in result.stdout, result.stdout


def test_tabel2_use_and_completion_are_confirmed_by_eurostat(built_outputs):
    checks = built_outputs("source_checks").set_index("claim_id")
    # every cell of the use and completion rows, 2002-2009: 7 printed numbers each, and 2005 printed n.a., which the
    # source flags 'c' (confidential) with no value published
    use = [c for c in checks.index if c.startswith(("in_tabel2_use_", "in_tabel2_completion_"))]
    assert len(use) == 2 * 8
    assert (checks.loc[use, "verdict"] == "confirmed").all()
    assert "flags Denmark 2005 'c'" in checks.loc["in_tabel2_use_2005", "explanation"]
    # data.csv: "2008";"DK";"i_igovrt";"IND_TOTAL";"%_ind";"0.2743332768" -> 27.43 %, printed 27
    assert checks.loc["in_tabel2_completion_2008", "source_value"] == pytest.approx(27.4333, abs=1e-4)
    assert checks.loc["in_tabel2_completion_2008", "printed_value"] == 27


def test_tabel2_availability_is_not_in_the_source_and_every_reading_is_shown(built_outputs):
    checks = built_outputs("source_checks").set_index("claim_id")
    avail = checks[checks.index.str.startswith("in_tabel2_availability_")]
    assert list(avail.index) == [f"in_tabel2_availability_{y}" for y in range(2002, 2010)]
    assert (avail["verdict"] == "not_in_source").all()
    # 2009: FOA_cit 0.75, FOA_ent 1 -> pooled (12 x 75 + 8 x 100) / 20 = 85.0 %, printed 84
    assert avail.loc["in_tabel2_availability_2009", "source_value"] == pytest.approx(85.0)
    printed = avail[avail["printed_value"].notna()]
    assert list(printed.index) == [f"in_tabel2_availability_{y}" for y in (2003, 2004, 2006, 2007, 2009)]
    for text in printed["explanation"]:
        assert "FOA_cit" in text and "FOA_ent" in text and "pooled" in text and "does not carry" in text


def test_tabel1_un_row_is_checked_against_both_copies(built_outputs):
    checks = built_outputs("source_checks")
    checks = checks[checks["claim_id"].str.startswith("t1_")]
    assert len(checks) == 3 * 2
    assert set(checks["verdict"]) == {"confirmed"}
    # Tabel 1: Denmark 7, Australia 8, New Zealand 14; both copies of the 2010 survey agree
    got = checks.groupby("claim_id")["source_value"].agg(["min", "max"])
    assert got.loc["t1_un_rank_DNK"].tolist() == [7, 7]
    assert got.loc["t1_un_rank_AUS"].tolist() == [8, 8]
    assert got.loc["t1_un_rank_NZL"].tolist() == [14, 14]


def test_population_2010_by_the_code_mapping(built_outputs):
    per = built_outputs("contacts_per_inhabitant")
    pop = per.groupby("municipality")["population_2010_01_01"].agg(["min", "max"])
    # Danmarks Statistik FOLK1A, 1 January 2010 (SOURCE.md): the five municipalities that print contacts (Rebild prints
    # shares only), one population each
    assert (pop["min"] == pop["max"]).all()
    assert pop["min"].to_dict() == {"albertslund": 27_730, "vallensbaek": 14_045, "guldborgsund": 62_912,
                                    "lejre": 26_794, "kobenhavn": 528_208}
    # and Denmark's, by which each is scaled: national_implied / contacts_per_inhabitant
    assert (per["national_implied"] / per["contacts_per_inhabitant"]).round().eq(5_534_738).all()


def test_contacts_per_inhabitant_worked_out_by_hand(built_outputs):
    per = built_outputs("contacts_per_inhabitant").set_index(["municipality", "channel"])
    # København personal: 5,382,000 (library visits are part of it) / 528,208 = 10.189
    assert per.loc[("kobenhavn", "personal"), "contacts_per_inhabitant"] == pytest.approx(5_382_000 / 528_208)
    # Albertslund phone: (17,000 + 134,000) / 27,730 = 5.445
    assert per.loc[("albertslund", "phone"), "contacts"] == 151_000
    assert per.loc[("albertslund", "phone"), "contacts_per_inhabitant"] == pytest.approx(151_000 / 27_730)
    # Lejre e-mail: 17,796 x 52 = 925,392 a year; / 26,794 = 34.54; x 5,534,738 = 191.2 million against Tabel 5's 20
    assert per.loc[("lejre", "email"), "contacts"] == 925_392
    assert per.loc[("lejre", "email"), "national_implied"] == pytest.approx(925_392 / 26_794 * 5_534_738)
    assert per.loc[("lejre", "email"), "implied_over_tabel5"] == pytest.approx(925_392 / 26_794 * 5_534_738 / 20e6)
    # Rebild prints shares only: no contacts per inhabitant
    assert "rebild" not in per.index.get_level_values("municipality")
    # 4 Albertslund + 2 Vallensbæk + 3 Guldborgsund + 6 Lejre + 5 København channels
    assert len(per) == 4 + 2 + 3 + 6 + 5


def test_pooled_scaling_worked_out_by_hand(built_outputs):
    scaling = built_outputs("scaling_to_denmark").set_index("channel")
    # phone: (151,000 + 44,000 + 280,332 + 3,344,000) / (27,730 + 14,045 + 26,794 + 528,208) x 5,534,738
    pooled = (151_000 + 44_000 + 280_332 + 3_344_000) / (27_730 + 14_045 + 26_794 + 528_208) * 5_534_738
    assert scaling.loc["phone", "pooled_implied"] == pytest.approx(pooled)
    assert scaling.loc["phone", "municipalities"] == 4
    assert scaling.loc["phone", "closest_municipality"] == "kobenhavn"


def test_source_checks_join_the_numbers_check(paper_ledger, built_outputs):
    """Every claim_id of the source checks is a row of claims.csv (the contract's join)."""
    ids = set(paper_ledger["claim_id"])
    checks = built_outputs("source_checks")
    assert set(checks["claim_id"]) <= ids
    assert set(checks["verdict"]) <= {"confirmed", "differs", "not_in_source"}


def test_nothing_from_the_sources_is_typed_into_code_or_notebooks():
    """No source value appears as a literal in the package or a notebook: they are read from the files."""
    literals = ["0.6676672919", "66.77", "0.2743332768", "528208", "528_208", "5534738", "5_534_738", "0.92654"]
    for p in [*paths.PACKAGE_SRC.glob("*.py"), *paths.NOTEBOOKS.glob("*.ipynb")]:
        text = p.read_text(encoding="utf-8")
        for lit in literals:
            assert lit not in text, f"{p.name} types {lit}"


def test_the_copies_are_unchanged(tmp_path):
    """Each public file in data/raw/sources is byte for byte the shared copy it was taken from (when present)."""
    shared = paths.ROOT.parent / "shared" / "data"
    if not shared.is_dir():
        pytest.skip("no shared/data beside the project on this machine")
    for res in rawdata.descriptor()["resources"]:
        if not res["path"].startswith("sources/"):
            continue
        src = shared / res["path"].removeprefix("sources/")
        if src.is_file():
            assert (paths.RAW / res["path"]).read_bytes() == src.read_bytes(), res["path"]


def test_datapackage_says_where_each_source_file_came_from():
    pkg = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        if res["path"].startswith("sources/"):
            assert res["x-role"] == "external_input"
            assert {"publisher", "republication", "cite"} <= set(res["x-origin"])
            # a file copied from a republication names the commit; facts collected from their publishers name each
            assert "commit" in res["x-origin"] or "reuse" in res["x-origin"], res["name"]


def test_the_population_the_numbers_check_uses_is_danmarks_statistiks():
    """text_inputs.csv's population (used for contacts per Dane) is the FOLK1A figure for 1 January 2010."""
    pop = rawdata.load("dst_population")
    denmark = rawdata.load("municipality_codes").set_index("municipality").loc["denmark", "muni_code"]
    folk1a = pop[(pop["muni_code"] == denmark) & (pop["year"] == 2010)]["pop"].iloc[0]
    assert rawdata.text_inputs()["population_denmark_2010_01_01"] == folk1a == 5_534_738


def test_readme_names_each_source_and_how_to_cite_it():
    """The README's data availability names each source; docs/data.md gives its republication and commit."""
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    data = (paths.ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    for name in ("UN E-Government Survey", "Digital Agenda Scoreboard", "FOLK1A"):
        assert name in readme, name
    for res in rawdata.descriptor()["resources"]:
        if res["path"].startswith("sources/") and "commit" in res["x-origin"]:
            repo = res["x-origin"]["republication"].split()[1].rstrip(",")
            assert repo in data, f"docs/data.md does not name {repo} ({res['name']})"
            assert res["x-origin"]["commit"][:8] in data, res["name"]

"""Validation at the door: every raw file against datapackage.json, and a corpus of bad inputs,
each stopped with an error that names the file, the line and the column."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borgerservice import rawdata


def test_all_raw_files_are_valid_and_described():
    names = rawdata.validate_all()
    assert "tabel9" not in " ".join(names)  # Tabel 9 has no primary input of its own
    # 13 from the paper and UNU-EGOV, 3 Scoreboard files, 12 UN survey editions, DST's population, 2 mappings, and the
    # facts about Denmark after 2011
    assert len(names) == 13 + 3 + 12 + 1 + 2 + 1


def test_every_public_source_names_its_origin_commit_and_terms():
    for res in rawdata.descriptor()["resources"]:
        if res["x-role"] != "external_input":
            continue
        origin = res["x-origin"]
        assert origin.get("publisher") and origin.get("cite"), res["name"]
        if "GitHub" in origin.get("republication", ""):  # a republished file: the commit it was copied at
            assert len(origin.get("commit", "")) == 40, f"{res['name']}: the republication's commit"
        else:  # collected from the publishers themselves: each row names its own
            assert origin.get("republication") and origin.get("reuse"), res["name"]
        assert res.get("licenses") and all(lic.get("title") for lic in res["licenses"]), f"{res['name']}: terms"
        assert res["hash"].startswith("sha256:") and res["bytes"] > 0


def test_every_resource_says_where_it_comes_from():
    for res in rawdata.descriptor()["resources"]:
        origin = res["x-origin"]
        assert origin.get("exhibit") or origin.get("publisher"), res["name"]
        if res["x-role"] in ("primary_input", "printed_result"):
            assert "paper" in origin
        for fld in res["schema"]["fields"]:
            assert fld.get("description"), f"{res['name']}.{fld['name']} has no description"


def test_printed_results_are_never_inputs_of_outputs():
    """Only the comparison code may read printed_results.csv."""
    from borgerservice import paths

    readers = [p.name for p in paths.PACKAGE_SRC.glob("*.py") if '"printed_results"' in p.read_text()]
    # claims.py compares; exhibits.py only declares which notebooks show a comparison
    assert sorted(readers) == ["claims.py", "exhibits.py"], readers
    for nb in paths.NOTEBOOKS.glob("*.ipynb"):
        assert "printed_results" not in nb.read_text() or nb.stem.startswith("08"), nb.name


def _edit(raw, file, fn, rehash=True):
    p = raw / file
    p.write_bytes(fn(p.read_bytes()))
    if rehash:
        rawdata.update_hashes()


def _replace(old: bytes, new: bytes, count: int = 1):
    def fn(data: bytes) -> bytes:
        assert old in data, old
        return data.replace(old, new, count)
    return fn


def _descriptor(fn):
    def edit(raw):
        p = raw / "datapackage.json"
        pkg = json.loads(p.read_text())
        fn(pkg)
        p.write_text(json.dumps(pkg))
    return edit


T1, T2, T4, T5, T8 = ("tabel1_international_rankings.csv", "tabel2_eurostat_eservices.csv", "tabel4_municipal_inquiries.csv",
                      "tabel5_national_estimate.csv", "tabel8_unit_cost_estimate.csv")
F2 = "figur2_documents_received.csv"
SB = "sources/eu-digital-agenda-scoreboard-2012/data.csv"
UN03, UN24 = "sources/un-egov-survey/EGOV_DATA_2003.csv", "sources/un-egov-survey/EGOV_DATA_2024.csv"
DST = "sources/dst-population/population_data.csv"

# (id, file edited, edit, rehash, expected fragments of the message)
CORPUS = [
    ("missing-column", T1, _replace(b",rank\n", b"\n"), True, [T1, "line 1", "column 'rank'", "missing column"]),
    ("extra-column", T8, _replace(b"unit_cost_dkk\n", b"unit_cost_dkk,note\n"), True, [T8, "line 1", "column 'note'", "unexpected"]),
    ("renamed-header", T5, _replace(b"contacts,", b"kontakter,"), True, [T5, "line 1", "column 'contacts'"]),
    ("columns-swapped", T8, _replace(b"channel,unit_cost_dkk", b"unit_cost_dkk,channel"), True, [T8, "line 1", "out of order"]),
    ("semicolon-delimiter", T8, lambda d: d.replace(b",", b";"), True, [T8, "line 1", "';'"]),
    ("tab-delimiter", T8, lambda d: d.replace(b",", b"\t"), True, [T8, "line 1", "'\\t'"]),
    ("text-in-integer", T1, _replace(b"DNK,7\n", b"DNK,seven\n"), True, [T1, "line 2", "column 'rank'", "not an integer"]),
    ("float-in-integer", T5, _replace(b"59000000", b"59000000.5"), True, [T5, "line 2", "column 'contacts'", "not an integer"]),
    ("decimal-comma", T2, _replace(b"use,2009,67", b'use,2009,"67,5"'), True, [T2, "line 17", "column 'percent'", "decimal mark"]),
    ("thousands-separator", T4, _replace(b"5382000", b"5.382.000"), True, [T4, "column 'value'", "not a number"]),
    ("negative-count", T5, _replace(b"38000000", b"-38000000"), True, [T5, "line 3", "column 'contacts'", "below the minimum"]),
    ("share-above-100", T2, _replace(b"availability,2009,84", b"availability,2009,184"), True,
     [T2, "line 9", "column 'percent'", "above the maximum"]),
    ("share-below-0", F2, _replace(b"citizens,2007,under_25,60", b"citizens,2007,under_25,-60"), True,
     [F2, "line 2", "below the minimum"]),
    ("duplicate-key", T5, _replace(b"phone,38000000,false\n", b"phone,38000000,false\nphone,1,false\n"), True,
     [T5, "line 4", "duplicate key", "line 3"]),
    ("duplicated-row", T8, _replace(b"phone,60\n", b"phone,60\nphone,60\n"), True, [T8, "line 4", "duplicate key"]),
    ("unknown-channel", T5, _replace(b"letter,", b"fax,"), True, [T5, "line 4", "column 'channel'", "unknown value 'fax'"]),
    ("unknown-country", T1, _replace(b"AUS,8", b"SWE,8"), True, [T1, "line 3", "column 'country_code'", "valid: DNK, AUS, NZL"]),
    ("missing-required", T8, _replace(b"phone,60", b"phone,"), True, [T8, "line 3", "column 'unit_cost_dkk'", "missing value"]),
    ("bad-boolean", T5, _replace(b"website,1300000,true", b"website,1300000,yes"), True,
     [T5, "line 7", "column 'is_lower_bound'", "boolean"]),
    ("infinity", T8, _replace(b"phone,60", b"phone,inf"), True, [T8, "line 3", "not a number"]),
    ("year-out-of-range", T2, _replace(b"use,2002,37", b"use,1999,37"), True, [T2, "line 10", "column 'year'"]),
    ("leading-space", T8, _replace(b"phone,60", b"phone, 60"), True, [T8, "line 3", "spaces"]),
    ("short-row", T8, _replace(b"phone,60", b"phone"), True, [T8, "line 3", "1 cells, expected 2"]),
    ("long-row", T8, _replace(b"phone,60", b"phone,60,61"), True, [T8, "line 3", "3 cells"]),
    ("blank-line", T8, _replace(b"phone,60\n", b"phone,60\n\n"), True, [T8, "line 4", "empty line"]),
    ("latin-1", T4, lambda d: d + "kobenhavn,chat,1,1,contacts,Vallensb\u00e6k\n".encode("latin-1"), True, [T4, "line 24", "UTF-8"]),
    ("byte-order-mark", T8, lambda d: b"\xef\xbb\xbf" + d, True, [T8, "line 1", "byte-order mark"]),
    ("windows-line-ends", T8, lambda d: d.replace(b"\n", b"\r\n"), True, [T8, "line 1", "line endings"]),
    ("empty-file", T8, lambda d: b"", True, [T8, "empty"]),
    ("header-only", T8, lambda d: d.split(b"\n")[0] + b"\n", True, [T8, "line 2", "no data rows"]),
    ("changed-without-hash", T5, _replace(b"59000000", b"59000001"), False, [T5, "sha256", "make datapackage"]),
    ("grown-without-hash", T5, lambda d: d + b"chat,1,false\n", False, [T5, "bytes", "make datapackage"]),
    ("unbalanced-quote", T8, _replace(b"phone,60", b'phone,"60'), True, [T8, "line 3", "not valid CSV", "quotes"]),
    ("header-trailing-space", T8, _replace(b"unit_cost_dkk\n", b"unit_cost_dkk \n"), True,
     [T8, "line 1", "column 'unit_cost_dkk'", "leading or trailing spaces"]),
    ("huge-integer", T5, _replace(b"59000000", b"99999999999999999999"), True, [T5, "line 2", "64-bit integer"]),
    ("huge-number", T8, _replace(b"phone,60", b"phone,1e308"), True, [T8, "line 3", "column 'unit_cost_dkk'", "beyond 1e+15"]),
    # the public sources, copied unchanged and checked like everything else
    ("scoreboard-comma-delimiter", SB, lambda d: d.replace(b'";"', b'","'), True, [SB, "line 1", "';'"]),
    ("scoreboard-share-above-1", SB, _replace(b'"2009";"DK";"i_iugov";"IND_TOTAL";"%_ind";"0.6676672919"',
                                               b'"2009";"DK";"i_iugov";"IND_TOTAL";"%_ind";"66.76672919"'), True,
     [SB, "column 'value'", "outside 0-1", "starts with '%'"]),
    ("scoreboard-unknown-indicator", SB, _replace(b'"2009";"DK";"i_iugov";', b'"2009";"DK";"i_iugovx";'), True,
     [SB, "column 'indicator'", "unknown value 'i_iugovx'"]),
    ("scoreboard-duplicate-key", SB, lambda d: d + b'"2009";"DK";"i_iugov";"IND_TOTAL";"%_ind";"0.5";;\n', True,
     [SB, "duplicate key", "year,geo,indicator,breakdown,unit"]),
    ("scoreboard-bad-flag", SB, _replace(b'"2005";"DK";"i_iugov";"IND_TOTAL";"%_ind";"0";"c"',
                                          b'"2005";"DK";"i_iugov";"IND_TOTAL";"%_ind";"0";"confidential"'), True,
     [SB, "column 'flag'", "unknown value"]),
    ("un-rank-not-integer", UN03, _replace(b'"Denmark ",4,', b'"Denmark ",four,'), True,
     [UN03, "column 'E-Government Rank'", "not an integer"]),
    ("un-index-above-1", UN03, _replace(b'"Denmark ",4,0.82046', b'"Denmark ",4,1.82046'), True,
     [UN03, "column 'E-Government Index'", "above the maximum"]),
    ("un-duplicate-country", UN03, lambda d: d + b'2003,"Denmark ",4,0.82046,0.44830,0.69432,0.98000,0.78707\n', True,
     [UN03, "duplicate key", "Country Name"]),
    ("un-2024-lone-cr", UN24, _replace(b"\r\n", b"\r"), True, [UN24, "line endings"]),
    ("shares-add-to-180", F2, _replace(b"citizens,2009,under_25,64", b"citizens,2009,under_25,99"), True,
     [F2, "column 'percent_of_municipalities'", "adds up to 135"]),
    ("minimum-above-maximum", "tabel3_selfservice_transactions.csv", _replace(b"10-99,10,99,69", b"10-99,100,99,69"), True,
     ["tabel3_selfservice_transactions.csv", "line 4", "column 'min_transactions'", "above max_transactions"]),
    ("dst-conflicting-repeat", DST, lambda d: d + b"9999,101,2010,1\n", True, [DST, "column 'pop'", "(101, 2010)", "repeats line"]),
    ("dst-year-out-of-range", DST, lambda d: d + b"9999,101,2030,528208\n", True, [DST, "column 'year'", "above the maximum"]),
]


@pytest.mark.parametrize("case", CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_raw_file_is_stopped_with_file_line_and_column(raw_copy, case):
    _, file, fn, rehash, fragments = case
    _edit(raw_copy, file, fn, rehash)
    with pytest.raises(rawdata.RawDataError) as err:
        rawdata.validate_all()
    for fragment in fragments:
        assert fragment in str(err.value), f"{fragment!r} not in: {err.value}"


DESCRIPTOR_CORPUS = [
    ("not-json", lambda raw: (raw / "datapackage.json").write_text('{"resources": [}'), ["datapackage.json", "line 1", "not valid JSON"]),
    ("no-resources", lambda raw: (raw / "datapackage.json").write_text("{}"), ["datapackage.json", "resources"]),
    ("unknown-type", _descriptor(lambda p: p["resources"][0]["schema"]["fields"][0].update(type="date")), ["unknown type 'date'"]),
    ("no-hash", _descriptor(lambda p: p["resources"][1].pop("hash")), ["no recorded 'bytes' and 'hash'", "make datapackage"]),
    ("bad-primary-key", _descriptor(lambda p: p["resources"][2]["schema"].update(primaryKey=["nope"])), ["primary key 'nope'"]),
    ("duplicate-resource", _descriptor(lambda p: p["resources"].append(dict(p["resources"][0]))), ["appears twice"]),
    ("path-outside", _descriptor(lambda p: p["resources"][0].update(path="../../etc/passwd")), ["must stay inside data/raw"]),
    ("missing-file", lambda raw: (raw / T8).unlink(), [T8, "missing"]),
    ("undescribed-file", lambda raw: (raw / "extra.csv").write_text("a\n1\n"), ["extra.csv", "not described"]),
    ("undescribed-file-in-a-folder", lambda raw: (raw / "sources" / "notes.txt").write_text("x"),
     ["sources/notes.txt", "not described"]),
    ("missing-source-file", lambda raw: (raw / DST).unlink(), [DST, "missing"]),
    ("schema-a-list", _descriptor(lambda p: p["resources"][0].update(schema=[])), ["'schema' must be an object"]),
    ("enum-a-string", _descriptor(lambda p: p["resources"][0]["schema"]["fields"][0].setdefault("constraints", {})
                                   .update(enum="abc")), ["'enum' must be a list"]),
    ("field-without-name", _descriptor(lambda p: p["resources"][0]["schema"]["fields"][0].pop("name")), ["field 1 has no name"]),
    ("descriptor-missing", lambda raw: (raw / "datapackage.json").unlink(), ["datapackage.json", "missing"]),
    ("unknown-rule", _descriptor(lambda p: next(r for r in p["resources"] if r["name"] == "dst_population")["x-rules"]
                                  .append({"type": "magic"})), ["unknown rule type 'magic'"]),
]


@pytest.mark.parametrize("case", DESCRIPTOR_CORPUS, ids=[c[0] for c in DESCRIPTOR_CORPUS])
def test_bad_description_is_stopped(raw_copy, case):
    _, edit, fragments = case
    edit(raw_copy)
    with pytest.raises(rawdata.RawDataError) as err:
        rawdata.validate_all()
    for fragment in fragments:
        assert fragment in str(err.value), f"{fragment!r} not in: {err.value}"


def test_corpus_cases_each_stop_for_a_reason_of_their_own(tmp_path, monkeypatch):
    """Every case is run again here on a fresh copy: no two may end in the same message (a case that
    repeats another tests nothing new), and none may pass validation."""
    import shutil

    from borgerservice import paths

    messages = {}
    pristine = paths.ROOT / "data" / "raw"
    raw = tmp_path / "raw"
    shutil.copytree(pristine, raw)
    monkeypatch.setattr(paths, "RAW", raw)
    monkeypatch.setattr(paths, "DATAPACKAGE", raw / "datapackage.json")
    for name, file, fn, rehash, _ in CORPUS:
        _edit(raw, file, fn, rehash)
        with pytest.raises(rawdata.RawDataError) as err:
            rawdata.validate_all()
        messages.setdefault(str(err.value), []).append(name)
        for restored in (file, "datapackage.json"):  # a case edits its file and, rehashed, the description
            shutil.copyfile(pristine / restored, raw / restored)
        rawdata._read_descriptor.cache_clear()
    assert sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*")) == \
        sorted(p.relative_to(pristine).as_posix() for p in pristine.rglob("*")), "a case left a file behind"
    repeated = {m: names for m, names in messages.items() if len(names) > 1}
    assert not repeated, repeated


def test_an_unreadable_file_is_named(raw_copy, monkeypatch):
    """As a file without read permission would (the tests run as root, who reads everything)."""
    from pathlib import Path

    real = Path.read_bytes

    def denied(self):
        if self.name == T8:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(rawdata.RawDataError, match=r"tabel8_unit_cost_estimate.csv: cannot be read \(Permission denied\)"):
        rawdata.validate_all()


def test_update_hashes_accepts_a_deliberate_edit(raw_copy):
    _edit(raw_copy, T5, _replace(b"59000000", b"60000000"), rehash=False)
    with pytest.raises(rawdata.RawDataError):
        rawdata.validate_all()
    assert rawdata.update_hashes() == ["tabel5_national_estimate"]
    assert rawdata.load("tabel5_national_estimate")["contacts"].iloc[0] == 60_000_000


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda x: round(x, 3)), min_size=5, max_size=5))
def test_loader_reads_back_what_was_written(raw_copy, costs):
    channels = ["personal", "phone", "letter", "email", "web_self_service"]
    text = "channel,unit_cost_dkk\n" + "".join(f"{c},{repr(float(v))}\n" for c, v in zip(channels, costs))
    (raw_copy / T8).write_text(text)
    rawdata.update_hashes()
    frame = rawdata.load("tabel8_unit_cost_estimate")
    assert list(frame["unit_cost_dkk"]) == [float(v) for v in costs]


#: Tabel 1 as committed, read once: each generated example starts again from it (a fixture is made once
#: for all of hypothesis's examples, so editing the copy in place would change it only the first time)
PRISTINE_T1 = (rawdata.paths.ROOT / "data" / "raw" / T1).read_text()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters=",\"\n\r"), max_size=12))
def test_loader_either_parses_or_names_line_and_column(raw_copy, cell):
    assert "DNK,7\n" in PRISTINE_T1
    text = PRISTINE_T1.replace("DNK,7\n", f"DNK,{cell}\n", 1)
    (raw_copy / T1).write_text(text)
    rawdata.update_hashes()
    assert (raw_copy / T1).read_text().split("\n")[1].endswith(f"DNK,{cell}")  # this example's cell is in the file
    try:
        frame = rawdata.load("tabel1_international_rankings")
    except rawdata.RawDataError as exc:
        assert exc.line == 2 and exc.column == "rank", str(exc)
        assert not (re.fullmatch(r"[0-9]+", cell) and int(cell) >= 1), f"{cell!r} is a valid rank"
    else:
        assert re.fullmatch(r"-?[0-9]+", cell) and int(cell) >= 1
        assert frame["rank"].iloc[0] == int(cell)

"""Figur 1, 3 and 4: drawn only when someone supplies their numbers; exercised on made-up fixtures."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from borgerservice import export, plotting, rawdata

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [("figur1_email_response_times", plotting.email_response_times, "figure_01"),
         ("figur3_documents_handled_electronically", plotting.documents_handled, "figure_03"),
         ("figur4_selfservice_completion", plotting.completion_per_solution, "figure_04")]


@pytest.mark.parametrize("name,draw,figure", CASES, ids=[c[2] for c in CASES])
def test_absent_means_not_drawn(name, draw, figure):
    assert rawdata.load_optional(name) is None


@pytest.mark.illustrative
@pytest.mark.parametrize("name,draw,figure", CASES, ids=[c[2] for c in CASES])
def test_supplied_file_is_validated_and_drawn(raw_copy, tmp_path, monkeypatch, name, draw, figure):
    shutil.copyfile(FIXTURES / f"{name}.csv", raw_copy / f"{name}.csv")
    frame = rawdata.load_optional(name)
    assert frame is not None and len(frame) > 0
    monkeypatch.setenv("BORGERSERVICE_OUTPUT_ROOT", str(tmp_path))
    written = export.save_figure(draw(frame), figure)
    assert written == [f"figures/{figure}.png", f"figures/{figure}.svg"]
    assert (tmp_path / "figures" / f"{figure}.png").stat().st_size > 1000


@pytest.mark.illustrative
def test_supplied_file_with_bad_values_is_refused(raw_copy):
    text = (FIXTURES / "figur4_selfservice_completion.csv").read_text().replace(",90", ",190")
    (raw_copy / "figur4_selfservice_completion.csv").write_text(text)
    with pytest.raises(rawdata.RawDataError, match="line 4, column 'completion_percent'"):
        rawdata.load_optional("figur4_selfservice_completion")


@pytest.mark.illustrative
def test_a_bad_supplied_file_stops_validation_before_any_build(raw_copy):
    """validate_all (the build's first step) checks a supplied file too, not only the notebook that reads it."""
    text = (FIXTURES / "figur1_email_response_times.csv").read_text()
    (raw_copy / "figur1_email_response_times.csv").write_text(text.replace("\n", ",extra\n", 1))
    with pytest.raises(rawdata.RawDataError, match="figur1_email_response_times.csv, line 1"):
        rawdata.validate_all()

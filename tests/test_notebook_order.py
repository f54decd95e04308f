"""Notebooks that build on each other's results: the numbers check reads what the exhibit notebooks computed.

The build must run a reader after the notebooks it reads from, re-run it when they change, not run it when one of
them failed, and a reader run by hand must say what to run when an input is missing.
"""
from __future__ import annotations

import os
import time

import pandas as pd
import pytest

from borgerservice import export, labels, layout, paths, plan, workers
from borgerservice.exhibits import NOTEBOOKS, Notebook


def _task(name: str, log: str, fail: bool = False) -> dict:
    """A worker's job: note when it started and ended; fail if told to."""
    with open(log, "a") as fh:
        fh.write(f"start {name} {time.monotonic()}\n")
    time.sleep(0.2)
    with open(log, "a") as fh:
        fh.write(f"end {name} {time.monotonic()}\n")
    return {"stem": name, "name": name, "status": "failed" if fail else "ok", "seconds": 0.2, "error": "told to"}


def _describe(task):
    return {"stem": task[0], "name": task[0], "kept": "-"}


def _events(log) -> dict[str, float]:
    out = {}
    for line in open(log):
        kind, name, t = line.split()
        out[f"{kind} {name}"] = float(t)
    return out


def test_a_reader_starts_only_after_every_notebook_it_reads_from_has_finished(tmp_path):
    log = str(tmp_path / "log")
    # c reads a and b; with three workers free it would start at once if the order were not kept
    tasks = [("c", log), ("a", log), ("b", log)]
    results = workers.run_parallel(_task, tasks, 3, _describe, out=open(os.devnull, "w"), after={0: {1, 2}})
    assert sorted(r["stem"] for r in results) == ["a", "b", "c"]
    ev = _events(log)
    assert ev["start c"] >= ev["end a"] and ev["start c"] >= ev["end b"]


def test_a_reader_whose_upstream_failed_is_not_run_and_says_why(tmp_path):
    log = str(tmp_path / "log")
    tasks = [("a", log, True), ("b", log), ("c", log)]
    results = {r["stem"]: r for r in workers.run_parallel(_task, tasks, 2, _describe, out=open(os.devnull, "w"),
                                                        after={2: {0, 1}})}
    assert results["c"]["status"] == "failed" and "a writes, which failed" in results["c"]["error"]
    assert results["b"]["status"] == "ok"
    assert "start c" not in _events(log)


def test_the_build_orders_each_notebook_after_those_it_reads():
    order = [nb.stem for nb in plan.upstream_first(NOTEBOOKS)]
    for nb in NOTEBOOKS:
        for upstream in nb.after:
            assert order.index(upstream) < order.index(nb.stem), (upstream, nb.stem)
    # the numbers check reads what 01, 03, 04, 05, 07 and 10 computed; 10 reads 01 and 05
    numbers_check = next(nb for nb in NOTEBOOKS if nb.stem == "08_numbers_check")
    assert set(numbers_check.after) == {"01_international_rankings", "03_document_handling", "04_selfservice_transactions",
                                        "05_inquiry_volumes", "07_channel_costs", "10_paper_against_sources"}


def test_notebooks_that_read_each_other_in_a_circle_are_refused():
    a = Notebook("a", (), ("a", "a"), after=("b",))
    b = Notebook("b", (), ("b", "b"), after=("a",))
    with pytest.raises(plan.BuildError, match="in a circle: a -> b -> a"):
        plan.upstream_first((a, b))


def test_a_missing_output_of_an_earlier_notebook_names_it_and_what_to_run(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "build" / "stamps").mkdir(parents=True)
    (root / "build" / "stamps" / "07_channel_costs.json").write_text(
        '{"outputs": {"data/processed/channel_costs.csv": "x"}}')
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "BUILD", root / "build")
    monkeypatch.delenv("BORGERSERVICE_OUTPUT_ROOT", raising=False)
    with pytest.raises(export.ProcessedMissing, match=r"data/processed/channel_costs.csv is not there: it is written by "
                                                      r"notebooks/07_channel_costs.ipynb; run `make report` first"):
        export.read_processed("channel_costs")
    # while a build runs, its staging tree comes first, then the last build
    staging = tmp_path / "staging"
    (staging / "data" / "processed").mkdir(parents=True)
    (staging / "data" / "processed" / "channel_costs.csv").write_text("channel,contacts\nemail,20000000\n")
    monkeypatch.setenv("BORGERSERVICE_OUTPUT_ROOT", str(staging))
    assert export.read_processed("channel_costs")["contacts"].tolist() == [20_000_000]


def test_in_order_sorts_as_the_paper_prints_and_keeps_the_types():
    frame = pd.DataFrame({"channel": ["website", "personal", "email"], "part": [2, 1, 1]})
    out = labels.in_order(frame, channel=labels.CHANNELS)
    # Tabel 4-6 print personal, phone, letter, e-mail, self-service, website
    assert out["channel"].tolist() == ["personal", "email", "website"]
    assert out["part"].tolist() == [1, 1, 2] and out["part"].dtype == frame["part"].dtype
    with pytest.raises(ValueError, match="chat not in the paper's order"):
        labels.in_order(pd.DataFrame({"channel": ["chat"]}), channel=labels.CHANNELS)


def test_a_recomputed_cell_given_twice_is_refused():
    with pytest.raises(ValueError, match="a recomputed cell twice: t5_total"):
        layout.cells_frame([layout.cell("t5_total", 1, "1"), layout.cell("t5_total", 2, "2")])
    # the Danish arithmetic is the English unless the words differ
    assert layout.cell("t3_total_n", 295, "88 + 86")["formula_da"] == "88 + 86"


def test_the_chain_the_numbers_check_waits_longest_for_starts_first(monkeypatch):
    """01 and 05 feed 10, which feeds 08: with no timings yet (a second each), 01 -> 10 -> 08 and 05 -> 10 -> 08 are
    three seconds long, 03 -> 08 two; of the two-second chains 10 waited for others and goes first."""
    monkeypatch.setattr(plan, "read_stamp", lambda stem: None)
    order = [nb.stem for nb in plan.critical_first([nb for nb in NOTEBOOKS if nb.in_report])]
    assert set(order[:2]) == {"01_international_rankings", "05_inquiry_volumes"}
    assert order[2] == "10_paper_against_sources"
    assert order.index("10_paper_against_sources") < order.index("03_document_handling") < order.index("02_eurostat_eservices")

"""`make bench`: the fresh clone's two commands are timed in steps, and each command is the sum of its steps."""
from __future__ import annotations

import subprocess

import bench  # tools/bench.py (conftest puts tools/ on the path)


def test_fresh_clone_times_the_install_apart_and_adds_the_steps_up(tmp_path, monkeypatch):
    clock = iter([0.0, 7.0,   # make setup: 7 s of install
                  7.0, 22.0,  # make report: a first build of 15 s
                  22.0, 25.5,  # the test tools: 3.5 s
                  25.5, 80.5])  # make test: 55 s
    ran = []

    def fake_run(cmd, **kw):
        ran.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(bench.subprocess, "run", fake_run)
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(clock))
    out = bench.fresh_clone(tmp_path)
    assert ran[0][:2] == ["git", "clone"]
    assert [c[1] for c in ran[1:]] == ["setup", "report", ".venv/.installed-test", "test"]
    # make report = 7 + 15 = 22 s; make test = 3.5 + 55 = 58.5 s
    assert out["report_install"] == 7.0 and out["first_build"] == 15.0 and out["fresh_report"] == 22.0
    assert out["test_install"] == 3.5 and out["test_run"] == 55.0 and out["test"] == 58.5

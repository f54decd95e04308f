"""The README's exhibit table agrees with what the build derives, and nothing here uses the network."""
from __future__ import annotations

import re
import socket

import pytest

from borgerservice import exhibits, paths, report


def test_readme_exhibit_table_matches_the_build(paper_ledger):
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): (m.group(2), m.group(3).strip()) for m in
            re.finditer(r"^\| (Tabel \d|Figur \d) \| `([0-9a-z_]+)` \|.*\| ([a-z ]+) \|$", text, flags=re.M)}
    ledger = paper_ledger
    ledger["printed_value"] = ledger["printed_value"].astype(str)
    rows_now = ledger.astype(str).to_dict("records")
    for ex in exhibits.EXHIBITS:
        assert ex.paper_name in rows, f"README has no row for {ex.paper_name}"
        notebook, status = rows[ex.paper_name]
        assert notebook == ex.notebook, ex.paper_name
        assert status == report.STATUS[report.exhibit_status(ex, rows_now)], ex.paper_name


def test_the_tests_are_offline():
    """conftest blocks every connection that leaves this machine."""
    with pytest.raises(OSError, match="network is off"):
        socket.create_connection(("93.184.216.34", 80), timeout=1)


def test_builds_started_by_the_tests_are_offline(tmp_path):

    probe = "import socket\ntry:\n    socket.create_connection(('93.184.216.34', 80), timeout=1)\nexcept OSError as e:\n    print(e)\n"
    (tmp_path / "probe.py").write_text(probe)
    import subprocess
    import sys

    from conftest import project_env

    out = subprocess.run([sys.executable, str(tmp_path / "probe.py")], env=project_env(paths.ROOT), capture_output=True, text=True)
    assert "network is off" in out.stdout

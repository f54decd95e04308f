"""tools/bootstrap_uv.py: uv's wheel for this machine, straight from the index, only with a hash the lock lists."""
from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import zipfile
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("bootstrap_uv", Path(__file__).parents[1] / "tools" / "bootstrap_uv.py")
boot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(boot)

A, B = "a" * 64, "b" * 64
LOCK = f"uv==1.2.3 \\\n    --hash=sha256:{A} \\\n    --hash=sha256:{B}\n    # via -r requirements/uv.in\n"


def _wheel(version: str = "1.2.3") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(f"uv-{version}.data/scripts/uv", "#!/bin/sh\necho uv\n")
        z.writestr(f"uv-{version}.data/scripts/uvx", "#!/bin/sh\necho uvx\n")
        z.writestr("uv/__init__.py", "")
    return buf.getvalue()


def test_the_lock_gives_the_version_and_every_hash():
    assert boot.pinned(LOCK) == ("1.2.3", {A, B})
    with pytest.raises(boot.CannotBootstrap):
        boot.pinned("# nothing pinned\n")


@pytest.mark.parametrize("name,oldest", [
    ("uv-1.2.3-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", (2, 17)),
    ("uv-1.2.3-py3-none-manylinux_2_28_aarch64.whl", (2, 28)),
    ("uv-1.2.3-py3-none-manylinux2010_x86_64.whl", (2, 12)),
    ("uv-1.2.3-py3-none-musllinux_1_1_x86_64.whl", None),
    ("uv-1.2.3-py3-none-macosx_10_12_x86_64.whl", None),
])
def test_the_oldest_glibc_a_wheel_runs_on(name, oldest):
    assert boot.oldest_glibc(name) == oldest


def test_only_this_machines_wheel_with_a_listed_hash_is_chosen():
    c = "c" * 64
    files = [
        {"filename": "uv-1.2.3-py3-none-musllinux_1_1_x86_64.whl", "hashes": {"sha256": A}},  # another libc
        {"filename": "uv-1.2.3-py3-none-manylinux_2_28_x86_64.whl", "hashes": {"sha256": A}},  # needs glibc 2.28
        {"filename": "uv-1.2.3-py3-none-manylinux_2_17_aarch64.whl", "hashes": {"sha256": A}},  # another machine
        {"filename": "uv-1.2.4-py3-none-manylinux_2_17_x86_64.whl", "hashes": {"sha256": A}},  # another version
        {"filename": "uv-1.2.3-py3-none-manylinux_2_17_x86_64.whl", "hashes": {"sha256": c}},  # not in the lock
        {"filename": "uv-1.2.3.tar.gz", "hashes": {"sha256": B}},  # the source
        {"filename": "uv-1.2.3-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "hashes": {"sha256": B}},
    ]
    chosen = boot.choose(files, "1.2.3", {A, B}, "x86_64", (2, 24))
    assert chosen["filename"] == "uv-1.2.3-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    with pytest.raises(boot.CannotBootstrap, match="glibc 2.12"):
        boot.choose(files, "1.2.3", {A, B}, "x86_64", (2, 12))


def test_a_wheel_is_unpacked_only_when_its_hash_is_in_the_lock(tmp_path):
    wheel = _wheel()
    digest = hashlib.sha256(wheel).hexdigest()
    with pytest.raises(SystemExit, match="does not list"):
        boot.unpack(wheel, {A, B}, tmp_path / "bin", "1.2.3")
    assert not (tmp_path / "bin").exists()
    written = boot.unpack(wheel, {A, digest}, tmp_path / "bin", "1.2.3")
    assert sorted(p.name for p in written) == ["uv", "uvx"]
    assert (tmp_path / "bin/uv").read_text() == "#!/bin/sh\necho uv\n" and (tmp_path / "bin/uv").stat().st_mode & 0o111
    assert sorted(p.name for p in (tmp_path / "bin").iterdir()) == ["uv", "uvx"]  # no part files, no package


def test_from_the_index_to_the_programs_and_the_way_back_to_pip(tmp_path, monkeypatch, capsys):
    wheel = _wheel()
    name = "uv-1.2.3-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    lock = tmp_path / "uv.lock"
    lock.write_text(LOCK.replace(B, hashlib.sha256(wheel).hexdigest()))
    asked = []

    def fake_fetch(url, accept=None):
        asked.append((url, accept))
        if url.endswith("/uv/"):
            listing = {"files": [{"filename": name, "url": f"../../files/{name}",
                                  "hashes": {"sha256": hashlib.sha256(wheel).hexdigest()}}]}
            return json.dumps(listing).encode(), url
        return wheel, url

    monkeypatch.setattr(boot, "fetch", fake_fetch)
    monkeypatch.setattr(boot, "this_machine", lambda: ("x86_64", (2, 36)))
    monkeypatch.setattr(boot, "pip_config_files", lambda: [])
    monkeypatch.delenv("PIP_INDEX_URL", raising=False)
    assert boot.main([str(lock), str(tmp_path / "bin")]) == 0
    # PyPI's list in JSON, then the file it names, relative to the list's address
    assert asked == [("https://pypi.org/simple/uv/", "application/vnd.pypi.simple.v1+json"),
                     (f"https://pypi.org/files/{name}", None)]
    assert (tmp_path / "bin/uv").is_file()

    # a mirror is pip's business: nothing is fetched
    monkeypatch.setenv("PIP_INDEX_URL", "https://mirror.example/simple/")
    assert boot.main([str(lock), str(tmp_path / "mirror")]) == 3
    assert "another index (PIP_INDEX_URL)" in capsys.readouterr().err
    assert len(asked) == 2 and not (tmp_path / "mirror").exists()
    monkeypatch.delenv("PIP_INDEX_URL")

    def no_network(url, accept=None):
        raise OSError("network is unreachable")

    monkeypatch.setattr(boot, "fetch", no_network)
    assert boot.main([str(lock), str(tmp_path / "other")]) == 3
    assert "gave no JSON list of uv's files" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()


def test_a_pip_conf_that_names_an_index_is_found(tmp_path):
    plain, mirror, broken = tmp_path / "plain.conf", tmp_path / "mirror.conf", tmp_path / "broken.conf"
    plain.write_text("[global]\ncert = /etc/ssl/certs/ca-certificates.crt\nextra-index-url = file:///opt/pypi/simple\n")
    mirror.write_text("[install]\nindex-url = https://mirror.example/simple\n")
    broken.write_text("not an ini file\n")
    assert boot.another_index({}, [plain, broken, tmp_path / "missing.conf"]) is None
    assert boot.another_index({}, [plain, mirror]) == f"index-url in {mirror}"
    assert boot.another_index({"PIP_INDEX_URL": "https://mirror.example/simple"}, [plain]) == "PIP_INDEX_URL"

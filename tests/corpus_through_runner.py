"""Run every case of the bad-input corpus through the build runner, in one process.

Invoked by tests/test_build.py with BORGERSERVICE_ROOT set to a built copy of the project: for each case
the raw folder is restored, edited, and `build.build(force=True)` called; the runner must stop with exit
code 2, name the file, and write nothing. One process instead of one per case: validation comes before
any fork or import of the notebook stack, so this is the runner's own path, not a shortcut.
Prints one line per case: name, exit code, whether the message named the file, whether outputs changed.
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_rawdata import CORPUS, DESCRIPTOR_CORPUS, _edit  # noqa: E402

from borgerservice import build, paths, rawdata  # noqa: E402


def digest(root: Path) -> str:
    """Every output file's name, size and modification time: a build that wrote anything changes one of them (the
    bytes are hashed once, at the end, by the test)."""
    h = hashlib.sha256()
    for rel in ("data/processed", "figures", "report"):
        for p in sorted((root / rel).rglob("*")):
            if p.is_file():
                st = p.stat()
                h.update(f"{p.relative_to(root).as_posix()}\t{st.st_size}\t{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def main() -> None:
    root = paths.ROOT
    raw = paths.RAW
    pristine = root / "pristine_raw"
    shutil.copytree(raw, pristine)
    before = digest(root)
    cases = [(c[0], lambda r, c=c: _edit(r, c[1], c[2], c[3]), c[1]) for c in CORPUS]
    cases += [(c[0], c[1], "datapackage.json" if "file" not in c[0] else "") for c in DESCRIPTOR_CORPUS]
    for name, edit, file in cases:
        shutil.rmtree(raw)
        shutil.copytree(pristine, raw)
        rawdata._read_descriptor.cache_clear()
        edit(raw)
        out = io.StringIO()
        code = build.build({"lang": "en"}, force=True, out=out)
        text = out.getvalue()
        print(json.dumps({"case": name, "code": code, "named": file in text and "before writing anything" in text,
                          "unchanged": digest(root) == before and len(list((root / "build" / "generations").iterdir())) <= 1,
                          "message": text.strip()[:300]}), flush=True)


if __name__ == "__main__":
    main()

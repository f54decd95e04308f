"""Strip notebooks for committing: no outputs, no execution counts, no papermill metadata."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def problems(nb: dict) -> list[str]:
    """Why a notebook may not be committed as it is (empty when clean)."""
    out = []
    if "papermill" in nb.get("metadata", {}):
        out.append("notebook metadata has papermill keys")
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            out.append(f"cell {i} has outputs or an execution count")
        if "papermill" in cell.get("metadata", {}) or "execution" in cell.get("metadata", {}):
            out.append(f"cell {i} has papermill or execution metadata")
    return out


def strip(nb: dict) -> dict:
    nb.get("metadata", {}).pop("papermill", None)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def main(argv: list[str]) -> int:
    for name in argv:
        p = Path(name)
        nb = json.loads(p.read_text(encoding="utf-8"))
        if problems(nb):
            p.write_text(json.dumps(strip(nb), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"stripped {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

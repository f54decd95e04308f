"""Writing outputs so that two builds give the same bytes.

CSV: fixed column order, plain numbers (format_plain), '\n' line ends, tidy data sorted.
Figures: PNG at 200 dpi without the Software stamp, SVG with a fixed hash salt and no date.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd

from . import paths
from .compare import format_plain
from .layout import PrintedTable

#: files written by this process (the build runner lists them per notebook)
WRITTEN: list[Path] = []


def _atomic_write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    WRITTEN.append(path)
    manifest = os.environ.get("BORGERSERVICE_MANIFEST")
    if manifest:
        with open(manifest, "a", encoding="utf-8") as fh:
            fh.write(f"wrote\t{path.relative_to(paths.output_root()).as_posix()}\n")
    return path


#: what a spreadsheet takes for the start of a formula (OWASP, CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value) -> str:
    """A value as a CSV cell: numbers plain; a text a spreadsheet would run as a formula gets a leading apostrophe,
    as OWASP recommends, so that it stays text (a number such as -2.5 is left as it is)."""
    text = format_plain(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def csv_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([cell_text(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([cell_text(v) for v in row])
    return buf.getvalue().encode("utf-8")


def _rel(path: Path) -> str:
    return path.relative_to(paths.output_root()).as_posix()


def write_table(name: str, table: PrintedTable | pd.DataFrame) -> str:
    """A table in the paper's printed layout: data/processed/tables/<name>.csv (row order kept); where its derived
    cells sit goes beside the recomputed cells (recomputed/<name>_positions.csv), for the report to set each printed
    number beside its recomputed one."""
    frame = table.frame if isinstance(table, PrintedTable) else table
    if isinstance(table, PrintedTable) and table.derived:
        positions = pd.DataFrame([(rid, d.row, d.col) for rid, d in table.derived.items()],
                                 columns=["result_id", "row", "column"]).sort_values("result_id")
        _atomic_write(paths.processed() / "recomputed" / f"{name}_positions.csv", csv_bytes(positions))
    return _rel(_atomic_write(paths.tables() / f"{name}.csv", csv_bytes(frame)))


def write_tidy(name: str, frame: pd.DataFrame, sort_by: list[str] | None = None) -> str:
    """Long-format data behind an exhibit: data/processed/<name>.csv, sorted for stable bytes."""
    if sort_by:
        frame = frame.sort_values(sort_by, kind="stable")
    return _rel(_atomic_write(paths.processed() / f"{name}.csv", csv_bytes(frame.reset_index(drop=True))))


def write_cells(key: str, cells: pd.DataFrame) -> str:
    """The recomputed cells of one printed table (layout.cells_frame): data/processed/recomputed/<key>.csv,
    which the numbers check (notebook 08) reads."""
    frame = cells.sort_values("result_id", kind="stable").reset_index(drop=True)
    return _rel(_atomic_write(paths.processed() / "recomputed" / f"{key}.csv", csv_bytes(frame)))


class ProcessedMissing(FileNotFoundError):
    """An output of an earlier notebook is not there (its notebook has not run, or failed)."""


def _writer_of(rel: str) -> str:
    """The notebook whose last run wrote `rel` (from the build's stamps), for an error that says what to run."""
    import json

    for stamp in sorted((paths.BUILD / "stamps").glob("*.json")):
        try:
            if rel in json.loads(stamp.read_text(encoding="utf-8")).get("outputs", {}):
                return f"notebooks/{stamp.stem}.ipynb"
        except (OSError, ValueError):
            continue
    return "an earlier notebook"


def read_processed(name: str) -> pd.DataFrame:
    """A file an earlier notebook wrote (data/processed/<name>.csv): the build's staging tree while a build runs
    (the notebook runs after its writer, exhibits.Notebook.after), else the project's last build."""
    rel = f"data/processed/{name}.csv"
    for base in dict.fromkeys((paths.output_root(), paths.ROOT)):
        f = base / rel
        if f.is_file():
            return pd.read_csv(f, keep_default_na=False, na_values=[""])
    raise ProcessedMissing(f"{rel} is not there: it is written by {_writer_of(rel)}; run `make report` first "
                           "(or that notebook), then this one")


def read_cells(key: str) -> pd.DataFrame:
    """The recomputed cells a table's notebook wrote (write_cells)."""
    return read_processed(f"recomputed/{key}").fillna({"formula": "", "formula_da": ""})


class SavedFigure(list):
    """What save_figure returns: the paths it wrote, shown in a notebook as the saved PNG itself.

    The figure is closed once saved, so the notebook shows the file the report uses (not a second drawing at
    another resolution), and a cell that ends with save_figure shows the picture, not a list of paths.
    """

    def __init__(self, written: list[str], png: bytes, width_px: int):
        super().__init__(written)
        self.png, self.width_px = png, width_px

    def _repr_png_(self):
        return self.png, {"width": self.width_px // 2}  # 200 dpi shown at the size of a 100 dpi screen figure


def save_figure(fig, name: str) -> SavedFigure:
    """figures/<name>.png (200 dpi) and .svg, byte-stable from one build to the next.

    Returns the paths relative to the project, so an executed notebook shows no machine path.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    matplotlib.rcParams["svg.hashsalt"] = "borgerservice"
    # the figure is laid out once, for the tight box of both formats; savefig would do it again for each, and with
    # any layout engine once more: `fig.tight_layout()` leaves a placeholder engine that lays nothing out, but savefig
    # still draws the whole figure for it before each format (about 7 % of a save, measured on notebook 05's figures)
    fig.draw_without_rendering()
    bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(matplotlib.rcParams["savefig.pad_inches"])
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
    out, png = [], b""
    for ext, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        buf = io.BytesIO()
        fig.savefig(buf, format=ext, dpi=200, metadata=meta, bbox_inches=bbox)
        png = png or buf.getvalue()
        out.append(_rel(_atomic_write(paths.figures() / f"{name}.{ext}", buf.getvalue())))
    plt.close(fig)
    return SavedFigure(out, png, int(bbox.width * 200))

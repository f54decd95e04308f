"""What every notebook does first, so that each reads the same way: its language, where its outputs go, the
figures' style and how its tables show."""
from __future__ import annotations

from . import i18n, layout, paths, plotting


def start(lang: str, name: str) -> None:
    """Write in `lang` (the notebook's parameter), draw in the project's style, show tables as the pages do.

    Run by the build, the notebook writes into the build's new generation; run any other way (JupyterLab, papermill by
    hand), into build/scratch/<name>/, and it says so: only `make report` changes the published report."""
    i18n.set_language(lang)
    paths.RUNNING = name
    plotting.apply_style()
    layout.display_numbers()
    if not paths.built_by_the_build():
        print(i18n._("Not run by the build: this notebook's outputs go to {folder}/ and the published report is left "
                     "alone (make report rebuilds it).", folder=paths.scratch().relative_to(paths.ROOT).as_posix()))


def normalize(path) -> bool:
    """Write a notebook in nbformat's layout (sorted keys, one-space indent, sources as lists of lines), as nbstripout
    and JupyterLab write it; nbstripout leaves a file with nothing to strip as it is. True if it changed."""
    import nbformat

    before = path.read_text(encoding="utf-8")
    after = nbformat.writes(nbformat.reads(before, as_version=4)) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
    return after != before


def main(argv: list[str] | None = None) -> int:
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(description="Notebook housekeeping (make strip)")
    parser.add_argument("--normalize", nargs="+", type=Path, metavar="NOTEBOOK", required=True)
    for path in parser.parse_args(argv).normalize:
        if normalize(path):
            print(f"{path}: rewritten in nbformat's layout")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

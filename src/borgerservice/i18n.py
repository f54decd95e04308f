"""One language layer: everything a reader sees is written once, in English, and translated in gettext catalogs.

* Text: `_("{n} contacts", n=x)` translates the message into the current language, then fills in the named
  placeholders (numbers formatted for the reader's locale). `N_("...")` only marks a message for extraction (a name
  in a table of names), `Text(...)` is a message rendered later, in one language or both (the numbers check writes
  its explanations in English to claims.csv and in Danish beside it).
* Prose: each markdown cell of a notebook is one message, keyed by the cell's id (`msgctxt`); a Danish page shows
  each cell's translation in its place (`translate_notebook`).
* Numbers: `number(x, digits)` formats for the current language with Babel (`da_DK`: 1.234,5; `en_GB`: 1,234.5),
  rounding half up as the paper prints; the figures' tick labels call it too.

The catalogs live in locale/<lang>/LC_MESSAGES/borgerservice.po and are compiled when first used (nothing compiled is
committed). `make translations` extracts every message (Babel: Python, Jinja2 templates, notebooks) and updates the
catalogs; a test fails on an untranslated, fuzzy or obsolete message.
"""
from __future__ import annotations

import contextlib
import gettext
import io
import math
import numbers
import re
from functools import lru_cache
from pathlib import Path

LANGS = ("en", "da")
LOCALES = {"en": "en_GB", "da": "da_DK"}
DOMAIN = "borgerservice"
def locale_dir() -> Path:
    """The project's catalogs (locale/ beside notebooks/, wherever paths.ROOT points)."""
    from . import paths

    return paths.ROOT / "locale"
#: the keywords Babel extracts (beside its defaults: _, gettext, ngettext, pgettext, ...)
KEYWORDS = {"_": None, "N_": None, "Text": None}

_current = "en"


class LanguageError(ValueError):
    """A language the project has no catalog for."""


def check(lang: str) -> str:
    if lang not in LANGS:
        raise LanguageError(f"unknown language {lang!r} (valid: {', '.join(LANGS)})")
    return lang


def set_language(lang: str) -> None:
    """The language of everything `_` and `number` write from now on in this process (a notebook's `lang`)."""
    global _current
    _current = check(lang)


def current() -> str:
    return _current


@contextlib.contextmanager
def language(lang: str):
    """Write in `lang` inside the block, then go back (the report and the ledger render in both languages)."""
    before = _current
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def catalog_path(lang: str) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=4)
def _compiled(path: str, mtime_ns: int) -> gettext.NullTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(path, "rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)  # a fuzzy message is not a translation
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def translations(lang: str | None = None) -> gettext.NullTranslations:
    """The catalog of `lang` (English is the source language: messages stand as written)."""
    lang = check(lang or _current)
    path = catalog_path(lang)
    if lang == "en" or not path.is_file():
        return gettext.NullTranslations()
    return _compiled(str(path), path.stat().st_mtime_ns)


def _fill(text: str, values: dict) -> str:
    return text.format(**{k: _shown(v) for k, v in values.items()}) if values else text


def _shown(value):
    if isinstance(value, Text):
        return value.render(_current)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return value
    return number(value)


def _(message: str, /, **values) -> str:
    """`message` in the current language, its {placeholders} filled (numbers as the reader writes them)."""
    return _fill(translations().gettext(message), values)


def N_(message: str) -> str:
    """Marks a message for translation where it is defined; `_` translates it where it is shown."""
    return message


class Text:
    """A message rendered later, in one language or several: its placeholders' values (numbers, names, other Texts)
    are formatted for the language it is rendered in."""

    __slots__ = ("message", "values")

    def __init__(self, message: str, /, **values):  # positional: any placeholder name is free, `self` too
        self.message, self.values = message, values

    def render(self, lang: str | None = None) -> str:
        with language(lang or _current):
            return _(self.message, **self.values)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Text({self.message!r})"


class Joined(Text):
    """Texts shown one after another ("; " between them by default)."""

    __slots__ = ("parts", "sep")

    def __init__(self, parts: list, sep: str = "; "):
        super().__init__("")
        self.parts, self.sep = [p for p in parts if p != ""], sep

    def render(self, lang: str | None = None) -> str:
        with language(lang or _current):
            return self.sep.join(str(_shown(p)) for p in self.parts)


def terms(values, sep: str = " + ") -> Joined:
    """Numbers (or Texts) one after another: `terms([a, b])` shows "1,234 + 56" in English, "1.234 + 56" in Danish."""
    return Joined(list(values), sep)


# --- numbers -----------------------------------------------------------------------------
def default_digits(x: float) -> int:
    """The decimals a reader needs when none are given: none for whole numbers, two from 1 up, three below."""
    if float(x).is_integer():
        return 0
    return 2 if abs(x) >= 1 else 3


def number(x, digits: int | None = None, lang: str | None = None, upto: int | None = None) -> str:
    """`x` as the reader of `lang` writes it: grouped, `digits` decimals (or at most `upto`, or `default_digits`,
    trailing zeros dropped), rounded half up as a printed table rounds; empty for a missing value."""
    from babel.numbers import format_decimal

    from .compare import round_half_up

    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = float(x)
    if digits is None:
        places = default_digits(x) if upto is None else upto
        pattern = "#,##0" + ("." + "#" * places if places else "")
    else:
        places = digits
        pattern = "#,##0" + ("." + "0" * places if places else "")
    value = float(round_half_up(x, places))
    if value == 0:
        value = 0.0  # never "-0"
    return format_decimal(value, format=pattern, locale=LOCALES[check(lang or _current)])


def tick_formatter(digits: int | None = None):
    """A matplotlib tick formatter that writes numbers as `number` does (Danish decimal commas in a Danish figure)."""
    from matplotlib.ticker import FuncFormatter

    lang = _current
    return FuncFormatter(lambda value, _pos: number(value, digits, lang=lang))


# --- notebooks ---------------------------------------------------------------------------
def cell_source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def translate_notebook(nb, lang: str) -> None:
    """Each markdown cell of `nb` in `lang`: its translation, keyed by the cell's id, in its place."""
    if lang == "en":
        return
    catalog = translations(lang)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = catalog.pgettext(cell.get("id", ""), cell_source(cell))


def extract_notebook(fileobj, keywords, comment_tags, options):
    """Babel extractor for a notebook: each markdown cell one message (msgctxt: the cell id), and the `_()` calls of
    each code cell, as Babel's Python extractor finds them."""
    import json

    from babel.messages.extract import extract_python

    nb = json.loads(fileobj.read().decode("utf-8"))
    title = nb.get("metadata", {}).get("borgerservice", {}).get("title")
    if isinstance(title, str) and title:  # an added notebook's title, shown in the report
        yield 0, "_", title, ["notebook title"]
    for index, cell in enumerate(nb.get("cells", []), start=1):
        source = cell_source(cell)
        if cell.get("cell_type") == "markdown" and source.strip():
            yield index, "pgettext", (cell.get("id", ""), source), [f"notebook cell {cell.get('id', '')}"]
        elif cell.get("cell_type") == "code":
            for _line, funcname, messages, comments in extract_python(io.BytesIO(source.encode("utf-8")), keywords,
                                                                       comment_tags, options):
                yield index, funcname, messages, comments


# --- the catalogs: extract, update, check ------------------------------------------------------
#: where the messages are: (pattern under the project, Babel extraction method)
MESSAGE_SOURCES = (("src/borgerservice/**.py", "python"), ("src/borgerservice/templates/report/**.j2", "jinja2"),
           ("notebooks/*.ipynb", "borgerservice.i18n:extract_notebook"))
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def extract(root: Path):
    """Every message of the project, as Babel finds it: a catalog template (nothing translated)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    template = Catalog(project="borgerservice", fuzzy=False)
    keywords = {**DEFAULT_KEYWORDS, **KEYWORDS}
    options = {pattern: (JINJA_OPTIONS if method == "jinja2" else {}) for pattern, method in MESSAGE_SOURCES}
    for filename, lineno, message, comments, context in extract_from_dir(
            str(root), list(MESSAGE_SOURCES), options, keywords=keywords, comment_tags=("i18n:",)):
        template.add(message, locations=[(filename, lineno)], auto_comments=comments, context=context)
    return template


def update_catalogs(root: Path) -> dict[str, dict[str, int]]:
    """`make translations`: each catalog gets the messages the code now has (a changed one turns fuzzy, with its old
    translation as a start), loses those it no longer has, and is written back sorted."""
    from babel.messages.pofile import read_po, write_po

    template = extract(root)
    report = {}
    for lang in LANGS:
        if lang == "en":
            continue
        path = root / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=LOCALES[lang])
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=LOCALES[lang], project="borgerservice")
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
        catalog.obsolete.clear()
        out = io.BytesIO()
        write_po(out, catalog, width=120, sort_output=True, omit_header=False, ignore_obsolete=True, include_previous=False)
        dated = re.compile(rb'^"POT-Creation-Date: .*\n', re.M)
        if not path.is_file() or dated.sub(b"", out.getvalue()) != dated.sub(b"", path.read_bytes()):
            path.write_bytes(out.getvalue())  # a new date only with new messages: no diff from a run that found none
        messages = [m for m in catalog if m.id]
        report[lang] = {"messages": len(messages), "untranslated": sum(1 for m in messages if not m.string),
                        "fuzzy": sum(1 for m in messages if m.fuzzy)}
    return report


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Extract every message and update the catalogs (make translations)")
    parser.parse_args(argv)
    from . import paths

    for lang, counts in update_catalogs(paths.ROOT).items():
        print(f"locale/{lang}: {counts['messages']} messages, {counts['untranslated']} untranslated, "
              f"{counts['fuzzy']} fuzzy")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

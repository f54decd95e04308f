"""The built report as a reviewer meets it: every page opened in headless Chromium from file://, in English
and in Danish, at 1400 px and on a 390 px phone.

A page fails on a console error, a request that leaves file://, a failed request, a link or anchor that does not
resolve, an image that does not render, or anything wider than the window that is not inside a box of its own
that scrolls. A page is loaded once at 1400 px and then narrowed to 390 px (what a reader does when turning a
tablet, and half the loads). Full-page screenshots (JPEG) go to build/screenshots/<lang>/<width>/ for a person to
look at: of every page with BORGERSERVICE_SCREENSHOTS=1 (`make screenshots`), else only of a page that failed (a
full-page screenshot costs more than loading and checking the page).

Chromium: the system's (Debian package `chromium`), or BORGERSERVICE_CHROMIUM. Without one these tests are
skipped and the summary line says so loudly; with BORGERSERVICE_REQUIRE_BROWSER=1 (CI) they fail instead.
"""
from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from borgerservice import exhibits, paths

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = os.environ.get("BORGERSERVICE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
NO_BROWSER = "no Chromium found: the report was NOT checked in a browser (install the Debian package chromium)"
#: the flags this machine's closed network needs (env notes): no background connections, no first-run work
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]
WIDTHS = (1400, 390)
PAGES = ["index.html", "checks.html", "scenarios.html"] + [
    f"notebooks/{nb.stem}.html" for nb in exhibits.NOTEBOOKS if nb.in_report]
SCREENSHOTS = paths.ROOT / "build" / "screenshots"

#: every element that reaches past the window's right edge without a scrolling box around it
OVERFLOWING = """() => {
  const w = document.documentElement.clientWidth, out = [];
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1 && !scrolls(el))
      out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
               + ' ' + Math.round(r.right) + 'px');
  }
  return {page: document.documentElement.scrollWidth, window: w, elements: out.slice(0, 5)};
}"""
#: text that does not fit the box it is in (a cell, a paragraph, a heading) and is not in a box that scrolls
SPILLING = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll('td, th, p, li, h1, h2, h3, summary, figcaption, span.badge')) {
    if (el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0)
      out.push(el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 40) + '" ' + el.scrollWidth + '>' + el.clientWidth);
  }
  return out.slice(0, 5);
}"""
#: a number a reader sees with more decimals than anyone needs (17.0658, 2.74396589389)
LONG_NUMBER = r"\d[.,]\d{5,}"
BROKEN_IMAGES = """() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'))"""
LINKS = """() => [...document.querySelectorAll('a[href], img[src], link[href], script[src]')]
  .map(e => e.getAttribute('href') || e.getAttribute('src'))"""


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("BORGERSERVICE_REQUIRE_BROWSER"):
            pytest.fail(NO_BROWSER)
        pytest.skip(NO_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def browser_tab(browser):
    """One tab per test process, each test navigating it to its page: a new tab costs a new renderer process, about
    as much as loading a page. What the page reports (console errors, requests) goes to the current test."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    tab = context.new_page()
    heard: dict = {"problems": [], "width": WIDTHS[0]}

    def note(text: str) -> None:
        heard["problems"].append(f"{heard['width']}px {text}")

    tab.on("console", lambda m: note(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: note(f"script error: {e}"))
    tab.on("request", lambda r: None if r.url.startswith(("file://", "data:", "about:")) else note(
        f"network request: {r.url}"))
    tab.on("requestfailed", lambda r: note(f"failed request: {r.url} ({r.failure})"))
    yield tab, heard
    context.close()


def screenshot(tab, lang: str, page: str, width: int) -> None:
    shot = SCREENSHOTS / lang / f"{width}px" / (page.replace("/", "_").removesuffix(".html") + ".jpg")
    shot.parent.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(shot), full_page=True, type="jpeg", quality=70)  # a third of a PNG's time


@pytest.fixture(scope="session")
def reports(built_project, danish_build):
    """The report in each language: the shared English build, and the Danish one."""
    english, _ = built_project
    return {"en": english, "da": danish_build}


def _anchor_exists(target: Path, fragment: str) -> bool:
    text = target.read_text(encoding="utf-8")
    return f'id="{fragment}"' in text or f"id='{fragment}'" in text or f'name="{fragment}"' in text


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_loads_offline_whole_and_fits_the_window(browser_tab, reports, lang, page):
    path = reports[lang] / "report" / page
    assert path.is_file(), f"{page} was not built"
    tab, heard = browser_tab
    problems = heard["problems"] = []
    heard["width"] = WIDTHS[0]
    tab.set_viewport_size({"width": WIDTHS[0], "height": 900})
    try:
        tab.goto(path.as_uri(), wait_until="load")
        html_lang = tab.evaluate("() => document.documentElement.lang")
        if html_lang != lang:
            problems.append(f'<html lang="{html_lang}">, expected {lang}')
        # a notebook's tables: prose left-aligned, numbers right-aligned, no pandas index column
        aligned = tab.evaluate("""() => [...document.querySelectorAll('table.bs-table td')]
          .filter(td => getComputedStyle(td).textAlign !== (td.classList.contains('num') ? 'right' : 'left')).length""")
        if aligned:
            problems.append(f"{aligned} table cells aligned against their kind (prose right or numbers left)")
        visible = tab.evaluate("() => document.body.innerText")
        for hit in re.findall(r"\S*" + LONG_NUMBER + r"\S*", visible)[:3]:
            problems.append(f"a number with more than four decimals: {hit}")
        for link in tab.evaluate(LINKS):
            url = urlparse(link)
            if url.scheme in ("http", "https", "mailto", "data", "javascript"):
                continue
            target = path if not url.path else (path.parent / unquote(url.path)).resolve()
            if not target.exists():
                problems.append(f"broken link: {link}")
            elif url.fragment and target.suffix == ".html" and not _anchor_exists(target, url.fragment):
                problems.append(f"link to a missing anchor: {link}")
        for width in WIDTHS:
            if width != WIDTHS[0]:
                heard["width"] = width
                tab.set_viewport_size({"width": width, "height": 900})  # media queries and layout follow the window
            found = len(problems)
            inner = tab.evaluate("() => window.innerWidth")
            if inner != width:
                problems.append(f"{width}px: the window is {inner} px wide")
            for src in tab.evaluate(BROKEN_IMAGES):
                problems.append(f"{width}px image does not render: {src}")
            fit = tab.evaluate(OVERFLOWING)
            if fit["page"] > fit["window"] + 1:
                problems.append(f"{width}px: the page scrolls sideways ({fit['page']} px in a {fit['window']} px window)")
            for el in fit["elements"]:
                problems.append(f"{width}px: wider than the window, with no scrolling box: {el}")
            for el in tab.evaluate(SPILLING):
                problems.append(f"{width}px: text overflows its box: {el}")
            if os.environ.get("BORGERSERVICE_SCREENSHOTS") or len(problems) > found:
                screenshot(tab, lang, page, width)
    finally:
        tab.goto("about:blank")  # whatever the page still does is heard before the next test's page loads
        heard["problems"] = []
    assert not problems, f"{lang} {page}:\n  " + "\n  ".join(problems)


#: words of one language that the other does not use; a hit is text the page left untranslated
ENGLISH_ONLY = {"the", "of", "and", "with", "which", "this", "that", "these", "are", "was", "were", "only", "from",
                "printed", "recomputed", "numbers", "contacts", "channel", "cost", "costs", "share", "not", "source",
                "sources", "figure", "table", "exhibits", "check", "rebuilt", "findings", "yearly"}
DANISH_ONLY = {"og", "af", "til", "ikke", "eller", "efter", "henvendelser", "kommunerne", "omkostninger",
               "genberegnet", "trykt", "trykte", "andel", "tabeller", "rapporten", "enhedsomkostninger", "kilder", "fund"}


class _VisibleText(HTMLParser):
    """The page's own words: text outside script, style, code and link labels (file names), and outside any element
    marked with another language (quoted row names of the paper, a reference's title).

    On an executed notebook's page (`notebook=True`) the code a researcher reads and the column and row names of its
    tidy tables are identifiers (the CSV files' field names), not prose, and are left out too; its prose, printed
    lines, results and table cells count."""

    SKIP = {"script", "style", "code", "a"}
    VOID = {"img", "br", "meta", "link", "input", "hr"}
    NOTEBOOK_SKIP = {"th"}
    NOTEBOOK_SKIP_CLASSES = {"jp-InputArea-editor", "jp-InputPrompt", "jp-OutputPrompt"}

    def __init__(self, lang: str, notebook: bool = False):
        super().__init__()
        self.lang, self.notebook, self.stack, self.words = lang, notebook, [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if self.notebook and (tag in self.NOTEBOOK_SKIP or classes & self.NOTEBOOK_SKIP_CLASSES):
            tag = "code"  # skipped like code
        self.stack.append((tag, attrs.get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            top = self.stack.pop()[0]
            if top == tag or (top == "code" and self.notebook and tag in ("th", "div")):
                break

    def handle_data(self, data):
        langs = [lang for _, lang in self.stack if lang]
        if any(tag in self.SKIP for tag, _ in self.stack) or (langs and langs[-1] != self.lang):
            return
        # a token joined by _ or - or with digits in it is an identifier (claim_id, scenario, file name), not a word
        self.words += [w for w in re.findall(r"[\w-]+", data) if w.isalpha()]


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("page", PAGES)
def test_each_report_page_speaks_one_language(reports, lang, page):
    parser = _VisibleText(lang, notebook=page.startswith("notebooks/"))
    parser.feed((reports[lang] / "report" / page).read_text(encoding="utf-8"))
    foreign = ENGLISH_ONLY if lang == "da" else DANISH_ONLY
    hits = sorted({w for w in parser.words if w.lower() in foreign})
    assert len(parser.words) > 3
    assert not hits, f"{lang} {page}: words of the other language: {', '.join(hits)}"


def test_danish_scenario_pages_speak_danish(reports, tmp_path):
    """`make scenarios` after `make report-da`: the scenarios page and each run's page in Danish. Two scenarios
    cover the texts a run writes: moves between channels, and a source whose missing channels fall back."""
    from conftest import run_module

    root = tmp_path / "copy"
    shutil.copytree(reports["da"], root, symlinks=True)
    keep = ('name = "R2-email-to-selfservice-halve-phone"', 'name = "source-kl"', 'name = "paper"')
    blocks = (root / "scenarios.toml").read_text(encoding="utf-8").split("[[scenario]]")
    (root / "scenarios.toml").write_text(blocks[0] + "".join("[[scenario]]" + b for b in blocks[1:]
                                                             if any(k in b for k in keep)), encoding="utf-8")
    result = run_module(root, "borgerservice.scenarios", "--draws", "200")  # the language of the last build
    assert result.returncode == 0, result.stdout + result.stderr
    pages = [root / "report" / "scenarios.html"] + sorted((root / "report" / "scenarios").glob("*.html"))
    assert len(pages) == 4
    for page in pages:
        parser = _VisibleText("da", notebook=page.parent.name == "scenarios")
        parser.feed(page.read_text(encoding="utf-8"))
        hits = sorted({w for w in parser.words if w.lower() in ENGLISH_ONLY})
        assert len(parser.words) > 20, page.name
        assert not hits, f"{page.name}: English words on a Danish page: {', '.join(hits)}"


def test_danish_figures_write_numbers_with_a_decimal_comma(reports):
    """Every figure of the Danish build, read from its SVG (each piece of text is kept there as a comment beside its
    outline): no number with a decimal point, tick labels included (0.285 is 0,285 to a Danish reader)."""
    svgs = sorted((reports["da"] / "figures").glob("*.svg"))
    assert len(svgs) >= 12
    for svg in svgs:
        texts = re.findall(r"<!-- (.*?) -->", svg.read_text(encoding="utf-8"))
        assert texts, svg.name
        # a point between digits is a decimal point, unless it groups thousands as Danish does (1.000, 59.000.000)
        numbers = [n for t in texts for n in re.findall(r"\d[\d.,]*\d", t)]
        points = [n for n in numbers if "." in n and not re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", n)]
        assert not points, f"{svg.name}: {points[:5]}"


def test_text_from_a_scenario_or_a_file_name_never_runs_as_script(browser, reports, tmp_path):
    """A scenario's description and an added notebook's name are text on every page: opened in Chromium, nothing in
    them runs (no dialog, no script error), whatever markup they hold."""
    from conftest import run_module

    from borgerservice import execute

    root = tmp_path / "copy"
    shutil.copytree(reports["en"], root, symlinks=True)
    blocks = (root / "scenarios.toml").read_text(encoding="utf-8").split("[[scenario]]")
    evil = ('\n[[scenario]]\nname = "evil"\ndescription = "<img src=x onerror=\\"alert(1)\\">"\n'
            'description_da = "<script>alert(2)</script>"\n')
    (root / "scenarios.toml").write_text(blocks[0] + "[[scenario]]" + next(b for b in blocks if 'name = "paper"' in b) + evil,
                                         encoding="utf-8")
    result = run_module(root, "borgerservice.scenarios", "--draws", "200")
    assert result.returncode == 0, result.stdout + result.stderr
    # a notebook page whose way back carries markup, as an added notebook's file name once did
    page = tmp_path / "named.html"
    execute.export_html(root / "report" / "notebooks" / "07_channel_costs.ipynb", page,
                        back='x"><img src=x onerror=alert(3)>')
    pages = [root / "report" / "scenarios.html", root / "report" / "scenarios" / "evil.html", page]
    context = browser.new_context()
    tab = context.new_page()
    fired = []
    tab.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    tab.on("pageerror", lambda e: fired.append(str(e)))
    try:
        for p in pages:
            tab.goto(p.as_uri(), wait_until="load")
            tab.wait_for_timeout(200)
            assert "onerror" in tab.evaluate("() => document.body.innerText") or p == page, p.name  # shown as text
    finally:
        context.close()
    assert not fired, fired

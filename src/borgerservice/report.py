"""report/index.html and its pages: every exhibit in the paper's order, the numbers check and
the scenarios, as static files that open from disk with no server and no network.

Everything that changes from one build to the next (times, commit) goes to one file,
report/provenance.js (and .json); the HTML pages themselves are byte-stable.
"""
from __future__ import annotations

import csv
import hashlib
import json
import platform
import subprocess
import sys
from pathlib import Path

from . import paths
from .exhibits import EXHIBITS, NOTEBOOKS, added_notebooks
from .labels import NUMBER_TEXT, VERDICTS, description, location, number, source_indicator, unit, verdict

STATUS_TEXT = {
    "rebuilt": ("rebuilt", "genberegnet"),
    "rebuilt_with_findings": ("rebuilt with findings", "genberegnet med fund"),
    "not_published": ("data not published", "data ikke offentliggjort"),
}
#: the report's style: one column that reads on a phone and at 1400 px; wide tables scroll in their own box
CSS = """\
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.45;overflow-wrap:break-word}
body.wide{max-width:1400px}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em;font-size:1.3em}
nav.top{display:flex;flex-wrap:wrap;gap:.4em 1.2em;margin-bottom:1em}
.badge{display:inline-block;padding:.1em .5em;border-radius:.8em;font-size:.75em;font-weight:600;vertical-align:middle}
.rebuilt{background:#d9f2d9}.rebuilt_with_findings{background:#ffe7c2}.not_published{background:#e6e6e6}
.discrepancy{background:#fde2e2}.not_recomputable{background:#fff3d6}
.fig{margin:.8em 0}.fig img{display:block;max-width:100%;height:auto;border:1px solid #ddd}
.scroll{overflow-x:auto;max-width:100%;margin:.5em 0}
table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ddd;padding:.25em .5em;vertical-align:top;text-align:left}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table.ledger{font-size:.8em;min-width:52em}table.ledger td.id{white-space:nowrap}
.links a{margin-right:.9em;display:inline-block}.note{color:#555;font-size:.9em}
code{overflow-wrap:anywhere}ul.findings{font-size:.9em}ol.toc{columns:2 18em;font-size:.9em}
details{margin:.4em 0}summary{cursor:pointer;font-weight:600}
@media (max-width:600px){body{margin:.8em auto;padding:0 .6em}h1{font-size:1.3em}h2{font-size:1.1em}table{font-size:.8em}}
"""

#: fills the provenance section from provenance.js (the only file that changes from build to build)
PROVENANCE_VIEW = """\
(function () {
  var p = window.PROVENANCE, box = document.getElementById('prov');
  if (!p || !box) return;
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; }); }
  var h = '<table>';
  ['git_commit', 'git_dirty', 'lock_sha256', 'parameters', 'python', 'platform', 'built_at_utc'].forEach(function (k) {
    h += '<tr><th>' + k + '</th><td>' + esc(JSON.stringify(p[k])) + '</td></tr>'; });
  h += '</table><h3>Notebooks (s)</h3><table>';
  Object.keys(p.notebook_seconds).forEach(function (k) { h += '<tr><td>' + esc(k) + '</td><td class="num">' + esc(p.notebook_seconds[k]) + '</td></tr>'; });
  h += '</table><h3>Raw files (sha256)</h3><table>';
  Object.keys(p.raw_files).forEach(function (k) { h += '<tr><td>' + esc(k) + '</td><td><code>' + esc(p.raw_files[k]) + '</code></td></tr>'; });
  box.innerHTML = h + '</table>';
})();
"""

TEMPLATES = Path(__file__).resolve().parent / "templates" / "report"


def _t(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "en" else pair[1]


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


class Cell:
    """A table cell for the templates: its text, and whether it is a number (right-aligned, kept on one line).

    A number keeps the decimals it is written with, or is rounded to `digits` decimals when they are given.
    """

    def __init__(self, raw, lang: str, digits: int | None = None):
        self.numeric = isinstance(raw, str) and bool(NUMBER_TEXT.fullmatch(raw.strip())) or isinstance(raw, int | float)
        if not self.numeric:
            self.text = raw
        else:
            self.text = number(raw, lang) if digits is None else number(float(raw), lang, digits)


def _cells(rows: list[list], lang: str) -> list[list[Cell]]:
    return [[Cell(c, lang) for c in r] for r in rows]


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def render(template: str, lang: str, **context) -> str:
    """One page of the report from its template (autoescaped: text from CSV files cannot inject markup)."""
    context = {"prefix": "", "wide": False, **context}
    return _environment().get_template(template).render(lang=lang, en=lang == "en", **context)


def exhibit_status(ex, claims_rows: list[dict]) -> str:
    if ex.status:
        return ex.status
    return "rebuilt_with_findings" if _discrepancies(ex, claims_rows) else "rebuilt"


def _discrepancies(ex, claims_rows: list[dict]) -> list[dict]:
    """The exhibit's printed numbers that the numbers check finds do not follow from the inputs."""
    prefix = ex.paper_name + ("," if ex.paper_name.startswith("Tabel") else "")
    return [r for r in claims_rows if r["location"].startswith(prefix) and r["verdict"] == "discrepancy"]


def write_report(root: Path, params: dict) -> None:
    lang = params.get("lang", "en")
    rep = root / "report"
    rep.mkdir(parents=True, exist_ok=True)
    claims_path = root / "data" / "processed" / "claims.csv"
    claims_rows = []
    if claims_path.is_file():
        rows = _read_csv(claims_path)
        danish = _danish_explanations(root) if lang == "da" else {}
        claims_rows = [_explained(dict(zip(rows[0], r)), danish) for r in rows[1:]]
    (rep / "report.css").write_text(CSS, encoding="utf-8")
    (rep / "provenance-view.js").write_text(PROVENANCE_VIEW, encoding="utf-8")
    (rep / "index.html").write_text(_index(root, lang, claims_rows), encoding="utf-8")
    (rep / "checks.html").write_text(_checks(root, lang, claims_rows), encoding="utf-8")
    (rep / "scenarios.html").write_text(_scenarios(root, lang), encoding="utf-8")


def _index(root: Path, lang: str, claims_rows: list[dict]) -> str:
    en = lang == "en"
    by_stem = {nb.stem: nb for nb in NOTEBOOKS}
    processed = root / "data" / "processed"
    exhibits = []
    for ex in EXHIBITS:
        status = exhibit_status(ex, claims_rows)
        nb = by_stem[ex.notebook]
        links = [{"href": f"notebooks/{ex.notebook}.html#{ex.anchor}", "text": f"notebook {ex.notebook}"}]
        if ex.table:
            links.append({"href": f"../data/processed/tables/{ex.table}.csv", "text": f"{ex.table}.csv"})
        links += [{"href": f"../data/processed/{t}.csv", "text": f"{t}.csv"} for t in ex.tidy
                  if (processed / f"{t}.csv").is_file()]
        figs = [f for f in ex.figures if (root / "figures" / f"{f}.png").is_file()]
        links += [{"href": f"../figures/{f}.svg", "text": f"{f}.svg"} for f in figs]
        table_csv = processed / "tables" / f"{ex.table}.csv" if ex.table else None
        table = None
        if table_csv is not None and table_csv.is_file():
            rows = _read_csv(table_csv)
            table = {"head": rows[0], "rows": _cells(rows[1:], lang)}
        if ex.optional_input:
            no_figure = (f"No figure: the paper prints this exhibit as an image and its numbers are not published. Supplying "
                         f"data/raw/{ex.optional_input}.csv (schema in datapackage.json) draws it." if en else
                         f"Ingen figur: rapporten trykker figuren som et billede, og dens tal er ikke offentliggjort. "
                         f"Lægges data/raw/{ex.optional_input}.csv ind (skema i datapackage.json), tegnes den.")
        else:
            no_figure = "No figure for this table." if en else "Ingen figur til denne tabel."
        exhibits.append({
            "key": ex.key, "name": ex.paper_name, "caption": _t(ex.caption, lang), "status": status,
            "status_text": _t(STATUS_TEXT[status], lang), "figures": [{"png": f"../figures/{f}.png"} for f in figs],
            "no_figure": no_figure, "table": table, "text_says": _t(ex.text_says, lang) if ex.text_says[0] else "",
            "findings": [{"claim_id": r["claim_id"], "location": location(r["location"], lang), "printed": number(r["printed_value"], lang),
                          "recomputed": _recomputed(r["recomputed_value"], lang), "explanation": r["explanation"],
                          "explanation_lang": r["explanation_lang"]}
                         for r in _discrepancies(ex, claims_rows)],
            "links": links, "notebook_number": ex.notebook[:2], "notebook_title": _t(nb.title, lang)})
    title = "Kommunal borgerservice anno 2011 — " + ("the reproduction" if en else "genberegningen")
    return render("index.html.j2", lang, title=title, exhibits=exhibits, sources=_sources_part(root, lang),
                  added=_added_part(root, lang),
                  references=_references(lang), status_text={k: _t(v, lang) for k, v in STATUS_TEXT.items()})


def _recomputed(value: str, lang: str) -> str:
    """A recomputed value for the page, to seven significant digits (claims.csv keeps them all)."""
    try:
        return number(float(value), lang)
    except ValueError:
        return value


def _added_part(root: Path, lang: str) -> list[dict]:
    """Notebooks a researcher added (README: Extending the analysis): their pages and what each last wrote."""
    from .execute import read_manifest

    out = []
    for nb in added_notebooks():
        wrote = [rel for rel in read_manifest(nb.stem)["wrote"] if (root / rel).is_file()]
        out.append({"stem": nb.stem, "title": _t(nb.title, lang), "reads": list(nb.reads),
                    "figures": [{"png": f"../{rel}"} for rel in wrote if rel.startswith("figures/") and rel.endswith(".png")],
                    "links": [{"href": f"notebooks/{nb.stem}.html", "text": f"notebook {nb.stem}"}]
                             + [{"href": f"../{rel}", "text": rel.rsplit("/", 1)[-1]} for rel in wrote
                                if not (rel.startswith("figures/") and rel.endswith(".png"))]})
    return out


SOURCE_FIGURES = ("sources_tabel2", "sources_egdi_ranks", "sources_scaling")
SOURCE_TABLES = ("source_checks", "egdi_ranks", "contacts_per_inhabitant", "scaling_to_denmark", "eurostat_series")
SOURCE_VERDICTS = {"confirmed": ("confirmed", "bekræftet"), "differs": ("differs", "afviger"),
                   "not_in_source": ("not in the source", "ikke i kilden")}


def _sources_part(root: Path, lang: str) -> dict | None:
    """The paper against its sources (notebook 10): the verdict counts, the checks, the figures, the data."""
    checks_path = root / "data" / "processed" / "source_checks.csv"
    if not checks_path.is_file():
        return None
    rows = _read_csv(checks_path)
    recs = [dict(zip(rows[0], r)) for r in rows[1:]]
    counts = {v: sum(1 for r in recs if r["verdict"] == v) for v in SOURCE_VERDICTS}
    en = lang == "en"
    summary = ", ".join(f"{counts[v]} {_t(SOURCE_VERDICTS[v], lang)}" for v in counts)
    intro = (f"{len(recs)} printed cells checked against public sources: {summary}. Tabel 2's use and completion rows "
             "against Eurostat's household survey, its availability row against Capgemini's baskets (the 20-service "
             "indicator is not in the file), and Tabel 1's United Nations row against both copies of the UN survey; "
             "Tabel 4 per inhabitant (Danmarks Statistik) scaled to Denmark against Tabel 5 is in the numbers check "
             "(x_t5_scaled_*)." if en else
             f"{len(recs)} trykte tal kontrolleret mod offentlige kilder: {summary}. Tabel 2 mod Eurostat og Capgemini, "
             "tabel 1 mod begge kopier af FN's undersøgelse; tabel 4 pr. indbygger (Danmarks Statistik) skaleret til "
             "hele landet mod tabel 5 står i talkontrollen (x_t5_scaled_*).")
    head = (["Number", "Source indicator", "Source value", "Printed value", "Verdict"] if en else
            ["Tal", "Kildens indikator", "Kildens værdi", "Trykt værdi", "Vurdering"])
    table_rows = [[Cell(r["claim_id"], lang), Cell(source_indicator(r["source_indicator"], lang), lang),
                   Cell(r["source_value"], lang, digits=1), Cell(r["printed_value"], lang),
                   Cell(_t(SOURCE_VERDICTS[r["verdict"]], lang), lang)] for r in recs]
    links = [{"href": "notebooks/10_paper_against_sources.html", "text": "notebook 10_paper_against_sources"}]
    links += [{"href": f"../data/processed/{t}.csv", "text": f"{t}.csv"} for t in SOURCE_TABLES
              if (root / "data" / "processed" / f"{t}.csv").is_file()]
    return {"head": "The paper against its sources, and Denmark since 2011" if en else
                    "Rapporten mod dens kilder, og Danmark efter 2011",
            "intro": intro, "table": {"head": head, "rows": table_rows}, "links": links,
            "figures": [{"png": f"../figures/{f}.png", "alt": f} for f in SOURCE_FIGURES
                        if (root / "figures" / f"{f}.png").is_file()]}


def _references(lang: str) -> list[dict]:
    """The paper and every public data source, with edition and republication, from datapackage.json."""
    from . import rawdata

    # each entry in the language it was published in (the paper is Danish, its sources English)
    refs = [{"title": "Kommunal borgerservice anno 2011", "text": "CAICT working paper series, Copenhagen Business School "
             "(2011)", "republication": "", "commit": "", "terms": "", "lang": "da"}]
    seen = set()
    for res in rawdata.descriptor()["resources"]:
        origin = res.get("x-origin", {})
        if res["x-role"] != "external_input":
            continue
        cite = origin.get("cite") or origin.get("publisher", "")
        key = (cite, origin.get("republication", ""), origin.get("commit", ""))
        if key in seen:
            continue
        seen.add(key)
        refs.append({"title": "", "text": cite, "republication": origin.get("republication", ""),
                     "commit": origin.get("commit", "")[:12],
                     "terms": "; ".join(lic.get("title", lic.get("name", "")) for lic in res.get("licenses", [])),
                     "lang": "en"})  # the sources' own citations and terms, in English
    return refs


def _exhibit_of(location: str) -> str:
    """The exhibit or section a claim belongs to, from its location ("Tabel 4, Sum, ..." -> "Tabel 4")."""
    head = location.split(",")[0].split(":")[0].strip()
    return head.split(" (")[0] if head.startswith(("Tabel", "Figur", "Section", "Summary")) else "other"


def _checks(root: Path, lang: str, rows: list[dict]) -> str:
    """What a reviewer came for first: the counts, then every finding with its arithmetic; the numbers that agree
    grouped by exhibit and folded; the inputs used as printed counted, not listed."""
    title = "Numbers check" if lang == "en" else "Talkontrol"
    en = lang == "en"
    stems = {nb.stem for nb in NOTEBOOKS}
    anchors = _claim_anchors(root)

    def view(r: dict) -> dict:
        nb, anchor = anchors.get(r["claim_id"], ("08_numbers_check", "counts"))
        return {**r, "link": f"notebooks/{nb}.html#{anchor}" if nb in stems else "#",
                "description": description(r["description"], lang), "location": location(r["location"], lang),
                "unit": unit(r["unit"], lang),
                "printed": number(r["printed_value"], lang), "recomputed": _recomputed(r["recomputed_value"], lang),
                "verdict_text": verdict(r["verdict"], lang)}

    counts = {v: sum(1 for r in rows if r["verdict"] == v) for v in VERDICTS}
    findings = []
    for kind, heading in (("discrepancy", ("Discrepancies: printed numbers that do not follow from the inputs",
                                               "Uoverensstemmelser: trykte tal der ikke følger af inddata")),
                             ("not_recomputable", ("Not recomputable: no method in the paper, or no published numbers",
                                                   "Kan ikke genberegnes: ingen metode i rapporten eller ingen offentliggjorte tal"))):
        items = sorted((r for r in rows if r["verdict"] == kind), key=lambda r: r["claim_id"])
        findings.append({"verdict": kind, "heading": _t(heading, lang), "items": [view(r) for r in items]})
    agreeing = [r for r in rows if r["verdict"] in ("exact", "rounding")]
    groups: dict[str, list[dict]] = {}
    for r in agreeing:
        groups.setdefault(_exhibit_of(r["location"]), []).append(r)
    order = sorted(groups, key=lambda g: (g.split()[0], int(g.split()[-1]) if g.split()[-1].isdigit() else 0, g))
    head = ["number", "where", "what", "printed", "recomputed", "unit", "explanation"] if en else \
        ["tal", "hvor", "hvad", "trykt", "genberegnet", "enhed", "forklaring"]
    return render("checks.html.j2", lang, title=title, wide=True, total=len(rows), head=head,
                  counts=[{"verdict": v if v != "input" else "inputs", "text": verdict(v, lang), "count": counts[v]}
                          for v in ("discrepancy", "not_recomputable", "rounding", "exact", "input")],
                  findings=findings, agreeing_total=len(agreeing), inputs=counts["input"],
                  groups=[{"name": location(g, lang), "items": [view(r) for r in sorted(groups[g], key=lambda r: r["claim_id"])]}
                          for g in order])



def _explained(row: dict, danish: dict[str, str]) -> dict:
    """A claim with its explanation in the page's language and the language it is in (the audit notebook writes the
    Danish beside claims.csv; a row without one keeps its English, marked so)."""
    if row["claim_id"] in danish:
        return {**row, "explanation": danish[row["claim_id"]], "explanation_lang": "da"}
    return {**row, "explanation_lang": "en"}


def _danish_explanations(root: Path) -> dict[str, str]:
    p = root / "data" / "processed" / "claim_explanations_da.csv"
    rows = _read_csv(p) if p.is_file() else []
    return {r[0]: r[1] for r in rows[1:]}


def _claim_anchors(root: Path) -> dict[str, tuple[str, str]]:
    """Which notebook section computes each claim (written by the audit notebook beside claims.csv)."""
    p = root / "data" / "processed" / "claim_anchors.csv"
    if not p.is_file():
        return {}
    rows = _read_csv(p)
    return {r[0]: (r[1], r[2]) for r in rows[1:]}


#: the scenario table's columns as a reader names them, and how many decimals each shows
SCENARIO_COLUMNS = {
    "scenario": (("Scenario", "Scenarie"), None), "description": (("What changes", "Hvad ændres"), None),
    "unit_cost_source": (("Unit costs from", "Enhedsomkostninger fra"), None),
    "self_service": (("Self-service cost", "Selvbetjeningens pris"), None),
    "volume_scale": (("Volume ×", "Mængde ×"), 2),
    "total_before_bn_dkk": (("Cost before", "Omkostning før"), 2), "total_after_bn_dkk": (("Cost after", "Omkostning efter"), 2),
    "saving_bn_dkk": (("Saving", "Besparelse"), 2), "after_minus_paper_bn_dkk": (("After − paper's total", "Efter − rapportens total"), 2),
    "saving_p2_5_bn_dkk": (("Saving, 2.5 %", "Besparelse, 2,5 %"), 2), "saving_p97_5_bn_dkk": (("Saving, 97.5 %", "Besparelse, 97,5 %"), 2),
}
INTERVAL_COLUMNS = {"scenario": (("Scenario", "Scenarie"), None), "metric": (("Measure", "Mål"), None),
                    "mean": (("Mean", "Middel"), 2), "p2_5": (("2.5 %", "2,5 %"), 2), "p97_5": (("97.5 %", "97,5 %"), 2),
                    "draws": (("Draws", "Træk"), 0)}
METRICS = {"saving_bn_dkk": ("saving, DKK billion", "besparelse, mia. kr."),
           "total_after_bn_dkk": ("cost after, DKK billion", "omkostning efter, mia. kr.")}
#: the scenario table's coded values as a reader names them
SCENARIO_VALUES = {
    "metric": METRICS,
    "unit_cost_source": {"paper": ("the paper (Tabel 8)", "rapporten (tabel 8)"), "vejen": ("Vejen (index)", "Vejen (indeks)"),
                         "kobenhavn": ("Copenhagen", "København"), "kl": ("KL", "KL"), "kmd": ("KMD", "KMD"),
                         "custom": ("own figures", "egne tal")},
    "self_service": {"marginal": ("marginal (Tabel 8)", "marginal (tabel 8)"), "full": ("full cost", "fuld pris")},
}


def _readable(path: Path, columns: dict, lang: str) -> dict:
    rows = _read_csv(path)
    if "description_da" in rows[0]:  # the Danish text stands in the description column; never a column of its own
        records = [dict(zip(rows[0], r)) for r in rows[1:]]
        header = [h for h in rows[0] if h != "description_da"]
        rows = [header] + [[rec["description_da" if h == "description" and lang == "da" else h] for h in header]
                           for rec in records]
    header = rows[0]
    keep = [i for i, h in enumerate(header) if h in columns] + [i for i, h in enumerate(header) if h not in columns]
    head = [_t(columns[header[i]][0], lang) if header[i] in columns else header[i].replace("_", " ") for i in keep]
    out = []
    for r in rows[1:]:
        cells = []
        for i in keep:
            digits = columns.get(header[i], (None, None))[1]
            raw = r[i]
            if header[i] in SCENARIO_VALUES:
                raw = _t(SCENARIO_VALUES[header[i]].get(raw, (raw, raw)), lang)
            cells.append(Cell(raw, lang, digits))
        out.append(cells)
    return {"head": head, "rows": out}


def _scenarios(root: Path, lang: str) -> str:
    en = lang == "en"
    title = "Scenarios" if en else "Scenarier"
    path = root / "data" / "processed" / "scenarios.csv"
    if not path.is_file():
        return render("scenarios.html.j2", lang, title=title, table=None)
    table = _readable(path, SCENARIO_COLUMNS, lang)
    from .costmodel import VOLUME_SPREAD

    raw = _read_csv(path)
    upper = raw[0].index("saving_p97_5_bn_dkk")
    with_interval = sum(1 for r in raw[1:] if r[upper] != "")
    spread = f"±{VOLUME_SPREAD:.0%}".replace("%", " %")
    total = len(table["rows"])
    note = (f"{with_interval} of {total} scenarios have a 95 % interval: the Monte Carlo draws unit costs within the span "
            "of the paper's sources and volumes " + spread + ", which only means something for a scenario that keeps the paper's "
            "unit costs; a scenario that takes one source's costs (Vejen, Copenhagen, KL, KMD) or fixes its own has none."
            if en else
            f"{with_interval} af {total} scenarier har et 95 %-interval: Monte Carlo trækker enhedsomkostninger inden for "
            "spændet mellem rapportens kilder og mængder " + spread + ", hvilket kun giver mening for et scenarie, der beholder "
            "rapportens enhedsomkostninger; et scenarie med én kildes omkostninger (Vejen, København, KL, KMD) eller egne "
            "har intet.")
    intervals = root / "data" / "processed" / "scenario_intervals.csv"
    runs = sorted(p.stem for p in (root / "report" / "scenarios").glob("*.html")) \
        if (root / "report" / "scenarios").is_dir() else []
    return render("scenarios.html.j2", lang, title=title, table=table, interval_note=note,
                  figures=[{"png": f"../figures/{f}.png", "alt": f} for f in
                           ("scenario_savings", "scenario_tornado", "scenario_montecarlo")
                           if (root / "figures" / f"{f}.png").is_file()],
                  intervals=_readable(intervals, INTERVAL_COLUMNS, lang) if intervals.is_file() else None, runs=runs)


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def write_provenance(root: Path, params: dict, timings: dict[str, float], digests: dict[str, str]) -> None:
    import datetime

    from . import rawdata

    seconds = {}
    for nb in NOTEBOOKS:
        if nb.stem in timings:
            seconds[nb.stem] = timings[nb.stem]
        else:
            stamp = paths.BUILD / "stamps" / f"{nb.stem}.json"
            if stamp.is_file():
                seconds[nb.stem] = json.loads(stamp.read_text()).get("seconds")
    raw = {}
    for name in rawdata.resource_names():
        f = paths.RAW / rawdata.resource(name)["path"]
        raw[rawdata.resource(name)["path"]] = hashlib.sha256(f.read_bytes()).hexdigest()
    status = _git("status", "--porcelain", "--untracked-files=no")
    prov = {
        "git_commit": _git("rev-parse", "HEAD") or "unknown",
        "git_dirty": bool(status),
        "lock_sha256": hashlib.sha256(paths.LOCK.read_bytes()).hexdigest() if paths.LOCK.is_file() else None,
        "parameters": params,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "built_at_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "notebook_seconds": seconds,
        "notebook_digests": digests,
        "raw_files": raw,
    }
    text = json.dumps(prov, indent=1, sort_keys=True)
    (root / "report" / "provenance.js").write_text(f"window.PROVENANCE = {text};\n", encoding="utf-8")

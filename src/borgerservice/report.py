"""report/index.html and its pages: every exhibit in the paper's order, the numbers check and
the scenarios, as static files that open from disk with no server and no network.

Everything that changes from one build to the next (times, commit) goes to one file,
report/provenance.js (and .json); the HTML pages themselves are byte-stable.
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import platform
import subprocess
import sys
from pathlib import Path

from . import paths
from .exhibits import EXHIBITS, NOTEBOOKS

STATUS_TEXT = {
    "rebuilt": ("rebuilt", "genberegnet"),
    "rebuilt_with_findings": ("rebuilt with findings", "genberegnet med fund"),
    "not_published": ("data not published", "data ikke offentliggjort"),
}
CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
nav a{margin-right:1em}.exhibit{display:grid;grid-template-columns:320px 1fr;gap:1.2em;margin:1.2em 0 2em}
.exhibit img{width:100%;border:1px solid #ddd}.badge{display:inline-block;padding:.1em .5em;border-radius:.8em;font-size:.8em;font-weight:600}
.rebuilt{background:#d9f2d9}.rebuilt_with_findings{background:#ffe7c2}.not_published{background:#e6e6e6}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:right;vertical-align:top}
td:first-child,th:first-child{text-align:left}.ledger td{text-align:left}.ledger td.num{text-align:right}
body.wide{max-width:none;margin:1em 2em}.ledger{font-size:.8em;width:100%;table-layout:fixed}
.ledger td{overflow-wrap:anywhere}.ledger th{text-align:left}.ledger th:nth-child(1){width:13%}.ledger th:nth-child(2){width:14%}
.ledger th:nth-child(3){width:15%}.ledger th:nth-child(4),.ledger th:nth-child(5){width:7%}.ledger th:nth-child(6){width:6%}
.ledger th:nth-child(7){width:7%}.discrepancy{background:#fde2e2}.not_recomputable{background:#fff3d6}.links a{margin-right:.8em}
.note{color:#555;font-size:.9em;overflow-wrap:anywhere}.exhibit>div{min-width:0;overflow-x:auto}pre{background:#f6f6f6;padding:.6em;overflow:auto;font-size:.8em}
"""


def _t(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "en" else pair[1]


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _html_table(rows: list[list[str]], cls: str = "") -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _page(title: str, body: str, lang: str, wide: bool = False) -> str:
    body_class = ' class="wide"' if wide else ""
    nav = ('<nav><a href="index.html">{}</a><a href="checks.html">{}</a><a href="scenarios.html">{}</a></nav>'
           .format(*(("Exhibits", "Numbers check", "Scenarios") if lang == "en" else ("Tabeller og figurer", "Talkontrol", "Scenarier"))))
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style></head><body{body_class}>{nav}\n{body}\n</body></html>\n")


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
        claims_rows = [dict(zip(rows[0], r)) for r in rows[1:]]
    (rep / "index.html").write_text(_index(root, lang, claims_rows), encoding="utf-8")
    (rep / "checks.html").write_text(_checks(root, lang, claims_rows), encoding="utf-8")
    (rep / "scenarios.html").write_text(_scenarios(root, lang), encoding="utf-8")


def _index(root: Path, lang: str, claims_rows: list[dict]) -> str:
    title = "Kommunal borgerservice anno 2011 — " + ("the reproduction" if lang == "en" else "genberegningen")
    intro = ("<p>Every table and figure of the working paper <em>Kommunal borgerservice anno 2011</em> (CAICT, Copenhagen "
             "Business School), rebuilt from the numbers it prints. Each exhibit links to the executed notebook that made it "
             "and to its data. Status: <span class='badge rebuilt'>rebuilt</span> reproduces what the paper prints; "
             "<span class='badge rebuilt_with_findings'>rebuilt with findings</span> has printed numbers that do not follow "
             "from the inputs (see the numbers check); <span class='badge not_published'>data not published</span> is a figure "
             "whose numbers the paper does not print.</p>") if lang == "en" else (
             "<p>Alle tabeller og figurer i working paperet <em>Kommunal borgerservice anno 2011</em> genberegnet fra de tal, "
             "det trykker. Hver tabel og figur linker til den kørte notebook og til dens data.</p>")
    parts = [f"<h1>{html.escape(title)}</h1>", intro]
    by_stem = {nb.stem: nb for nb in NOTEBOOKS}
    for ex in EXHIBITS:
        status = exhibit_status(ex, claims_rows)
        nb = by_stem[ex.notebook]
        links = [f'<a href="notebooks/{ex.notebook}.html#{ex.anchor}">notebook {html.escape(ex.notebook)}</a>']
        if ex.table:
            links.append(f'<a href="../data/processed/tables/{ex.table}.csv">{ex.table}.csv</a>')
        for t in ex.tidy:
            if (root / "data" / "processed" / f"{t}.csv").is_file():
                links.append(f'<a href="../data/processed/{t}.csv">{t}.csv</a>')
        figs = [f for f in ex.figures if (root / "figures" / f"{f}.png").is_file()]
        for f in figs:
            links.append(f'<a href="../figures/{f}.svg">{f}.svg</a>')
        thumb = "".join(f'<a href="../figures/{f}.png"><img src="../figures/{f}.png" alt="{html.escape(ex.paper_name)}"></a>' for f in figs)
        if not thumb:
            thumb = ('<p class="note">' + ("No figure: the paper prints this exhibit as an image and its numbers are not "
                     "published. Supplying <code>data/raw/{}.csv</code> (schema in <code>datapackage.json</code>) draws it."
                     .format(ex.optional_input) if ex.optional_input else "No figure for this table.") + "</p>")
        table = ""
        if ex.table and (root / "data" / "processed" / "tables" / f"{ex.table}.csv").is_file():
            table = _html_table(_read_csv(root / "data" / "processed" / "tables" / f"{ex.table}.csv"))
        if ex.text_says[0]:
            table += f'<p class="note">{html.escape(_t(ex.text_says, lang))}</p>'
        table += _findings(ex, claims_rows)
        badge = f'<span class="badge {status}">{_t(STATUS_TEXT[status], lang)}</span>'
        parts.append(f'<h2 id="{ex.key}">{html.escape(ex.paper_name)}. {html.escape(_t(ex.caption, lang))} {badge}</h2>'
                     f'<div class="exhibit"><div>{thumb}</div><div>{table}<p class="links">{" ".join(links)}</p>'
                     f'<p class="note">{"Made by notebook" if lang == "en" else "Lavet af notebook"} '
                     f'{html.escape(ex.notebook[:2])} · {html.escape(_t(nb.title, lang))}</p></div></div>')
    parts.append(_sources_part(root, lang))
    parts.append(_references(lang))
    parts.append('<h2 id="provenance">Provenance</h2><div id="prov"><p class="note">provenance.js not found</p></div>'
                 '<script src="provenance.js"></script><script>'
                 "if(window.PROVENANCE){var p=window.PROVENANCE,h='<table>';"
                 "['git_commit','git_dirty','lock_sha256','parameters','python','platform','built_at_utc'].forEach(function(k){"
                 "h+='<tr><th>'+k+'</th><td>'+JSON.stringify(p[k])+'</td></tr>'});h+='</table><h3>Notebooks (seconds)</h3><table>';"
                 "Object.keys(p.notebook_seconds).forEach(function(k){h+='<tr><td>'+k+'</td><td>'+p.notebook_seconds[k]+'</td></tr>'});"
                 "h+='</table><h3>Raw files (sha256)</h3><table>';Object.keys(p.raw_files).forEach(function(k){"
                 "h+='<tr><td>'+k+'</td><td>'+p.raw_files[k]+'</td></tr>'});document.getElementById('prov').innerHTML=h+'</table>';}"
                 "</script>")
    return _page(title, "\n".join(parts), lang)


SOURCE_FIGURES = ("sources_tabel2", "sources_egdi_ranks", "sources_scaling")
SOURCE_TABLES = ("source_checks", "egdi_ranks", "contacts_per_inhabitant", "scaling_to_denmark", "eurostat_series")


def _sources_part(root: Path, lang: str) -> str:
    """The paper against its sources (notebook 10): the verdict counts, the checks, the figures, the data."""
    checks_path = root / "data" / "processed" / "source_checks.csv"
    if not checks_path.is_file():
        return ""
    rows = _read_csv(checks_path)
    recs = [dict(zip(rows[0], r)) for r in rows[1:]]
    counts = {v: sum(1 for r in recs if r["verdict"] == v) for v in ("confirmed", "differs", "not_in_source")}
    en = lang == "en"
    head = "The paper against its sources, and Denmark since 2011" if en else "Rapporten mod dens kilder, og Danmark efter 2011"
    words = {"confirmed": ("confirmed", "bekræftet"), "differs": ("differs", "afviger"),
             "not_in_source": ("not in the source", "ikke i kilden")}
    summary = ", ".join(f"{counts[v]} {_t(words[v], lang)}" for v in counts)
    intro = (f"<p>{len(recs)} printed cells checked against public sources: {summary}. Tabel 2's use and completion "
             "rows against Eurostat's household survey, its availability row against Capgemini's baskets (the 20-service "
             "indicator is not in the file), and Tabel 1's United Nations row against both copies of the UN survey; "
             "Tabel 4 per inhabitant (Danmarks Statistik) scaled to Denmark against Tabel 5 is in the numbers check "
             "(<code>x_t5_scaled_*</code>).</p>") if en else (
             f"<p>{len(recs)} trykte tal kontrolleret mod offentlige kilder: {summary}. Tabel 2 mod Eurostat og Capgemini, "
             "tabel 1 mod begge kopier af FN's undersøgelse; tabel 4 pr. indbygger (Danmarks Statistik) skaleret til "
             "Danmark mod tabel 5 står i talkontrollen (<code>x_t5_scaled_*</code>).</p>")
    shown = [["claim_id", "source_indicator", "source_value", "printed_value", "verdict"]]
    shown += [[r["claim_id"], r["source_indicator"], f"{float(r['source_value']):.1f}" if r["source_value"] else "",
               r["printed_value"], _t(words[r["verdict"]], lang)] for r in recs]
    figs = "".join(f'<a href="../figures/{f}.png"><img src="../figures/{f}.png" alt="{f}" style="max-width:100%"></a>'
                   for f in SOURCE_FIGURES if (root / "figures" / f"{f}.png").is_file())
    links = ['<a href="notebooks/10_paper_against_sources.html">notebook 10_paper_against_sources</a>']
    links += [f'<a href="../data/processed/{t}.csv">{t}.csv</a>' for t in SOURCE_TABLES
              if (root / "data" / "processed" / f"{t}.csv").is_file()]
    return (f'<h2 id="sources">{html.escape(head)}</h2>{intro}<div>{figs}</div>'
            f'<div style="overflow-x:auto">{_html_table(shown)}</div><p class="links">{" ".join(links)}</p>')


def _references(lang: str) -> str:
    """The paper and every public data source, with edition and republication, from datapackage.json."""
    from . import rawdata

    items = ["<li><em>Kommunal borgerservice anno 2011</em>, CAICT working paper series, Copenhagen Business School "
             "(2011): the paper rebuilt here; its numbers are transcribed in <code>data/raw/</code>.</li>"]
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
        repub = (f"; republished in {html.escape(origin['republication'])}, commit <code>{html.escape(origin['commit'][:12])}</code>"
                 if origin.get("republication") else "")
        terms = "; ".join(lic.get("title", lic.get("name", "")) for lic in res.get("licenses", []))
        items.append(f"<li>{html.escape(cite)}{repub}{'. Terms: ' + html.escape(terms) if terms else ''}</li>")
    head = "References" if lang == "en" else "Referencer"
    return f'<h2 id="references">{head}</h2><ul class="note">{"".join(items)}</ul>'


def _findings(ex, claims_rows: list[dict]) -> str:
    """The exhibit's printed numbers that do not follow from its inputs, one line each."""
    items = _discrepancies(ex, claims_rows)
    if not items:
        return ""
    lis = "".join(f"<li><a href='checks.html#{html.escape(r['claim_id'])}'>{html.escape(r['claim_id'])}</a>: {html.escape(r['location'])}: printed "
                  f"{html.escape(r['printed_value'])}, recomputed {html.escape(r['recomputed_value'])}. "
                  f"{html.escape(r['explanation'])}</li>" for r in items)
    return f"<ul class='note'>{lis}</ul>"


VERDICT_TEXT = {"exact": ("exact", "eksakt"), "rounding": ("rounding", "afrunding"),
                "discrepancy": ("discrepancy", "uoverensstemmelse"), "input": ("input", "inddata"),
                "not_recomputable": ("not recomputable", "kan ikke genberegnes")}


def _exhibit_of(location: str) -> str:
    """The exhibit or section a claim belongs to, from its location ("Tabel 4, Sum, ..." -> "Tabel 4")."""
    head = location.split(",")[0].split(":")[0].strip()
    return head.split(" (")[0] if head.startswith(("Tabel", "Figur", "Section", "Summary")) else "other"


def _checks(root: Path, lang: str, rows: list[dict]) -> str:
    """What a reviewer came for first: the counts, then every finding with its arithmetic; the numbers that agree
    grouped by exhibit and folded; the inputs used as printed counted, not listed."""
    title = "Numbers check" if lang == "en" else "Talkontrol"
    if not rows:
        return _page(title, f"<h1>{title}</h1><p>claims.csv has not been built.</p>", lang)
    en = lang == "en"
    stems = {nb.stem for nb in NOTEBOOKS}
    anchors = _claim_anchors(root)
    counts = {v: sum(1 for r in rows if r["verdict"] == v) for v in VERDICT_TEXT}
    head = ["claim", "where", "what", "printed", "recomputed", "unit", "explanation"] if en else \
        ["tal", "hvor", "hvad", "trykt", "genberegnet", "enhed", "forklaring"]

    def table(items: list[dict], with_verdict: bool = False) -> str:
        cols = head[:6] + (["verdict" if en else "vurdering"] if with_verdict else []) + head[6:]
        widths = [12, 13, 14, 8, 8, 6] + ([7] if with_verdict else []) + [32 if with_verdict else 39]
        out = ["<div style='overflow-x:auto'><table class='ledger'><thead><tr>"
               + "".join(f"<th style='width:{w}%'>{c}</th>" for c, w in zip(cols, widths)) + "</tr></thead><tbody>"]
        for r in items:
            nb, anchor = anchors.get(r["claim_id"], ("08_numbers_check", "counts"))
            link = f"notebooks/{nb}.html#{anchor}" if nb in stems else "#"
            verdict = f"<td>{_t(VERDICT_TEXT[r['verdict']], lang)}</td>" if with_verdict else ""
            out.append(f"<tr class='{r['verdict']}' id='{html.escape(r['claim_id'])}'><td><a href='{link}'>"
                       f"{html.escape(r['claim_id'])}</a></td><td>{html.escape(r['location'])}</td>"
                       f"<td>{html.escape(r['description'])}</td><td class='num'>{_short(r['printed_value'])}</td>"
                       f"<td class='num'>{_short(r['recomputed_value'])}</td><td>{html.escape(r['unit'])}</td>{verdict}"
                       f"<td>{html.escape(r['explanation'])}</td></tr>")
        return "".join(out) + "</tbody></table></div>"

    body = [f"<h1>{title}</h1>",
            f"<p>{len(rows)} {'numbers the paper prints, each recomputed from its inputs or explained' if en else 'trykte tal, hver genberegnet eller forklaret'}; "
            f"{'the whole ledger is' if en else 'hele listen er'} <a href='../data/processed/claims.csv'>claims.csv</a>.</p>",
            "<table><tbody>" + "".join(f"<tr class='{v}'><th>{_t(VERDICT_TEXT[v], lang)}</th><td class='num'>{counts[v]}</td></tr>"
                                       for v in ("discrepancy", "not_recomputable", "rounding", "exact", "input"))
            + "</tbody></table>"]
    for verdict, heading in (("discrepancy", ("Discrepancies: printed numbers that do not follow from the inputs",
                                               "Uoverensstemmelser: trykte tal der ikke følger af inddata")),
                             ("not_recomputable", ("Not recomputable: no method in the paper, or no published numbers",
                                                   "Kan ikke genberegnes: ingen metode i rapporten eller ingen offentliggjorte tal"))):
        items = sorted((r for r in rows if r["verdict"] == verdict), key=lambda r: r["claim_id"])
        body.append(f"<h2 id='{verdict}'>{_t(heading, lang)} ({len(items)})</h2>" + table(items))
    agreeing = [r for r in rows if r["verdict"] in ("exact", "rounding")]
    body.append(f"<h2 id='agreeing'>{'Numbers that follow from the inputs, by exhibit' if en else 'Tal der følger af inddata, efter tabel'}"
                f" ({len(agreeing)})</h2>")
    groups: dict[str, list[dict]] = {}
    for r in agreeing:
        groups.setdefault(_exhibit_of(r["location"]), []).append(r)
    for name in sorted(groups, key=lambda g: (g.split()[0], int(g.split()[-1]) if g.split()[-1].isdigit() else 0, g)):
        items = sorted(groups[name], key=lambda r: r["claim_id"])
        body.append(f"<details><summary>{html.escape(name)} ({len(items)})</summary>{table(items, with_verdict=True)}</details>")
    body.append(f"<h2 id='inputs'>{'Inputs used as printed' if en else 'Inddata brugt som trykt'} ({counts['input']})</h2>"
                f"<p>{'Every number the tables print as an input is a row of' if en else 'Hvert tal tabellerne trykker som inddata er en række i'} "
                "<a href='../data/processed/claims.csv'>claims.csv</a> (verdict <code>input</code>); "
                f"{'they equal themselves and are not listed here.' if en else 'de er lig sig selv og vises ikke her.'}</p>")
    return _page(title, "\n".join(body), lang, wide=True)


def _short(value: str) -> str:
    """A number for the page: thousands separated, seven significant digits (claims.csv keeps them all)."""
    try:
        x = float(value)
    except ValueError:
        return html.escape(value)
    return f"{x:,.0f}" if x.is_integer() or abs(x) >= 1000 else f"{x:,.7g}"


def _claim_anchors(root: Path) -> dict[str, tuple[str, str]]:
    """Which notebook section computes each claim (written by the audit notebook beside claims.csv)."""
    p = root / "data" / "processed" / "claim_anchors.csv"
    if not p.is_file():
        return {}
    rows = _read_csv(p)
    return {r[0]: (r[1], r[2]) for r in rows[1:]}


def _scenarios(root: Path, lang: str) -> str:
    title = "Scenarios" if lang == "en" else "Scenarier"
    table = root / "data" / "processed" / "scenarios.csv"
    if not table.is_file():
        return _page(title, f"<h1>{title}</h1><p>No scenarios built yet: run <code>make scenarios</code>.</p>", lang)
    parts = [f"<h1>{title}</h1>", "<p>What-if runs of the cost model (notebook 09), one executed notebook per scenario; "
             "the table is <a href='../data/processed/scenarios.csv'>scenarios.csv</a>.</p>",
             _html_table(_read_csv(table))]
    for f in ("scenario_savings", "scenario_tornado", "scenario_montecarlo"):
        if (root / "figures" / f"{f}.png").is_file():
            parts.append(f'<p><a href="../figures/{f}.svg"><img src="../figures/{f}.png" style="max-width:100%" alt="{f}"></a></p>')
    mc = root / "data" / "processed" / "scenario_intervals.csv"
    if mc.is_file():
        parts.append("<h2>Monte Carlo intervals</h2>" + _html_table(_read_csv(mc)))
    runs = sorted((root / "report" / "scenarios").glob("*.html")) if (root / "report" / "scenarios").is_dir() else []
    if runs:
        parts.append("<h2>Executed notebooks</h2><ul>" + "".join(
            f'<li><a href="scenarios/{p.name}">{html.escape(p.stem)}</a></li>' for p in runs) + "</ul>")
    return _page(title, "\n".join(parts), lang)


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

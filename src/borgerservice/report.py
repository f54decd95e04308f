"""report/index.html and its pages: every exhibit in the paper's order, printed beside rebuilt, the numbers check and
the scenarios, as static files that open from disk with no server and no network.

Pages are Jinja2 templates (templates/report/) written in English and translated by the catalogs (jinja2.ext.i18n);
numbers are formatted for the page's language by i18n.number. Everything that changes from one build to the next
(times, commit) goes to one file, report/provenance.js; the HTML pages themselves are byte-stable.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from . import i18n, paths
from .claims import SOURCE_VERDICTS, verdict_name
from .compare import printed_precision
from .exhibits import EXHIBITS, NOTEBOOKS, added_notebooks
from .i18n import N_, _, number
from .labels import CHANNELS
from .names import label, place

TEMPLATES = Path(__file__).resolve().parent / "templates" / "report"
ASSETS = ("report.css", "provenance-view.js")
STATUS = {"rebuilt": N_("rebuilt"), "rebuilt_with_findings": N_("rebuilt with findings"),
          "not_published": N_("data not published")}


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _value(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _digits(printed_as: str) -> int:
    """The decimals the paper prints a number with ("58,2%" -> 1, "66.567" -> 0)."""
    precision = printed_precision(printed_as or "")
    if precision is None or precision >= 1:
        return 0
    return len(str(precision).split(".")[1])


def _environment(lang: str):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)
    env.filters["num"] = lambda x, digits=None: number(_value(x) if isinstance(x, str) else x, digits)
    return env


def render(template: str, lang: str, **context) -> str:
    """One page of the report from its template (autoescaped: text from a file cannot inject markup)."""
    with i18n.language(lang):
        context = {"prefix": "", "wide": False, "scenarios_built": False, "page": template.split(".")[0], **context}
        return _environment(lang).get_template(template).render(lang=lang, **context)


# --- the numbers check, as the pages show it ------------------------------------------------
def exhibit_of(location: str) -> str:
    """The exhibit or section a claim belongs to ("Tabel 4, Sum, ..." -> "Tabel 4", "Section 2: ..." -> "Section 2")."""
    head = re.match(r"^(Tabel \d+|Figur \d+|Summary|Section \d+)", location)
    return head.group(1) if head else "other"


def _claims(root: Path, lang: str) -> list[dict]:
    """claims.csv as a page shows it: numbers formatted, words translated, the explanation in the page's language."""
    processed = root / "data" / "processed"
    rows = _read(processed / "claims.csv")
    danish = {r["claim_id"]: r["explanation"] for r in _read(processed / "claim_explanations_da.csv")}
    anchors = {r["claim_id"]: r for r in _read(processed / "claim_anchors.csv")}
    pages = {r["result_id"]: int(r["page"]) for r in _read(paths.RAW / "printed_results.csv")}
    stems = {nb.stem for nb in NOTEBOOKS}
    out = []
    for r in rows:
        at = anchors.get(r["claim_id"], {})
        nb, anchor = at.get("notebook", "08_numbers_check"), at.get("anchor", "ledger")
        scale, digits = _scale(_value(r["printed_value"]))
        out.append({**r, "family": r.get("family") or "paper", "where": place(r["location"]),
                    "group": exhibit_of(r["location"]), "page_no": pages.get(r["claim_id"], 99),
                    "link": f"notebooks/{nb}.html#{anchor}" if nb in stems else "#",
                    "what": _(r["description"]), "unit_text": label("unit." + r["unit"]),
                    "printed": _amount(_value(r["printed_value"]), scale, digits),
                    "recomputed": _amount(_value(r["recomputed_value"]), scale, digits),
                    "why": at.get("why_da" if lang == "da" else "why", ""),
                    "verdict_text": verdict_name(r["verdict"]),
                    "explanation": danish.get(r["claim_id"], r["explanation"]) if lang == "da" else r["explanation"]})
    return out


def _scale(printed: float | None) -> tuple[float, int]:
    """A printed round number of millions or billions is read as such ("165 millioner"): both it and the recomputed
    number are shown in that unit, to three decimals at most; any other number in full."""
    if printed is None:
        return 1, 0
    for scale in (1e9, 1e6):
        if abs(printed) >= scale and printed % (scale / 10) == 0:
            return scale, 3
    return 1, 0


def _amount(value: float | None, scale: float, digits: int) -> str:
    if value is None:
        return ""
    if scale == 1:
        return number(value, 0 if abs(value) >= 100 else None)
    shown = number(value / scale, upto=digits)
    return _("{n} billion", n=shown) if scale == 1e9 else _("{n} million", n=shown)


def _groups(rows: list[dict]) -> list[dict]:
    """Rows by exhibit or section, in the order the paper prints them (by page, then as named)."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["group"], []).append(r)
    order = sorted(groups, key=lambda g: (min(r["page_no"] for r in groups[g]), g))
    return [{"name": place(g)["text"] or g, "items": sorted(groups[g], key=lambda r: r["claim_id"])} for g in order]


# --- the exhibits, printed beside rebuilt ------------------------------------------------------
def _printed_table(root: Path, key: str, claims: dict[str, dict], printed: dict[str, dict]) -> dict | None:
    """The table as the paper prints it: every derived cell shows the printed number, and where the inputs do not
    give it, is marked with the recomputed number beside it."""
    processed = root / "data" / "processed"
    path = processed / "tables" / f"{key}.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    head, body = rows[0], rows[1:]
    at = {(int(p["row"]), int(p["column"])): p["result_id"] for p in _read(processed / "recomputed" / f"{key}_positions.csv")}
    lower_bounds = {r["channel"] for r in _read(processed / "national_estimate.csv") if r.get("is_lower_bound") == "true"}
    out = []
    for i, row in enumerate(body):
        cells = []
        for j, text in enumerate(row):
            rid = at.get((i, j))
            if rid and rid in claims:
                c, p = claims[rid], printed.get(rid, {})
                shown = number(_value(c["printed_value"]), _digits(p.get("printed_as", "")))
                differs = c["verdict"] == "discrepancy"
                cells.append({"text": shown, "numeric": True, "mark": differs, "claim": rid,
                              "recomputed": c["recomputed"] if differs else ""})
            elif j == 0 or _value(text) is None:
                empty = "n.a." if key == "table_02" else "–"  # Tabel 2 prints n.a.; elsewhere a dash: no number printed
                cells.append({"text": text if text else ("" if j == 0 else empty), "numeric": bool(j and not text)})
            else:
                plus = "+" if key == "table_05" and j == 1 and any(label("channel." + ch) == row[0] for ch in lower_bounds) else ""
                cells.append({"text": number(_value(text)) + plus, "numeric": True})
        out.append(cells)
    return {"head": head, "rows": out}


def exhibit_status(ex, claims_rows: list[dict]) -> str:
    if ex.status:
        return ex.status
    return "rebuilt_with_findings" if _discrepancies(ex, claims_rows) else "rebuilt"


def _discrepancies(ex, claims_rows: list[dict]) -> list[dict]:
    """The exhibit's printed numbers that the numbers check finds do not follow from the paper's own inputs."""
    prefix = ex.paper_name + ("," if ex.paper_name.startswith("Tabel") else "")
    return [r for r in claims_rows if r["location"].startswith(prefix) and r["verdict"] == "discrepancy"
            and r["family"] == "paper"]


def _under_table(ex, root: Path, findings: list[dict]) -> list[dict]:
    """What differs and why, in words, under each table (and how Tabel 6 was priced)."""
    lines = [{"where": f["where"], "text": _("printed {printed}, recomputed {recomputed} – {why}", printed=f["printed"],
                                               recomputed=f["recomputed"], why=f["why"])} for f in findings]
    if ex.key == "table_06":
        lejre = {r["channel"]: r for r in _read(root / "data" / "processed" / "lejre_count_week.csv")}
        if lejre:
            lines.insert(0, {"where": None, "text": _(
                "The paper does not say how Tabel 6 is priced. Searching every unit cost of Tabel 7 finds one pricing that "
                "reproduces every printed cost: Copenhagen's unit costs, with e-mail at Copenhagen's letter rate ({email} "
                "DKK) and website contacts at its web self-service rate ({website} DKK).",
                email=_value(lejre["email"]["unit_cost_dkk"]), website=_value(lejre["website"]["unit_cost_dkk"]))})
    if ex.table and not findings and ex.key != "table_06":
        lines.append({"where": None, "text": _(
            "Every derived number of this table follows from its inputs, exactly or within the printed rounding.")})
    return lines


def _exhibits(root: Path, claims_rows: list[dict]) -> list[dict]:
    by_stem = {nb.stem: nb for nb in NOTEBOOKS}
    processed = root / "data" / "processed"
    claims = {r["claim_id"]: r for r in claims_rows}
    printed = {r["result_id"]: r for r in _read(paths.RAW / "printed_results.csv")}
    out = []
    for ex in EXHIBITS:
        status = exhibit_status(ex, claims_rows)
        links = [{"href": f"notebooks/{ex.notebook}.html#{ex.anchor}", "text": _("notebook {stem}", stem=ex.notebook)}]
        if ex.table:
            links.append({"href": f"../data/processed/tables/{ex.table}.csv", "text": f"{ex.table}.csv"})
        links += [{"href": f"../data/processed/{t}.csv", "text": f"{t}.csv"} for t in ex.tidy if (processed / f"{t}.csv").is_file()]
        figs = [f for f in ex.figures if (root / "figures" / f"{f}.png").is_file()]
        links += [{"href": f"../figures/{f}.svg", "text": f"{f}.svg"} for f in figs]
        if ex.optional_input:
            no_figure = _("No figure: the paper prints this exhibit as an image and its numbers are not published. "
                          "Supplying data/raw/{file}.csv (schema in datapackage.json) draws it.", file=ex.optional_input)
        else:
            no_figure = _("No figure for this table.")
        findings = _discrepancies(ex, claims_rows)
        out.append({"key": ex.key, "name": ex.paper_name, "caption": _(ex.caption), "status": status,
                    "status_text": _(STATUS[status]), "figures": [f"../figures/{f}.png" for f in figs],
                    "no_figure": no_figure, "table": _printed_table(root, ex.table, claims, printed) if ex.table else None,
                    "text_says": _(ex.text_says) if ex.text_says else "", "under": _under_table(ex, root, findings),
                    "links": links, "notebook": ex.notebook, "notebook_title": _(by_stem[ex.notebook].title)})
    return out


def _summary(root: Path, claims_rows: list[dict]) -> dict:
    """The landing page's findings: (a) arithmetic the paper gets wrong, (b) numbers whose method it does not give,
    (c) how the damaged text extraction of Tabel 4 and Tabel 7 was read."""
    paper = [r for r in claims_rows if r["family"] == "paper"]
    readings = {}
    for r in _read(root / "data" / "processed" / "claim_readings.csv"):
        if _value(r["value"]) is not None:
            readings.setdefault(r["claim_id"], []).append(_value(r["value"]))
    wrong = [r for r in sorted(paper, key=lambda r: (r["page_no"], r["claim_id"])) if r["verdict"] == "discrepancy"]
    open_ = []
    for r in sorted(paper, key=lambda r: (r["page_no"], r["claim_id"])):
        if r["verdict"] != "not_recomputable":
            continue
        values = readings.get(r["claim_id"], [])
        if len(values) > 1:
            scale, digits = _scale(_value(r["printed_value"]))
            detail = _("printed {printed}; the readings give {low} to {high}", printed=r["printed"],
                       low=_amount(min(values), scale, digits), high=_amount(max(values), scale, digits))
        elif r["recomputed"]:
            detail = _("printed {printed}; the closest reading gives {value}", printed=r["printed"], value=r["recomputed"])
        else:
            detail = _("printed {printed}; the numbers it rests on are not published", printed=r["printed"])
        open_.append({**r, "detail": detail})
    t6 = {r["channel"]: r for r in _read(root / "data" / "processed" / "lejre_count_week.csv")}
    raw = paths.RAW
    t4 = {(r["municipality"], r["channel"], r["part"]): _value(r["value"]) for r in _read(raw / "tabel4_municipal_inquiries.csv")}
    t7 = {(r["source"], r["channel"]): _value(r["unit_cost"]) for r in _read(raw / "tabel7_unit_costs_by_source.csv")}
    extraction = []
    if t4 and t7 and t6:
        letters = _value(t6["letter"]["contacts_week_20"])
        extraction = [
            _("Tabel 4: each row's cells were assigned to the municipalities left to right, with n.a. as no number. "
              "Albertslund's personal and phone cells hold two numbers each ({a} + {b}; {c} + {d}); Guldborgsund's letter "
              "cell holds {incoming} incoming and {outgoing} outgoing letters; Copenhagen's personal cell includes library "
              "visits printed as 3,8 with no unit, read as {libraries} (millions is the only reading below the total that is "
              "not trivially small); Copenhagen's letters include its e-mails.",
              a=t4[("albertslund", "personal", "1")], b=t4[("albertslund", "personal", "2")],
              c=t4[("albertslund", "phone", "1")], d=t4[("albertslund", "phone", "2")],
              incoming=t4[("guldborgsund", "letter", "1")], outgoing=t4[("guldborgsund", "letter", "2")],
              libraries=t4[("kobenhavn", "personal", "2")]),
            _("Tabel 7: the letter row has three cells for four columns, read as Copenhagen {letter} DKK and the others "
              "without a number, which Tabel 6 confirms ({count} letters x {letter} DKK = {cost} DKK, as printed); the "
              "row for self-service by phone is read as Vejen {vejen} (index) and Copenhagen {kbh} DKK.",
              letter=t7[("kobenhavn", "letter")], count=letters, cost=letters * t7[("kobenhavn", "letter")],
              vejen=t7[("vejen", "phone_self_service")], kbh=t7[("kobenhavn", "phone_self_service")]),
        ]
    source = [r for r in claims_rows if r["family"] == "source"]
    return {"wrong": wrong, "open": open_, "extraction": extraction,
            "source_counts": {verdict_name(v): sum(1 for r in source if r["verdict"] == v) for v in SOURCE_VERDICTS}}


SOURCE_FIGURES = ("sources_tabel2", "sources_egdi_ranks", "sources_scaling")
SOURCE_TABLES = ("source_checks", "egdi_ranks", "contacts_per_inhabitant", "scaling_to_denmark", "eurostat_series")


def _check_name(claim_id: str) -> str:
    """A source check's row as a reader names it ("in_tabel2_use_2009" -> "Tabel 2, use, 2009")."""
    m = re.match(r"^in_tabel2_(\w+)_(\d{4})$", claim_id)
    if m:
        return _("Tabel 2, {row}, {year}", row=label("indicator." + m.group(1)).lower(), year=m.group(2))
    m = re.match(r"^t1_un_rank_(\w+)$", claim_id)
    if m:
        return _("Tabel 1, United Nations, {country}", country=label("country." + m.group(1)))
    return claim_id


def _sources_part(root: Path, claims_rows: list[dict]) -> dict | None:
    """The paper against its sources (notebook 10): apart from the paper's own discrepancies."""
    recs = _read(root / "data" / "processed" / "source_checks.csv")
    if not recs:
        return None
    counts = ", ".join(f"{sum(1 for r in recs if r['verdict'] == v)} {verdict_name(v)}" for v in SOURCE_VERDICTS)
    rows = []
    for r in recs:
        value = _value(r["source_value"])
        if value is not None:
            shown = number(value, 0 if value.is_integer() else 2)
        else:
            shown = _("withheld") if r["verdict"] == "confirmed" else _("not in the file")
        rows.append([_check_name(r["claim_id"]), r["source_indicator"], shown,
                     number(_value(r["printed_value"])) if _value(r["printed_value"]) is not None else "n.a.",
                     verdict_name(r["verdict"])])
    scaled = {r["claim_id"].removeprefix("x_t5_scaled_"): r for r in claims_rows if r["claim_id"].startswith("x_t5_scaled_")}
    scaled = [{"row": [label("channel." + ch), scaled[ch]["printed"], scaled[ch]["recomputed"], scaled[ch]["verdict_text"]]}
              for ch in CHANNELS if ch in scaled]
    links = [{"href": "notebooks/10_paper_against_sources.html", "text": _("notebook {stem}", stem="10_paper_against_sources")}]
    links += [{"href": f"../data/processed/{t}.csv", "text": f"{t}.csv"} for t in SOURCE_TABLES
              if (root / "data" / "processed" / f"{t}.csv").is_file()]
    return {"intro": _("{n} printed cells checked against public sources: {counts}.", n=len(recs), counts=counts),
            "rows": rows, "scaled": scaled, "links": links,
            "figures": [f"../figures/{f}.png" for f in SOURCE_FIGURES if (root / "figures" / f"{f}.png").is_file()]}


AFTER_FIGURES = ("after_2011_uptake", "after_2011_egov", "after_2011_savings", "after_2011_unit_costs")
AFTER_VERDICT_CLASS = {"borne out": "rebuilt", "not borne out": "rebuilt_with_findings", "mixed": "not_recomputable",
                       "not comparable": "not_published"}


def _after_part(root: Path, lang: str) -> dict | None:
    """After 2011 (notebook 11): the paper's expectations against what happened, with every fact's publisher and date."""
    processed = root / "data" / "processed"
    predictions = _read(processed / "after_2011_predictions.csv")
    if not predictions:
        return None
    danish = {r["claim"]: r["explanation"] for r in _read(processed / "after_2011_explanations_da.csv")}
    rows = [{"claim": _(p["claim"]), "paper": number(_value(p["paper_value"])), "outcome": number(_value(p["outcome_value"])),
             "facts": p["outcome_fact_ids"].replace(";", ", "), "comparable": label("comparable." + p["comparable"]),
             "verdict": label("after_verdict." + p["verdict"].replace(" ", "_")),
             "css": AFTER_VERDICT_CLASS.get(p["verdict"], ""),
             "explanation": danish.get(p["claim"], p["explanation"]) if lang == "da" else p["explanation"]}
            for p in predictions]
    facts = [{"id": f["fact_id"], "value": number(_value(f["value"])), "unit": f["unit"], "period": f["period"],
              "publisher": f["publisher"], "title": f["source_title"], "published": f["published"], "url": f["url"]}
             for f in _read(processed / "after_2011_facts.csv")]
    return {"rows": rows, "facts": facts,
            "figures": [f"../figures/{f}.png" for f in AFTER_FIGURES if (root / "figures" / f"{f}.png").is_file()],
            "links": [{"href": "notebooks/11_after_2011.html", "text": _("notebook {stem}", stem="11_after_2011")}]
            + [{"href": f"../data/processed/{t}.csv", "text": f"{t}.csv"}
               for t in ("after_2011_predictions", "after_2011_facts") if (processed / f"{t}.csv").is_file()]}


def _added_part(root: Path) -> list[dict]:
    """Notebooks a researcher added (docs/extending.md): their pages and what each last wrote."""
    from .execute import read_manifest

    out = []
    for nb in added_notebooks():
        wrote = [rel for rel in read_manifest(nb.stem)["wrote"] if (root / rel).is_file()]
        out.append({"stem": nb.stem, "title": _(nb.title), "reads": list(nb.reads),
                    "figures": [f"../{rel}" for rel in wrote if rel.startswith("figures/") and rel.endswith(".png")],
                    "links": [{"href": f"notebooks/{nb.stem}.html", "text": _("notebook {stem}", stem=nb.stem)}]
                             + [{"href": f"../{rel}", "text": rel.rsplit("/", 1)[-1]} for rel in wrote
                                if not (rel.startswith("figures/") and rel.endswith(".png"))]})
    return out


#: the terms of each source, as a reader of the page's language reads them (datapackage.json names them by `name`)
TERMS = {"UN-DESA-terms": N_("United Nations data, reused with the survey and edition cited (UN terms of use)"),
         "EC-reuse-2011-833-EU": N_("reuse authorised with acknowledgement of the source (Commission Decision 2011/833/EU)"),
         "DST-reuse": N_("Danmarks Statistik's data may be reused with the source named"),
         "facts-with-citation": N_("numbers with their citations; cite each number's publisher")}


def _references() -> list[dict]:
    """The paper and every public data source, with edition and republication, from datapackage.json."""
    from . import rawdata

    refs, seen = [], set()
    for res in rawdata.descriptor()["resources"]:
        origin = res.get("x-origin", {})
        if res["x-role"] != "external_input":
            continue
        cite = origin.get("cite") or origin.get("publisher", "")
        key = (cite, origin.get("republication", ""), origin.get("commit", ""))
        if key in seen:
            continue
        seen.add(key)
        refs.append({"text": cite, "republication": origin.get("republication", ""), "commit": origin.get("commit", "")[:12],
                     "terms": "; ".join(_(TERMS[lic["name"]]) if lic.get("name") in TERMS else lic.get("title", "")
                                        for lic in res.get("licenses", []))})
    return refs


def _scenarios(root: Path) -> dict:
    """scenarios.csv as a reader reads it: named columns, amounts in DKK billion to two decimals."""
    rows = _read(root / "data" / "processed" / "scenarios.csv")
    intervals = _read(root / "data" / "processed" / "scenario_intervals.csv")
    runs = sorted(p.stem for p in (root / "report" / "scenarios").glob("*.html")) if (root / "report" / "scenarios").is_dir() else []
    money = ("total_before_bn_dkk", "total_after_bn_dkk", "saving_bn_dkk", "after_minus_paper_bn_dkk",
             "saving_p2_5_bn_dkk", "saving_p97_5_bn_dkk")
    table = []
    for r in rows:
        danish = i18n.current() == "da" and r.get("description_da")
        source = label("source." + r["unit_cost_source"]) if r["unit_cost_source"] != "custom" else _("own figures")
        table.append({"cells": [r["scenario"], r["description_da"] if danish else r["description"], source,
                                _("full cost") if r["self_service"] == "full" else _("marginal (Tabel 8)"),
                                number(_value(r["volume_scale"]), 2)] + [number(_value(r[k]), 2) for k in money]})
    return {"rows": table, "with_interval": sum(1 for r in rows if r["saving_p97_5_bn_dkk"]),
            "intervals": [{"cells": [r["scenario"], label("metric." + r["metric"])]
                           + [number(_value(r[k]), 2) for k in ("p2_5", "median", "p97_5")] + [number(_value(r["draws"]))]}
                          for r in intervals],
            "figures": [f"../figures/{f}.png" for f in ("scenario_savings", "scenario_tornado", "scenario_montecarlo")
                        if (root / "figures" / f"{f}.png").is_file()], "runs": runs}


def write_report(root: Path, params: dict) -> None:
    lang = params.get("lang", "en")
    rep = root / "report"
    rep.mkdir(parents=True, exist_ok=True)
    for asset in ASSETS:
        (rep / asset).write_bytes((TEMPLATES / asset).read_bytes())
    with i18n.language(lang):
        claims_rows = _claims(root, lang)
        scenarios = _scenarios(root)
        common = {"scenarios_built": bool(scenarios["rows"])}
        paper = [r for r in claims_rows if r["family"] == "paper"]
        pages = {
            "index.html": render("index.html.j2", lang, title=_("Kommunal borgerservice anno 2011: the reproduction"),
                                 exhibits=_exhibits(root, claims_rows), summary=_summary(root, claims_rows),
                                 sources=_sources_part(root, claims_rows), after=_after_part(root, lang),
                                 added=_added_part(root),
                                 references=_references(), status=STATUS, **common),
            "checks.html": render(
                "checks.html.j2", lang, title=_("Numbers check"), wide=True, total=len(paper),
                counts=[{"verdict": v, "text": verdict_name(v), "count": sum(1 for r in paper if r["verdict"] == v)}
                        for v in ("discrepancy", "not_recomputable", "rounding", "exact", "input")],
                discrepancies=sorted((r for r in paper if r["verdict"] == "discrepancy"), key=lambda r: (r["page_no"], r["claim_id"])),
                open=sorted((r for r in paper if r["verdict"] == "not_recomputable"), key=lambda r: (r["page_no"], r["claim_id"])),
                groups=_groups([r for r in paper if r["verdict"] in ("exact", "rounding")]),
                source=[r for r in claims_rows if r["family"] == "source"], inputs=sum(1 for r in paper if r["verdict"] == "input"),
                **common),
            "scenarios.html": render("scenarios.html.j2", lang, title=_("Scenarios"), scenarios=scenarios, **common),
        }
    for name, text in pages.items():
        (rep / name).write_text(text, encoding="utf-8")

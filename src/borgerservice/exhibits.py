"""What the build makes, in the paper's order: each exhibit, the notebook that makes it,
the raw files that notebook reads and the files it writes. The runner, the report and the
README's exhibit table all read this one list."""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_

#: editions of the UN E-Government Survey in data/raw/sources/un-egov-survey/
UN_EDITIONS = (2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024)


@dataclass(frozen=True)
class Notebook:
    stem: str
    reads: tuple[str, ...]
    title: str  # English, marked N_ (the pages translate it)
    #: run by `make report`; False for notebooks run only by another target (scenarios)
    in_report: bool = True
    #: a notebook a researcher added (declared in its own metadata, not in this file); shown under "Further analyses"
    added: bool = False
    #: notebooks whose processed outputs this one reads (export.read_processed): they run first, and a change
    #: to one of them re-runs this one
    after: tuple[str, ...] = ()
    #: writes outputs in Danish (`*_da.csv`) in every build: the Danish catalog is an input in English too
    writes_danish: bool = False


@dataclass(frozen=True)
class Exhibit:
    key: str  # table_01 ... / figure_01 ...
    paper_name: str  # as the paper numbers it
    caption: str  # English, marked N_
    notebook: str
    table: str | None = None  # data/processed/tables/<table>.csv
    tidy: tuple[str, ...] = ()  # data/processed/<name>.csv
    figures: tuple[str, ...] = ()  # figures/<name>.png and .svg
    #: "not_published" is fixed; otherwise the report derives rebuilt / rebuilt with findings from claims.csv
    status: str = ""
    anchor: str = ""  # section id in the executed notebook
    optional_input: str | None = None  # raw resource that would rebuild a not-published figure
    text_says: str = ""  # for a not-published figure: what the paper's text says of it, in our words (N_)


NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook("01_international_rankings", ("tabel1_international_rankings", "un_egdi_2010", "un_egdi_2012"),
             N_('International rankings')),
    Notebook("02_eurostat_eservices", ("tabel2_eurostat_eservices",),
             N_('Eurostat e-service uptake')),
    Notebook("03_document_handling", ("figur2_documents_received", "printed_results"),
             N_('Documents received electronically')),
    Notebook("04_selfservice_transactions", ("tabel3_selfservice_transactions", "text_inputs", "printed_results"),
             N_('Self-service transactions')),
    Notebook("05_inquiry_volumes", ("tabel4_municipal_inquiries", "tabel5_national_estimate", "tabel6_lejre_count_week",
                                    "tabel7_unit_costs_by_source", "text_inputs", "printed_results"),
             N_('Contact volumes')),
    Notebook("06_unit_costs", ("tabel7_unit_costs_by_source", "tabel8_unit_cost_estimate"),
             N_('Unit costs')),
    Notebook("07_channel_costs", ("tabel5_national_estimate", "tabel8_unit_cost_estimate", "text_inputs", "printed_results"),
             N_('Channel cost totals')),
    Notebook("08_numbers_check", ("tabel1_international_rankings", "tabel2_eurostat_eservices", "figur2_documents_received",
                                  "tabel3_selfservice_transactions", "tabel4_municipal_inquiries", "tabel5_national_estimate",
                                  "tabel6_lejre_count_week", "tabel7_unit_costs_by_source", "tabel8_unit_cost_estimate",
                                  "text_inputs", "printed_results"),
             N_('Numbers check'),
             after=("01_international_rankings", "03_document_handling", "04_selfservice_transactions",
                    "05_inquiry_volumes", "07_channel_costs", "10_paper_against_sources"), writes_danish=True),
    Notebook("09_cost_scenarios", ("tabel5_national_estimate", "tabel7_unit_costs_by_source", "tabel8_unit_cost_estimate",
                                   "after_2011_facts"),
             N_('Cost scenarios'), in_report=False, after=("07_channel_costs",)),
    Notebook("10_paper_against_sources", ("tabel1_international_rankings", "tabel2_eurostat_eservices", "tabel5_national_estimate",
                                          "eu_scoreboard_2012", *(f"un_egov_survey_{y}" for y in UN_EDITIONS),
                                          "dst_population", "country_names", "municipality_codes"),
             N_('The paper against its sources'),
             after=("01_international_rankings", "05_inquiry_volumes")),
    Notebook("11_after_2011", ("after_2011_facts", "tabel1_international_rankings", "tabel2_eurostat_eservices",
                               "tabel5_national_estimate", "tabel8_unit_cost_estimate"),
             N_("After 2011: the paper's expectations against what happened"),
             after=("05_inquiry_volumes", "07_channel_costs", "08_numbers_check", "10_paper_against_sources"),
             writes_danish=True),
)

EXHIBITS: tuple[Exhibit, ...] = (
    Exhibit("table_01", "Tabel 1", N_("Denmark's place in international e-government rankings"),
            "01_international_rankings", table="table_01", tidy=("rankings", "un_egdi_check"), figures=("table_01",),
            anchor="tabel-1"),
    Exhibit("table_02", "Tabel 2", N_('Availability and use of 20 public e-services (Eurostat)'),
            "02_eurostat_eservices", table="table_02", tidy=("eservices",), figures=("table_02",), anchor="tabel-2"),
    Exhibit("figure_01", "Figur 1", N_('E-mail response times'),
            "03_document_handling", figures=("figure_01",), status="not_published", anchor="figur-1",
            optional_input="figur1_email_response_times",
            text_says=N_('A 2010 test of e-mail response times: municipalities answered relatively fast and far more often '
                         'than the state, and more usefully; no number is printed.')),
    Exhibit("figure_02", "Figur 2", N_('Share of documents received electronically by municipalities, 2007-2009'),
            "03_document_handling", table="figure_02", tidy=("documents_received",), figures=("figure_02",),
            anchor="figur-2"),
    Exhibit("figure_03", "Figur 3", N_('Share of documents handled electronically, 2003-2009'),
            "03_document_handling", figures=("figure_03",), status="not_published", anchor="figur-3",
            optional_input="figur3_documents_handled_electronically",
            text_says=N_('Fewer municipalities keep under 25 % of documents digital (under one in five in 2009), while the '
                         'share keeping more than half digital is falling; no number is printed.')),
    Exhibit("table_03", "Tabel 3", N_('Transactions on municipal self-service solutions, 2010'),
            "04_selfservice_transactions", table="table_03", tidy=("selfservice_transactions",), figures=("table_03",),
            anchor="tabel-3"),
    Exhibit("figure_04", "Figur 4", N_('Completed transactions per self-service solution, 2010 (% of started)'),
            "04_selfservice_transactions", figures=("figure_04",), status="not_published", anchor="figur-4",
            optional_input="figur4_selfservice_completion",
            text_says=N_('Completion per solution (N = 295, 2010) is highest for ordering compost bins, reporting rats and '
                         'childcare places; the per-solution shares are not printed.')),
    Exhibit("table_04", "Tabel 4", N_('Contacts to six municipalities by channel'),
            "05_inquiry_volumes", table="table_04", tidy=("municipal_contacts",), figures=("table_04",),
            anchor="tabel-4"),
    Exhibit("table_05", "Tabel 5", N_('Contacts from citizens to the municipal sector, national estimate'),
            "05_inquiry_volumes", table="table_05", tidy=("national_estimate",), figures=("table_05",),
            anchor="tabel-5"),
    Exhibit("table_06", "Tabel 6", N_("Lejre's count week (week 20, 2010): contacts and computed costs"),
            "05_inquiry_volumes", table="table_06", tidy=("lejre_count_week",), figures=("table_06",),
            anchor="tabel-6"),
    Exhibit("table_07", "Tabel 7", N_('Examples of unit costs by channel'),
            "06_unit_costs", table="table_07", tidy=("unit_costs",), figures=("table_07",), anchor="tabel-7"),
    Exhibit("table_08", "Tabel 8", N_("The paper's estimate of unit costs by channel"),
            "06_unit_costs", table="table_08", anchor="tabel-8"),
    Exhibit("table_09", "Tabel 9", N_('Total contacts and costs by channel'),
            "07_channel_costs", table="table_09", tidy=("channel_costs",), figures=("table_09",),
            anchor="tabel-9"),
)


#: the key in a notebook's metadata by which an added notebook declares its title and the raw files it reads
METADATA_KEY = "borgerservice"


class NotebookDeclarationError(ValueError):
    """A notebook in notebooks/ that neither this file nor its own metadata describes (or describes badly)."""


def added_notebooks() -> tuple[Notebook, ...]:
    """Notebooks a researcher added to notebooks/: each declares in its metadata

        "borgerservice": {"title": "The title", "reads": ["<resource>", ...],
                          "after": ["<notebook whose processed outputs it reads>", ...]}

    and `make report` runs it like the paper's own (stale when those files or their description change) and lists
    it in the report under "Further analyses" with what it wrote.
    """
    import json
    import re

    from . import paths

    known = {nb.stem for nb in NOTEBOOKS}
    out = []
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        if path.stem in known:
            continue
        if not re.fullmatch(r"[0-9]{2}_[a-z0-9_]{1,60}", path.stem):
            raise NotebookDeclarationError(
                f"{path.name!r}: a notebook's name is two digits, an underscore, then lower-case letters, digits and "
                "underscores (it names files and links of the report), for example 12_contacts_per_inhabitant.ipynb")
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get(METADATA_KEY)
        except (OSError, ValueError, AttributeError):
            meta = None  # the build names a notebook that is not valid JSON when it checks parameters
        if meta is None:
            raise NotebookDeclarationError(
                f"{path.name}: not one of the paper's notebooks and declares nothing; add to its metadata "
                f'"{METADATA_KEY}": {{"title": "...", "reads": ["<resource in datapackage.json>", ...]}} '
                "(README: Extending the analysis)")
        title, reads = meta.get("title"), meta.get("reads")
        if isinstance(title, list) and title and all(isinstance(t, str) and t for t in title):
            title = title[0]  # [English, Danish] in earlier versions: the English one is the title
        if not (isinstance(title, str) and title.strip()):
            raise NotebookDeclarationError(f"{path.name}: metadata {METADATA_KEY}.title must be the notebook's title")
        if not (isinstance(reads, list) and all(isinstance(r, str) for r in reads)):
            raise NotebookDeclarationError(f"{path.name}: metadata {METADATA_KEY}.reads must be a list of resource names")
        after = meta.get("after", [])
        if not (isinstance(after, list) and all(isinstance(a, str) for a in after)):
            raise NotebookDeclarationError(f"{path.name}: metadata {METADATA_KEY}.after must be a list of notebook names")
        unknown = sorted(set(after) - {nb.stem for nb in NOTEBOOKS if nb.in_report} - {p.stem for p in paths.NOTEBOOKS.glob("*.ipynb")})
        if unknown:
            raise NotebookDeclarationError(f"{path.name}: metadata {METADATA_KEY}.after names no notebook: {', '.join(unknown)}")
        out.append(Notebook(path.stem, tuple(reads), title, added=True, after=tuple(after)))
    return tuple(out)


def report_notebooks() -> tuple[Notebook, ...]:
    """What `make report` runs: the paper's notebooks and the added ones."""
    return tuple(nb for nb in NOTEBOOKS if nb.in_report) + added_notebooks()


def notebook(stem: str) -> Notebook:
    every = NOTEBOOKS + added_notebooks()
    for nb in every:
        if nb.stem == stem:
            return nb
    raise KeyError(f"unknown notebook {stem!r} (known: {', '.join(n.stem for n in every)})")

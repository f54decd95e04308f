"""Every label the outputs show, in English and in the paper's Danish, in one place.

Notebooks take `lang` as a parameter and ask here; no label string is typed in a notebook.
"""
from __future__ import annotations

import re

LANGS = ("en", "da")

# --- the paper's orders: rows and columns of its tables, in the order it prints them ------
#: channel order of Tabel 4-6 (and of every figure's colours)
CHANNELS = ["personal", "phone", "letter", "email", "web_self_service", "website"]
#: channel order of Tabel 7
UNIT_COST_CHANNELS = ["personal", "phone", "letter", "email", "chat", "phone_self_service", "web_self_service"]
#: channel order of Tabel 8 and 9
COST_CHANNELS = ["personal", "phone", "letter", "email", "web_self_service"]
#: columns of Tabel 4
MUNICIPALITIES = ["albertslund", "vallensbaek", "rebild", "guldborgsund", "lejre", "kobenhavn"]
#: columns of Tabel 1, rows of Tabel 1, columns of Tabel 7
COUNTRIES = ["DNK", "AUS", "NZL"]
RANKINGS = ["un_egov_survey", "oecd", "eiu", "waseda"]
SOURCES = ["vejen", "kobenhavn", "kl", "kmd"]
#: Tabel 5's row names as printed (p. 11), for the location of a claim about one of its rows
TABEL5_ROWS = {"personal": "Personlige henvendelser", "phone": "Telefoniske henvendelser", "letter": "Posthenvendelser",
               "email": "Mailhenvendelser", "web_self_service": "Internet baserede selvbetjeningsløsninger",
               "website": "Hjemmesidehenvendelser"}
#: the paper's line between a used and a barely used self-service solution (section 2: "no or fewer than 100")
FEW_TRANSACTIONS = 100


def in_order(frame, **orders):
    """`frame` sorted as the paper prints it: each named column in its given order (CHANNELS, ...), stably."""
    import pandas as pd

    frame = frame.copy()
    keys = list(orders)
    dtypes = {column: frame[column].dtype for column in keys}
    for column, order in orders.items():
        unknown = sorted(set(frame[column].dropna()) - set(order))
        if unknown:
            raise ValueError(f"{column}: {', '.join(map(str, unknown))} not in the paper's order ({', '.join(order)})")
        frame[column] = pd.Categorical(frame[column], categories=order, ordered=True)
    frame = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    return frame.astype({column: object for column in keys}).astype(dtypes)

_LABELS: dict[str, tuple[str, str]] = {
    # channels (rows of Tabel 4-9)
    "channel.personal": ("Personal contacts", "Personlige henvendelser"),
    "channel.phone": ("Phone calls", "Telefoniske henvendelser"),
    "channel.letter": ("Letters", "Posthenvendelser"),
    "channel.email": ("E-mails", "Mailhenvendelser"),
    "channel.chat": ("Chat", "Chat"),
    "channel.phone_self_service": ("Self-service by phone", "Selvbetjening på telefonen"),
    "channel.web_self_service": ("Web self-service", "Selvbetjeningsløsninger"),
    "channel.website": ("Website contacts", "Hjemmesidehenvendelser"),
    # the short channel names of Tabel 7-9
    "channel_short.personal": ("Personal", "Personlig"),
    "channel_short.phone": ("Phone", "Telefon"),
    "channel_short.letter": ("Letter", "Brev"),
    "channel_short.email": ("E-mail", "E-mail"),
    "channel_short.chat": ("Chat", "Chat"),
    "channel_short.phone_self_service": ("Self-service by phone", "Selvbetjening på telefonen"),
    "channel_short.web_self_service": ("Web self-service", "Selvbetjening på nettet"),
    "channel_short.website": ("Website contacts", "Hjemmesidehenvendelser"),
    # municipalities and unit-cost sources
    "municipality.albertslund": ("Albertslund", "Albertslund"),
    "municipality.vallensbaek": ("Vallensbæk", "Vallensbæk"),
    "municipality.rebild": ("Rebild", "Rebild"),
    "municipality.guldborgsund": ("Guldborgsund", "Guldborgsund"),
    "municipality.lejre": ("Lejre", "Lejre"),
    "municipality.kobenhavn": ("Copenhagen", "København"),
    "source.vejen": ("Vejen Municipality (index)", "Vejen Kommune (indeks)"),
    "source.kobenhavn": ("Copenhagen Municipality", "Københavns Kommune"),
    "source.kl": ("KL", "KL"),
    "source.kmd": ("KMD", "KMD"),
    "source.paper": ("The paper's estimate (Tabel 8)", "Rapportens estimat (tabel 8)"),
    # Tabel 1
    "ranking.un_egov_survey": ("United Nations ({year})", "United Nations ({year})"),
    "ranking.oecd": ("OECD ({year})", "OECD ({year})"),
    "ranking.eiu": ("Economist Intelligence Unit ({year})", "Economist Intelligence Unit ({year})"),
    "ranking.waseda": ("Waseda University ({year})", "Waseda University ({year})"),
    "country.DNK": ("Denmark", "Danmark"),
    "country.AUS": ("Australia", "Australien"),
    "country.NZL": ("New Zealand", "New Zealand"),
    # Tabel 2
    "indicator.availability": ("Availability", "Udbud"),
    "indicator.use": ("Use", "Anvendelse"),
    "indicator.completion": ("Completion", "Færdiggørelse"),
    # Figur 2
    "sender.citizens": ("Citizens", "Borgere"),
    "sender.other_authorities": ("Other public authorities", "Andre offentlige myndigheder"),
    "response.under_25": ("Under 25%", "Under 25%"),
    "response.at_least_25": ("At least 25%", "Mindst 25%"),
    "response.dont_know": ("Don't know", "Ved ikke"),
    # common row and column labels
    "total": ("Total", "Ialt"),
    "sum": ("Sum", "Sum"),
    "col.channel": ("Channel", "Henvendelseskanal"),
    "col.channel_long": ("Contact channel", "Henvendelseskanal/ kommunikationskanal"),
    "col.ranking": ("Ranking", "Måling"),
    "col.indicator": ("Indicator", "Indikator"),
    "col.documents_from": ("Documents from", "Dokumenter fra"),
    "col.transactions": ("Transactions", "Antal transaktioner"),
    "col.n": ("N", "N"),
    "col.pct": ("Pct", "Pct"),
    "col.second_figure": ("{name} (second figure)", "{name} (andet tal)"),
    "col.week20": ("{name} (week 20)", "{name} (uge 20)"),
    "col.of_which_libraries": ("{name} (of which libraries, million)", "{name} (heraf biblioteker, mio.)"),
    "col.pct_of": ("{name} (%)", "{name} (%)"),
    "col.national_estimate": ("National estimate", "Estimat landsplan"),
    "col.count": ("Count", "Antal"),
    "col.share_pct": ("Share (%)", "Andel (%)"),
    "col.computed_cost_dkk": ("Computed cost (DKK)", "Beregnet omkostning (kr.)"),
    "col.unit_cost_dkk": ("Unit cost (DKK)", "Enhedsomkostninger (kr)"),
    "col.unit_cost": ("Unit cost", "Enhedsomkostninger"),
    "col.contacts": ("Contacts", "Antal henvendelser"),
    "col.total_bn_dkk": ("Total (DKK billion)", "Ialt (mia kr.)"),
    # axis labels and units
    "axis.percent": ("Per cent", "Procent"),
    "axis.percent_municipalities": ("Share of municipalities (%)", "Andel af kommuner (%)"),
    "axis.year": ("Year", "År"),
    "axis.contacts_million": ("Contacts per year (million)", "Henvendelser pr. år (mio.)"),
    "axis.cost_bn": ("Cost per year (DKK billion)", "Omkostning pr. år (mia. kr.)"),
    "axis.unit_cost_dkk": ("Cost per contact (DKK)", "Omkostning pr. henvendelse (kr.)"),
    "axis.solutions": ("Self-service solutions", "Selvbetjeningsløsninger"),
    "axis.transactions_band": ("Transactions in 2010", "Transaktioner i 2010"),
    "axis.egdi": ("UN E-Government Development Index 2010", "FN's E-Government Development Index 2010"),
    "axis.countries": ("Countries", "Lande"),
    "axis.contacts_week": ("Contacts in week 20, 2010", "Henvendelser i uge 20, 2010"),
    "axis.completion_pct": ("Completed (% of started)", "Fuldført (% af påbegyndte)"),
    "axis.share_contacts": ("Share of contacts (%)", "Andel af henvendelser (%)"),
    "axis.saving_bn": ("Saving per year (DKK billion)", "Besparelse pr. år (mia. kr.)"),
    "axis.vs_paper_bn": ("Total cost after, minus Tabel 9 (DKK billion)", "Omkostning efter, minus tabel 9 (mia. kr.)"),
    "axis.total_cost_bn": ("Total cost per year (DKK billion)", "Samlede omkostninger pr. år (mia. kr.)"),
    # figure titles
    "title.table_01": ("Where Denmark, Australia and New Zealand stand among all countries", "Danmark, Australien og New Zealand blandt alle lande"),
    "title.table_02": ("The 20 basic public e-services in Denmark, 2002-2009", "20 offentlige e-services i Danmark, 2002-2009"),
    "title.figure_01": ("E-mail response times", "E-mail svartider"),
    "title.figure_02": ("Municipalities by share of documents received electronically", "Andel dokumenter der modtages elektronisk i kommunerne"),
    "title.figure_03": ("Share of documents handled electronically, 2003-2009", "Andel af dokumenter der håndteres elektronisk, 2003-2009"),
    "title.figure_04": ("Completed transactions per self-service solution, 2010", "Fuldførte transaktioner på de kommunale selvbetjeningsløsninger, 2010"),
    "title.table_03": ("Municipal self-service solutions by transactions in 2010", "Kommunale selvbetjeningsløsninger efter antal transaktioner i 2010"),
    "title.table_04": ("Channel mix in six municipalities", "Kanalfordeling i seks kommuner"),
    "title.table_05": ("National estimate of contacts by channel", "Henvendelser på landsplan efter kanal"),
    "title.table_06": ("Lejre, count week 20 2010: contacts and computed cost", "Lejre, tælleuge 20 2010: henvendelser og beregnet omkostning"),
    "title.table_07": ("Unit costs by channel and source", "Enhedsomkostninger efter kanal og kilde"),
    "title.table_09": ("Cost against volume by channel", "Omkostning og antal efter kanal"),
    "title.scenarios": ("Savings by scenario", "Besparelse efter scenarie"),
    "title.tornado": ("Sensitivity of total cost to each unit cost", "Følsomhed af de samlede omkostninger"),
    "title.montecarlo": ("Uncertainty of total cost and savings", "Usikkerhed på omkostninger og besparelser"),
    "legend.count_share": ("Share of contacts", "Andel af henvendelser"),
    "legend.under_limit": ("Under {limit} transactions", "Under {limit} transaktioner"),
    "legend.limit_or_more": ("{limit} or more", "{limit} eller flere"),
    "legend.cumulative_share": ("Cumulative share (right axis)", "Akkumuleret andel (højre akse)"),
    "axis.cumulative_share": ("Cumulative share of solutions (%)", "Akkumuleret andel af løsninger (%)"),
    "axis.vejen_index": ("Vejen's index (phone = 100)", "Vejens indeks (telefon = 100)"),
    "legend.cost_share": ("Share of cost", "Andel af omkostning"),
    "legend.use_minus_completion": ("Use minus completion", "Anvendelse minus færdiggørelse"),
    "legend.paper_estimate": ("Paper's estimate (Tabel 8)", "Rapportens estimat (tabel 8)"),
    "note.highlight": ("Highlighted: the three countries of Tabel 1", "Fremhævet: de tre lande i tabel 1"),
    "source.line": ("Source: {source}. Rebuilt from the paper's numbers.", "Kilde: {source}. Genberegnet fra rapportens tal."),
    # the paper against its sources (notebook 10)
    "geo.DK": ("Denmark", "Danmark"),
    "geo.EU27": ("EU27", "EU27"),
    "geo.SE": ("Sweden", "Sverige"),
    "geo.FI": ("Finland", "Finland"),
    "geo.NO": ("Norway", "Norge"),
    "geo.IS": ("Iceland", "Island"),
    "window.3m": ("last 3 months", "seneste 3 måneder"),
    "window.12m": ("last 12 months", "seneste 12 måneder"),
    "legend.paper_points": ("Tabel 2 as printed", "Tabel 2 som trykt"),
    "legend.tabel5": ("Tabel 5 (line)", "Tabel 5 (streg)"),
    "t2.use": ("Used the internet to interact with public authorities", "Har brugt internettet til kontakt med myndigheder"),
    "t2.completion": ("Sent filled-in forms online", "Har sendt udfyldte blanketter online"),
    "axis.percent_individuals": ("Individuals aged 16-74 (%)", "Personer 16-74 år (%)"),
    "axis.edition": ("UN E-Government Survey edition", "Udgave af FN's E-Government Survey"),
    "axis.un_rank": ("Rank (1 = best)", "Placering (1 = bedst)"),
    "axis.national_implied": ("Contacts per year, scaled to Denmark (million)", "Henvendelser pr. år, skaleret til Danmark (mio.)"),
    "note.paper_edition": ("the paper's edition", "rapportens udgave"),
    "title.tabel2_source": ("Tabel 2 against Eurostat: Denmark, the EU27 and the Nordic countries", "Tabel 2 mod Eurostat: Danmark, EU27 og de nordiske lande"),
    "title.egdi_ranks": ("Denmark, Australia and New Zealand in the UN survey, 2003-2024", "Danmark, Australien og New Zealand i FN's undersøgelse, 2003-2024"),
    "title.scaling": ("Each municipality scaled to Denmark's population, against Tabel 5", "Hver kommune skaleret til Danmarks befolkning, mod tabel 5"),
}


def label(key: str, lang: str = "en", **fmt) -> str:
    """The label for `key` in `lang`; fails loudly on an unknown key or language."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (valid: {', '.join(LANGS)})")
    try:
        text = _LABELS[key][LANGS.index(lang)]
    except KeyError:
        raise KeyError(f"no label for {key!r}") from None
    return text.format(**fmt) if fmt else text


def channel(code: str, lang: str = "en", short: bool = False) -> str:
    return label(("channel_short." if short else "channel.") + code, lang)


def keys() -> list[str]:
    return sorted(_LABELS)


#: a number written as text (the printed layouts' cells)
NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?")


def number(value, lang: str, digits: int | None = None) -> str:
    """A number as a reader of `lang` writes it: thousands grouped, decimal comma in Danish, no "-0".

    A string keeps the decimals it has (the printed layouts carry the paper's precision); a float is rounded to
    `digits` decimals, or to seven significant digits when none are given.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        if not NUMBER_TEXT.fullmatch(value.strip()):
            return value
        text = value.strip()
    else:
        x = float(value)
        if x != x:
            return ""
        text = f"{x:.{digits}f}" if digits is not None else (f"{x:.0f}" if x.is_integer() or abs(x) >= 1000 else f"{x:.7g}")
        if "e" in text:
            text = f"{x:.7f}".rstrip("0").rstrip(".")
    negative = text.startswith("-")
    whole, _, decimals = text.lstrip("-").partition(".")
    if negative and not whole.strip("0") and not decimals.strip("0"):
        negative = False  # -0 and -0.00 are zero
    grouped = f"{int(whole):,}"
    thousands, point = (",", ".") if lang == "en" else (".", ",")
    grouped = grouped.replace(",", thousands)
    return ("−" if negative else "") + grouped + (point + decimals if decimals else "")


#: the numbers check's descriptions (claims.csv keeps them in English) as the Danish report shows them
DESCRIPTION_DA = {
    "Copenhagen's share of contacts in this channel": "Københavns andel af henvendelserne i denne kanal",
    "Denmark's place in four international rankings (primary input)": "Danmarks placering i fire internationale målinger (inddata)",
    "Lejre's contacts in count week 20, 2010 (primary input)": "Lejres henvendelser i tælleugen, uge 20 2010 (inddata)",
    "Lejre's count-week figure in Tabel 4 against Tabel 6": "Lejres tal for tælleugen i tabel 4 mod tabel 6",
    "Lejre's count-week total": "Lejres samlede henvendelser i tælleugen",
    "Lejre's yearly contacts: count week 20 times 52": "Lejres henvendelser om året: tælleugen (uge 20) gange 52",
    "UN e-government rank against the UN E-Government Survey 2010 (external)": "FN-placering mod FN's E-Government Survey 2010 (ekstern kilde)",
    "availability, use and completion of the 20 basic public e-services, Denmark (Eurostat) (primary input)":
        "udbud, anvendelse og gennemførelse af de 20 grundlæggende offentlige e-services i Danmark (Eurostat) (inddata)",
    "basic public e-services the EU uses as indicators (Tabel 2) (primary input)": "grundlæggende offentlige e-services, som EU måler på (tabel 2) (inddata)",
    "completed transactions on municipal self-service solutions in 2010 (borger.dk statistics) (primary input)":
        "gennemførte transaktioner på kommunale selvbetjeningsløsninger i 2010 (borger.dk's statistik) (inddata)",
    "conservative yearly cost of handling contacts (more than)": "forsigtigt skøn over de årlige omkostninger til henvendelser (mere end)",
    "contacts per year (up to)": "henvendelser om året (op til)",
    "contacts per year, high end of the range": "henvendelser om året, intervallets øvre ende",
    "contacts per year, low end of the range": "henvendelser om året, intervallets nedre ende",
    "contacts per year, up to": "henvendelser om året, op til",
    "contacts to six municipalities by channel (primary input)": "henvendelser til seks kommuner efter kanal (inddata)",
    "contacts with the municipal sector per Dane per year (at least)": "henvendelser til kommunerne pr. dansker om året (mindst)",
    "cost of Lejre's count week at Tabel 7 unit costs": "omkostning ved Lejres tælleuge med tabel 7's enhedsomkostninger",
    "cost tied up in each e-mail": "omkostning bundet i hver e-mail",
    "e-mails per year": "e-mails om året",
    "examples of unit costs per contact by channel, from four sources (primary input)":
        "eksempler på enhedsomkostninger pr. henvendelse efter kanal fra fire kilder (inddata)",
    "failed digital solutions put down to coordination rather than technology (four in five)":
        "mislykkede digitale løsninger, der skyldes koordinering frem for teknik (fire ud af fem)",
    "further saving if internal data integration is strengthened": "yderligere besparelse, hvis den interne dataintegration styrkes",
    "log-ins to municipal self-service in 2010 (printed as more than 1,3 million; borger.dk statistics) (primary input)":
        "log-ins på kommunal selvbetjening i 2010 (trykt som over 1,3 mio.; borger.dk's statistik) (inddata)",
    "municipal channel strategies reviewed for the unit costs (primary input)": "kommunale kanalstrategier gennemgået for enhedsomkostningerne (inddata)",
    "municipal joint expenses and administration (main account 6) in 2010 (printed as a good 36 billion) (primary input)":
        "kommunernes fællesudgifter og administration (hovedkonto 6) i 2010 (trykt som godt 36 mia.) (inddata)",
    "municipal self-service solutions analysed for 2010 (primary input)": "kommunale selvbetjeningsløsninger analyseret for 2010 (inddata)",
    "municipal self-service solutions by number of transactions in 2010 (borger.dk) (primary input)":
        "kommunale selvbetjeningsløsninger efter antal transaktioner i 2010 (borger.dk) (inddata)",
    "municipalities keeping under 25 % of documents digital in 2009 (read from Figur 3)":
        "kommuner, der bevarer under 25 % af dokumenterne digitalt i 2009 (aflæst i figur 3)",
    "municipalities receiving at least 25 % of citizens' documents electronically, 2009 (every fifth)":
        "kommuner, der modtager mindst 25 % af borgernes dokumenter elektronisk, 2009 (hver femte)",
    "municipalities receiving at least 25 % of other authorities' documents electronically, 2009":
        "kommuner, der modtager mindst 25 % af andre myndigheders dokumenter elektronisk, 2009",
    "municipalities receiving under 25 % of citizens' documents electronically, 2009":
        "kommuner, der modtager under 25 % af borgernes dokumenter elektronisk, 2009",
    "municipalities with contact figures in Tabel 4": "kommuner med henvendelsestal i tabel 4",
    "national contacts in this channel against Tabel 4 scaled by population (Danmarks Statistik 2010)":
        "landets henvendelser i denne kanal mod tabel 4 skaleret efter befolkningstal (Danmarks Statistik 2010)",
    "national contacts per year, all channels": "landets henvendelser om året, alle kanaler",
    "national self-service contacts against the 298,000 transactions of section 2":
        "landets selvbetjeningshenvendelser mod de 298.000 transaktioner i afsnit 2",
    "national website contacts against the 1.3 million self-service log-ins of section 2":
        "landets hjemmesidehenvendelser mod de 1,3 mio. log-ins på selvbetjening i afsnit 2",
    "number of self-service solutions": "antal selvbetjeningsløsninger",
    "personal contacts at Copenhagen's libraries, 2010": "personlige henvendelser på Københavns biblioteker, 2010",
    "personal interviews at Albertslund's job centre": "personlige samtaler i Albertslunds jobcenter",
    "saving from closing e-mail and halving phone calls (up to)": "besparelse ved at lukke e-mail og halvere telefonopkaldene (op til)",
    "saving if incoming digital mail is also kept digital (up to)": "besparelse, hvis indgående digital post også forbliver digital (op til)",
    "savings potential of digitising communication (a good)": "besparelsespotentiale ved digital kommunikation (godt)",
    "share of Lejre's count-week contacts": "andel af Lejres henvendelser i tælleugen",
    "share of citizens who find self-service information on their municipality's own website (printed as a good 75 %; source not given) (primary input)":
        "andel af borgerne, der finder selvbetjeningsinformation på kommunens egen hjemmeside (trykt som godt 75 %; kilde ikke oplyst) (inddata)",
    "share of failed digital solutions the authors attribute to faults in programs, hardware or data (printed as one in five) (primary input)":
        "andel af mislykkede digitale løsninger, som forfatterne tilskriver fejl i programmer, maskiner eller data (trykt som hver femte) (inddata)",
    "share of incoming electronic contacts printed and re-keyed (a good half)": "andel af indgående elektroniske henvendelser, der printes og tastes ind igen (godt halvdelen)",
    "share of municipal employees working outside the town hall (printed as 9/10) (primary input)":
        "andel af kommunalt ansatte, der arbejder uden for rådhuset (trykt som 9/10) (inddata)",
    "share of municipalities by share of documents received electronically, 2007-2009 (Danmarks Statistik) (primary input)":
        "andel af kommunerne efter andel af dokumenter modtaget elektronisk, 2007-2009 (Danmarks Statistik) (inddata)",
    "share of municipalities summed over the three answers (should be 100)": "andel af kommunerne lagt sammen over de tre svar (burde give 100)",
    "share of self-service solutions with no or fewer than 100 transactions": "andel af selvbetjeningsløsninger med ingen eller færre end 100 transaktioner",
    "share of the 295 solutions in this band": "andel af de 295 løsninger i dette interval",
    "share of those starting self-service who do not complete (a good 3 in 4)": "andel af dem, der begynder på selvbetjening uden at gennemføre (godt 3 ud af 4)",
    "shares of all bands summed": "andelene i alle intervaller lagt sammen",
    "the municipality's contacts summed over the channels": "kommunens henvendelser lagt sammen over kanalerne",
    "the paper's estimate of unit costs by channel (primary input)": "rapportens skøn over enhedsomkostninger efter kanal (inddata)",
    "the paper's national estimate of contacts to the municipal sector by channel (primary input)":
        "rapportens skøn over landets henvendelser til kommunerne efter kanal (inddata)",
    "unit cost in Tabel 9 against Tabel 8": "enhedsomkostning i tabel 9 mod tabel 8",
    "unit cost of a letter or e-mail in the text against Tabel 8": "enhedsomkostning for et brev eller en e-mail i teksten mod tabel 8",
    "unit cost of a personal contact": "enhedsomkostning for en personlig henvendelse",
    "unit cost of a personal contact in the text against Tabel 8": "enhedsomkostning for en personlig henvendelse i teksten mod tabel 8",
    "unit cost of a phone call in the text against Tabel 8": "enhedsomkostning for et telefonopkald i teksten mod tabel 8",
    "unit cost of an e-mail": "enhedsomkostning for en e-mail",
    "unit cost of self-service in the text against Tabel 8": "enhedsomkostning for selvbetjening i teksten mod tabel 8",
    "week of 2010 in which Lejre counted contacts (Tabel 4 and 6) (primary input)": "uge i 2010, hvor Lejre talte henvendelser (tabel 4 og 6) (inddata)",
    "yearly contacts in Tabel 9 against Tabel 5": "henvendelser om året i tabel 9 mod tabel 5",
    "yearly cost of citizen contacts (up to)": "årlige omkostninger til borgerhenvendelser (op til)",
    "yearly cost without tasks outside the town hall": "årlige omkostninger uden opgaver uden for rådhuset",
    "yearly cost: unit cost times contacts": "årlige omkostninger: enhedsomkostning gange henvendelser",
}


def description(text: str, lang: str) -> str:
    """A claim's description in the report's language (claims.csv keeps the English one)."""
    if lang == "en":
        return text
    if text not in DESCRIPTION_DA:
        raise KeyError(f"no Danish description for {text!r}: add it to labels.DESCRIPTION_DA")
    return DESCRIPTION_DA[text]


#: the verdicts of the numbers check as a reader names them
VERDICTS = {"exact": ("exact", "eksakt"), "rounding": ("rounding", "afrunding"),
            "discrepancy": ("discrepancy", "uoverensstemmelse"), "input": ("input", "inddata"),
            "not_recomputable": ("not recomputable", "kan ikke genberegnes")}
#: the units of claims.csv as a reader names them
UNIT_TEXT = {"contacts": ("contacts", "henvendelser"), "contacts_per_person": ("contacts per person", "henvendelser pr. person"),
             "dkk": ("DKK", "kr."), "dkk_billion": ("DKK billion", "mia. kr."), "index": ("index", "indeks"),
             "logins": ("log-ins", "log-ins"), "municipalities": ("municipalities", "kommuner"), "percent": ("%", "%"),
             "rank": ("rank", "placering"), "services": ("services", "services"), "solutions": ("solutions", "løsninger"),
             "transactions": ("transactions", "transaktioner"), "week_number": ("week", "uge")}


def verdict(code: str, lang: str) -> str:
    return VERDICTS[code][lang == "da"]


def unit(code: str, lang: str) -> str:
    """A claims.csv unit for a reader; a unit without a name shows as it is."""
    return UNIT_TEXT.get(code, (code, code))[lang == "da"]


#: the words of a claim's location that are ours, not the paper's (its row and column names stay as printed)
LOCATION_DA = ((" (p. ", " (s. "), ("Summary", "Resumé"), ("Section ", "Afsnit "), ("(bracketed)", "(i parentes)"),
               ("(bracket)", "(i parentes)"), ("Tabel 9 row", "tabel 9, række"), ("Figur 2 table", "Figur 2, tabellen"))


_PROSE_LOCATION = re.compile(r"^(Summary|Section (\d+))[^:]*: .* \(p\. (\d+)\)$")


def location(text: str, lang: str) -> str:
    """Where a claim is printed, for the page. In Danish a claim from the running text keeps only its place
    (section and page): what it says is the description beside it, in Danish."""
    if lang == "en":
        return text
    prose = _PROSE_LOCATION.match(text)
    if prose:
        place = "Resumé" if prose.group(1) == "Summary" else f"Afsnit {prose.group(2)}"
        return f"{place} (s. {prose.group(3)})"
    for en, da in LOCATION_DA:
        text = text.replace(en, da)
    return text


#: what source_checks.csv names as the source of an availability cell of Tabel 2: the baskets, not the 20-service
#: indicator (notebook 10 writes it into source_checks.csv)
CAPGEMINI_BASKETS = "FOA_cit, FOA_ent (no 20-service indicator in the file)"
#: source_checks.csv's indicator names, in Danish where they carry words
SOURCE_INDICATORS_DA = {CAPGEMINI_BASKETS: "FOA_cit, FOA_ent (filen har ingen indikator for de 20 services)"}


def source_indicator(name: str, lang: str) -> str:
    return name if lang == "en" else SOURCE_INDICATORS_DA.get(name, name)


def quoted(text: str, lang: str) -> str:
    """The paper's own (Danish) words inside a notebook's Markdown, marked as Danish on an English page."""
    import html

    return text if lang == "da" else f'<span lang="da">{html.escape(text)}</span>'


#: the words of costmodel's unit_cost_from column, in Danish (source codes and numbers stay)
COST_ORIGIN_DA = (("paper (Tabel 8)", "rapporten (tabel 8)"), (", fallback: the source has no figure", ", i stedet: kilden har intet tal"),
                  ("(Tabel 7, index x", "(tabel 7, indeks x"), ("(Tabel 7", "(tabel 7"),
                  ("full cost per transaction (scenario assumption)", "fuld pris pr. transaktion (scenariets antagelse)"),
                  ("custom", "egne tal"))


def cost_origin(text: str, lang: str) -> str:
    if lang == "en":
        return text
    for en, da in COST_ORIGIN_DA:
        text = text.replace(en, da)
    return danish_numbers(text)


_NUMBER_IN_TEXT = re.compile(r"(?<![\w.,])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\w])")


def danish_numbers(text: str) -> str:
    """1,234,567.89 -> 1.234.567,89 in a text whose numbers were written the English way ("1,3+" and years stay)."""
    return _NUMBER_IN_TEXT.sub(lambda m: m.group(0).translate(str.maketrans(",.", ".,")), text)

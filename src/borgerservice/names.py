"""What the outputs call each code and key: channel, municipality, source, column, axis and title.

Written once, in English, and marked for translation (`N_`); `label` shows one in the current language
(i18n.set_language). The orders and colours of the same codes are data, in labels.py.
"""
from __future__ import annotations

import re

from .i18n import N_, Text, _, current, language

_LABELS: dict[str, str] = {
    'channel.personal': N_('Personal contacts'),
    'channel.phone': N_('Phone calls'),
    'channel.letter': N_('Letters'),
    'channel.email': N_('E-mails'),
    'channel.chat': N_('Chat'),
    'channel.phone_self_service': N_('Self-service by phone'),
    'channel.web_self_service': N_('Self-service solutions'),
    'channel.website': N_('Website contacts'),
    'channel_short.personal': N_('Personal'),
    'channel_short.phone': N_('Phone'),
    'channel_short.letter': N_('Letter'),
    'channel_short.email': N_('E-mail'),
    'channel_short.chat': N_('Chat'),
    'channel_short.phone_self_service': N_('Self-service by phone'),
    'channel_short.web_self_service': N_('Web self-service'),
    'channel_short.website': N_('Website contacts'),
    'municipality.albertslund': N_('Albertslund'),
    'municipality.vallensbaek': N_('Vallensbæk'),
    'municipality.rebild': N_('Rebild'),
    'municipality.guldborgsund': N_('Guldborgsund'),
    'municipality.lejre': N_('Lejre'),
    'municipality.kobenhavn': N_('Copenhagen'),
    'source.vejen': N_('Vejen Municipality (index)'),
    'source.kobenhavn': N_('Copenhagen Municipality'),
    'source.kl': N_('KL'),
    'source.kmd': N_('KMD'),
    'source.paper': N_("The paper's estimate (Tabel 8)"),
    'ranking.un_egov_survey': N_('United Nations ({year})'),
    'ranking.oecd': N_('OECD ({year})'),
    'ranking.eiu': N_('Economist Intelligence Unit ({year})'),
    'ranking.waseda': N_('Waseda University ({year})'),
    'country.DNK': N_('Denmark'),
    'country.AUS': N_('Australia'),
    'country.NZL': N_('New Zealand'),
    'indicator.availability': N_('Availability'),
    'indicator.use': N_('Use'),
    'indicator.completion': N_('Completion'),
    'sender.citizens': N_('Citizens'),
    'sender.other_authorities': N_('Other public authorities'),
    'response.under_25': N_('Under 25%'),
    'response.at_least_25': N_('At least 25%'),
    'response.dont_know': N_("Don't know"),
    'total': N_('Total'),
    'sum': N_('Sum'),
    'col.channel': N_('Channel'),
    'col.channel_long': N_('Contact channel'),
    'col.ranking': N_('Ranking'),
    'col.indicator': N_('Indicator'),
    'col.documents_from': N_('Documents from'),
    'col.transactions': N_('Transactions'),
    'col.n': N_('N'),
    'col.pct': N_('Pct'),
    'col.second_figure': N_('{name} (second figure)'),
    'col.week20': N_('{name} (week 20)'),
    'col.of_which_libraries': N_('{name} (of which libraries, million)'),
    'col.pct_of': N_('{name} (%)'),
    'col.national_estimate': N_('National estimate'),
    'col.count': N_('Count'),
    'col.share_pct': N_('Share (%)'),
    'col.computed_cost_dkk': N_('Computed cost (DKK)'),
    'col.unit_cost_dkk': N_('Unit cost (DKK)'),
    'col.unit_cost': N_('Unit cost'),
    'col.contacts': N_('Contacts'),
    'col.total_bn_dkk': N_('Total (DKK billion)'),
    'axis.percent': N_('Per cent'),
    'axis.percent_municipalities': N_('Share of municipalities (%)'),
    'axis.year': N_('Year'),
    'axis.solutions': N_('Self-service solutions'),
    'axis.completion_pct': N_('Completed (% of started)'),
    'axis.saving_bn': N_('Saving per year (DKK billion)'),
    'axis.vs_paper_bn': N_('Total cost after, minus Tabel 9 (DKK billion)'),
    'axis.total_cost_bn': N_('Total cost per year (DKK billion)'),
    'title.figure_01': N_('E-mail response times'),
    'title.figure_03': N_('Share of documents handled electronically, 2003-2009'),
    'title.figure_04': N_('Completed transactions per self-service solution, 2010'),
    'title.scenarios': N_('Savings by scenario'),
    'title.tornado': N_('Sensitivity of total cost to each unit cost'),
    'title.montecarlo': N_('Uncertainty of total cost and savings'),
    'geo.DK': N_('Denmark'),
    'geo.EU27': N_('EU27'),
    'geo.SE': N_('Sweden'),
    'geo.FI': N_('Finland'),
    'geo.NO': N_('Norway'),
    'geo.IS': N_('Iceland'),
    't2.use': N_('Used the internet to interact with public authorities'),
    't2.completion': N_('Sent filled-in forms online'),
    'unit.contacts': N_('contacts'),
    'unit.contacts_per_person': N_('contacts per person'),
    'unit.dkk': N_('DKK'),
    'unit.dkk_billion': N_('DKK billion'),
    'unit.index': N_('index'),
    'unit.logins': N_('log-ins'),
    'unit.municipalities': N_('municipalities'),
    'unit.percent': N_('%'),
    'unit.rank': N_('rank'),
    'unit.services': N_('services'),
    'unit.solutions': N_('solutions'),
    'unit.transactions': N_('transactions'),
    'unit.week_number': N_('week'),
    'metric.total_before_bn_dkk': N_('total cost before the change, DKK billion'),
    'metric.saving_bn_dkk': N_('saving, DKK billion'),
    'family.paper': N_("against the paper's own inputs"),
    'family.source': N_('against an outside source'),
    'verdict.exact': N_('exact'),
    'verdict.rounding': N_('rounding'),
    'verdict.discrepancy': N_('discrepancy'),
    'verdict.input': N_('input'),
    'verdict.not_recomputable': N_('not recomputable'),
    'verdict.holds': N_('holds as worded'),
    'verdict.no_value': N_('no value'),
    'verdict.confirmed': N_('confirmed'),
    'verdict.differs': N_('differs'),
    'verdict.not_in_source': N_('not in the source'),
    'source.kl2012': N_("KL's benchmark, 2012"),
    'after.mandatory_waves': N_('mandatory self-service, four waves'),
    'after.paper': N_('the paper, 2010'),
    'after.selected_areas': N_('digital share in selected service areas (Digitaliseringsstyrelsen)'),
    'after.komhen': N_("municipal counting weeks (KL's KOMHEN)"),
    'after.mandatory': N_('mandatory self-service areas, after the waves'),
    'after.projected': N_('projected'),
    'after.target': N_('target'),
    'after.audited': N_('judged secured by the auditors'),
    'after.expected': N_('expected'),
    'indicator.tabel2_use': N_("Tabel 2's use (3 months)"),
    'indicator.visited': N_('visited public websites'),
    'indicator.interacted': N_('interacted online (12 months)'),
    'indicator.information': N_('obtained information online'),
    'indicator.website_or_app': N_('used a website or app (revised 2022)'),
    'indicator.desi_users': N_('DESI: share of internet users'),
    'geo.EU': N_('EU'),
    'after_verdict.borne_out': N_('borne out'),
    'after_verdict.not_borne_out': N_('not borne out'),
    'after_verdict.mixed': N_('mixed'),
    'after_verdict.not_comparable': N_('not comparable'),
    'comparable.yes': N_('yes'),
    'comparable.partly': N_('partly'),
    'comparable.no': N_('no'),
}


def label(key: str, **values) -> str:
    """The label for `key` in the current language, its placeholders filled; fails loudly on an unknown key."""
    try:
        text = _LABELS[key]
    except KeyError:
        raise KeyError(f"no label for {key!r}") from None
    return _(text, **values)


def channel(code: str, short: bool = False) -> str:
    return label(("channel_short." if short else "channel.") + code)


def municipality(code: str) -> str:
    return label("municipality." + code)


def keys() -> list[str]:
    return sorted(_LABELS)


class Name(Text):
    """A label inside a sentence (a Text), shown in the language the sentence is rendered in."""

    __slots__ = ("key", "lower")

    def __init__(self, key: str, lower: bool = False):
        super().__init__("")
        self.key, self.lower = key, lower

    def render(self, lang: str | None = None) -> str:
        with language(lang or current()):
            text = label(self.key)
        return text.lower() if self.lower else text


_PLACE = re.compile(r"^(?P<place>.*?)(?: \(p\. (?P<page>\d+)\))?$")


def place(location: str) -> dict:
    """Where a claim is printed, for a reader: our words ("Section 2", "in brackets") in the reader's language, the
    paper's own table, row and column names quoted as printed (Danish), the page."""
    m = _PLACE.match(location)
    where, page = m.group("place"), m.group("page")
    section = re.match(r"^(Summary|Section (\d+))", where)
    text, quoted, suffix = "", where, ""
    if section:
        text = _("Summary") if section.group(1) == "Summary" else _("Section {n}", n=section.group(2))
        quoted = ""
    else:
        if quoted.endswith(" (bracket)"):
            quoted, suffix = quoted.removesuffix(" (bracket)"), _("in brackets")
        quoted = quoted.replace("Figur 2 table", "Figur 2").replace(", row ", ", ")
    return {"text": text, "quoted": quoted, "suffix": suffix, "page": _("p. {page}", page=page) if page else ""}


def where(location: str) -> str:
    """`place` in one line of text (a notebook's table)."""
    p = place(location)
    return (p["text"] + p["quoted"] + (f" ({p['suffix']})" if p["suffix"] else "") +
            (f" ({p['page']})" if p["page"] else ""))

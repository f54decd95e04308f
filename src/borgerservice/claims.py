"""The numbers check: every number the paper prints, recomputed from primary inputs or explained.

One row per number: where it is, what it says (in our words), the printed value, what our
code recomputes, the unit, a verdict and the arithmetic. Where a claim can be read more than
one way, each reading is computed and listed, and the verdict is that of the closest reading.

    python -m borgerservice.claims    # counts by verdict and every discrepancy

What each key number should be is derived by hand from the paper in tests/test_key_claims.py, never
recorded from this module's output.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import pandas as pd

from . import analysis as A
from . import layout, rawdata
from .compare import judge, printed_precision
from .exhibits import EXHIBITS
from .labels import VERDICTS, channel, danish_numbers, description, label, location, number, unit, verdict
from .layout import num

COLUMNS = ["claim_id", "location", "description", "printed_value", "recomputed_value", "unit", "verdict", "explanation"]
AUDIT_NOTEBOOK = "08_numbers_check"


#: a text of the ledger: one string when both languages write it alike (a formula), else (English, Danish)
Text = str | tuple[str, str]


def _pick(text: Text, lang: str) -> str:
    """A ledger text in `lang` as written (numbers as `num` writes them)."""
    return text[lang == "da"] if isinstance(text, tuple) else text


def say(text: Text, lang: str) -> str:
    """A ledger text in `lang` for a reader: Danish numbers get Danish separators."""
    return danish_numbers(_pick(text, lang)) if lang == "da" else _pick(text, lang)


@dataclass
class Reading:
    name: Text
    assumptions: Text
    value: float | None


@dataclass
class Claim:
    claim_id: str
    description: str
    readings: list[Reading]
    note: Text = ""
    tolerance: float | None = None  # overrides the printed precision (verbal fractions: "every fifth")
    verdict: str | None = None  # forced verdict: input / not_recomputable
    anchor: tuple[str, str] = (AUDIT_NOTEBOOK, "text-claims")
    extra: dict = field(default_factory=dict)


def _printed() -> pd.DataFrame:
    return rawdata.load("printed_results").set_index("result_id")


# --- claims from the tables' derived cells -----------------------------------------------
_TABLE_DESCRIPTIONS = {
    "f2": "share of municipalities summed over the three answers (should be 100)",
    "t3_pct": "share of the 295 solutions in this band",
    "t3_total_n": "number of self-service solutions",
    "t3_total_pct": "shares of all bands summed",
    "t4_sum": "the municipality's contacts summed over the channels",
    "t4_lejre_year": "Lejre's yearly contacts: count week 20 times 52",
    "t4_lejre_week": "Lejre's count-week figure in Tabel 4 against Tabel 6",
    "t4_kobenhavn_pct": "Copenhagen's share of contacts in this channel",
    "t5_total": "national contacts per year, all channels",
    "t6_share": "share of Lejre's count-week contacts",
    "t6_sum": "Lejre's count-week total",
    "t6_cost": "cost of Lejre's count week at Tabel 7 unit costs",
    "t9_unit_cost": "unit cost in Tabel 9 against Tabel 8",
    "t9_contacts": "yearly contacts in Tabel 9 against Tabel 5",
    "t9_cost": "yearly cost: unit cost times contacts",
}

#: what we found behind the table cells that do not add up (the numbers are in the computed readings)
_FINDINGS = {
    "t4_sum_vallensbaek": ("Vallensbæk prints only two numbers, and no printed cell accounts for the difference.",
                           "Vallensbæk trykker kun to tal, og ingen trykt celle forklarer forskellen."),
    "t4_sum_guldborgsund": ("The printed sum is less than the four printed cells.",
                            "Den trykte sum er mindre end de fire trykte celler."),
    "t4_sum_kobenhavn": ("The printed sum leaves out some of Copenhagen's printed channels.",
                         "Den trykte sum udelader nogle af Københavns trykte kanaler."),
    "t4_kobenhavn_pct_personal": ("Phone, letter and website shares are reproduced when library visits and self-service are "
                                  "left out; personal then rounds one point lower than printed, while the printed four add to 100.",
                                  "Andelene for telefon, post og hjemmeside genskabes, når biblioteksbesøg og selvbetjening "
                                  "udelades; de personlige runder da ét point lavere end trykt, mens de fire trykte giver 100."),
    "t9_contacts_total": ("The printed total is Tabel 5's, which includes website contacts that Tabel 9 neither lists nor prices.",
                          "Den trykte total er tabel 5's, som medregner hjemmesidehenvendelser, som tabel 9 hverken viser "
                          "eller prissætter."),
}


def _table_readings(rid: str) -> list[Reading]:
    """Alternative readings of the table cells that do not add up as printed."""
    if not rid.startswith(("t4_", "t9_contacts_total")):
        return []
    long = A.municipal_contacts().set_index(["municipality", "channel", "part"])["value"] if rid.startswith("t4_") else None
    if rid == "t4_sum_guldborgsund":
        g = {k[1:]: v for k, v in long.items() if k[0] == "guldborgsund"}
        others = g[("personal", 1)] + g[("letter", 1)] + g[("email", 1)]
        implied = _printed().loc[rid, "value"] - others
        cells = f"{num(g[('personal', 1)])} + {num(g[('letter', 1)])} + {num(implied)} + {num(g[('email', 1)])}"
        return [Reading((f"outgoing letters {num(implied)}", f"udgående breve {num(implied)}"),
                        (f"the outgoing-letter figure that reproduces the printed sum is printed sum - other cells = "
                         f"{num(implied)}, against {num(g[('letter', 2)])} printed; {cells}",
                         f"tallet for udgående breve, der giver den trykte sum, er trykt sum - andre celler = "
                         f"{num(implied)}, mod {num(g[('letter', 2)])} trykt; {cells}"),
                        others + implied)]
    if rid == "t4_sum_kobenhavn":
        k = {k[1]: v for k, v in long.items() if k[0] == "kobenhavn" and k[2] == 1}
        libraries = long[("kobenhavn", "personal", 2)]
        cells = f"{num(k['personal'])} + {num(k['phone'])} + {num(k['website'])}"
        return [Reading(("personal + phone + website", "personlige + telefon + hjemmeside"),
                        (f"{cells}; letters (with e-mail) and self-service left out",
                         f"{cells}; post (med e-mail) og selvbetjening udeladt"), k["personal"] + k["phone"] + k["website"]),
                Reading(("all but the library visits", "alt undtagen biblioteksbesøgene"),
                        (f"all printed channels less {num(libraries)} library visits",
                         f"alle trykte kanaler minus {num(libraries)} biblioteksbesøg"), sum(k.values()) - libraries)]
    if rid == "t4_sum_vallensbaek":
        cells = [v for k, v in long.items() if k[0] == "vallensbaek"]
        gap = _printed().loc[rid, "value"] - sum(cells)
        return [Reading(("one digit", "ét ciffer"),
                        (f"the printed sum differs from {num(sum(cells))} by {num(gap)}, a single digit in one place; "
                         "no printed cell accounts for it",
                         f"den trykte sum afviger fra {num(sum(cells))} med {num(gap)}, ét ciffer ét sted; "
                         "ingen trykt celle forklarer det"), None)]
    if rid == "t4_kobenhavn_pct_personal":
        shares = A.kobenhavn_shares(exclude_libraries=False).set_index("channel")["percent"]
        return [Reading(("library visits included", "biblioteksbesøg medregnet"),
                        ("personal with library visits, phone, letter, website",
                         "personlige med biblioteksbesøg, telefon, post, hjemmeside"), shares["personal"])]
    if rid == "t9_contacts_total":
        website = num(A.national_estimate().set_index("channel")["contacts"]["website"])
        return [Reading(("Tabel 5's total", "tabel 5's total"), (f"all of Tabel 5 including {website} website contacts",
                        f"hele tabel 5 med {website} hjemmesidehenvendelser"), A.national_total())]
    return []


def table_claims(keys: list[str] | None = None) -> list[Claim]:
    out = []
    for key, builder in layout.BUILDERS.items():
        if keys is not None and key not in keys:
            continue
        ex = next(e for e in EXHIBITS if e.key == key)
        danish = builder("da").derived
        for rid, d in builder("en").derived.items():
            prefix = next(p for p in sorted(_TABLE_DESCRIPTIONS, key=len, reverse=True) if rid.startswith(p))
            main = Reading(("as printed", "som trykt"), (f"{d.formula} = {num(d.value)}", f"{danish[rid].formula} = {num(d.value)}"),
                           d.value)
            out.append(Claim(rid, _TABLE_DESCRIPTIONS[prefix], [main], note=_FINDINGS.get(rid, ""),
                             anchor=(ex.notebook, ex.anchor), extra={"alternatives": _table_readings(rid)}))
    return out


# --- claims of the running text ----------------------------------------------------------
def _closest_subset(target: float) -> tuple[float, list[str]]:
    t5 = A.national_estimate()
    best = (math.inf, 0.0, [])
    for n in range(1, len(t5) + 1):
        for combo in itertools.combinations(t5.itertuples(), n):
            s = sum(r.contacts for r in combo)
            if abs(s - target) < best[0]:
                best = (abs(s - target), s, [r.channel for r in combo])
    return best[1], best[2]


def saving_readings() -> dict[str, Reading]:
    """Readings of 'close e-mail and halve phone calls' (Tabel 8 unit costs x Tabel 5 volumes)."""
    t = A.channel_costs().set_index("channel")
    uc, vol = t["unit_cost_dkk"], t["contacts"]
    email_cost, phone_cost = uc["email"] * vol["email"], uc["phone"] * vol["phone"]
    self_uc = uc["web_self_service"]
    f1 = f"{num(email_cost)} + {num(phone_cost)} / 2"
    f2 = f"{num(vol['email'])} x ({num(uc['email'])} - {num(self_uc)}) + {num(phone_cost)} / 2"
    f3 = f"{num(email_cost)} + {num(phone_cost)} - {num(uc['phone'])} x ({num(vol['phone'])} + {num(vol['email'])}) / 2"
    f4 = f"{num(vol['email'])} x {num(uc['email'] - self_uc)} + {num(vol['phone'] / 2)} x {num(uc['phone'] - self_uc)}"
    r = {
        "R1": Reading(("R1 contacts vanish", "R1 henvendelserne forsvinder"),
                      (f"closed e-mails are not made in any other channel, half the phone calls vanish: {f1}",
                       f"lukkede e-mails kommer ikke i nogen anden kanal, halvdelen af opkaldene forsvinder: {f1}"),
                      email_cost + phone_cost / 2),
        "R2": Reading(("R2 e-mail to self-service", "R2 e-mail til selvbetjening"),
                      (f"e-mails move to web self-service at {num(self_uc)} DKK, half the phone calls vanish: {f2}",
                       f"e-mails flytter til selvbetjening på nettet til {num(self_uc)} kr., halvdelen af opkaldene "
                       f"forsvinder: {f2}"),
                      vol["email"] * (uc["email"] - self_uc) + phone_cost / 2),
        "R3": Reading(("R3 e-mail to phone, then halve", "R3 e-mail til telefon, derefter halveret"),
                      (f"e-mails move to the phone, then all phone calls are halved: {f3}",
                       f"e-mails flytter til telefonen, derefter halveres alle opkald: {f3}"),
                      email_cost + phone_cost - uc["phone"] * (vol["phone"] + vol["email"]) / 2),
        "R4": Reading(("R4 both to self-service", "R4 begge til selvbetjening"),
                      (f"e-mails and half the phone calls move to web self-service: {f4}",
                       f"e-mails og halvdelen af opkaldene flytter til selvbetjening på nettet: {f4}"),
                      vol["email"] * (uc["email"] - self_uc) + vol["phone"] / 2 * (uc["phone"] - self_uc)),
    }
    return r


def digital_mail_readings() -> dict[str, Reading]:
    """Readings of the further saving from keeping incoming digital mail digital."""
    t = A.channel_costs().set_index("channel")
    uc, vol = t["unit_cost_dkk"], t["contacts"]
    letter_cost = uc["letter"] * vol["letter"]
    f1 = f"{num(vol['letter'] / 2)} x ({num(uc['letter'])} - {num(uc['web_self_service'])})"
    f3 = f"{num(vol['letter'])} x ({num(uc['letter'])} - {num(uc['web_self_service'])})"
    return {
        "D1": Reading(("D1 half the letters at self-service cost", "D1 halvdelen af brevene til selvbetjeningspris"),
                      (f"a good half of what comes in is printed and re-keyed (section 2); half the letters handled at "
                       f"the {num(uc['web_self_service'])} DKK self-service rate: {f1}",
                       f"godt halvdelen af det indkomne printes og tastes ind igen (afsnit 2); halvdelen af brevene "
                       f"behandlet til selvbetjeningens {num(uc['web_self_service'])} kr.: {f1}"),
                      vol["letter"] / 2 * (uc["letter"] - uc["web_self_service"])),
        "D2": Reading(("D2 half the letter cost", "D2 halvdelen af brevenes omkostning"),
                      (f"half the cost of letters saved: {num(letter_cost)} / 2",
                       f"halvdelen af brevenes omkostning spares: {num(letter_cost)} / 2"), letter_cost / 2),
        "D3": Reading(("D3 all letters at self-service cost", "D3 alle breve til selvbetjeningspris"), f3,
                      vol["letter"] * (uc["letter"] - uc["web_self_service"])),
    }


#: the savings claims: the paper states the measure, not the arithmetic, and the measure reads several ways
NO_METHOD = ("The paper gives no arithmetic for this saving and the measure reads several ways, so no single reading "
             "can confirm or refute it; the recomputed value is the reading closest to the printed one.",
             "Rapporten viser ingen beregning af denne besparelse, og målet kan læses på flere måder, så ingen enkelt "
             "læsning kan bekræfte eller afkræfte den; den genberegnede værdi er den læsning, der ligger nærmest det trykte tal.")


def _unused_formula() -> str:
    t3 = A.selfservice_distribution()
    low = t3[t3["min_transactions"] < 100]["solutions"]
    formula = f"({' + '.join(num(v) for v in low)}) / {num(t3['solutions'].sum())} x 100"
    return (f"{formula} from Tabel 3's counts", f"{formula} ud fra tabel 3's antal")


def text_claims() -> list[Claim]:
    text = rawdata.text_inputs()
    pop = A.population()
    t5_total = A.national_total()
    t8 = A.unit_cost_estimate().set_index("channel")["unit_cost_dkk"]
    t5 = A.national_estimate().set_index("channel")["contacts"]
    f2 = rawdata.load("figur2_documents_received").set_index(["sender", "year", "response"])["percent_of_municipalities"]
    cost_total = A.channel_costs()["cost_dkk"].sum()
    comp = A.selfservice_completion()
    sav, dig = saving_readings(), digital_mail_readings()
    printed = _printed()["value"]
    low_end = printed["s1_contacts_low"]  # the summary's low end is itself a claim; readings start from it
    low_sum, low_rows = _closest_subset(low_end)
    anchor2, anchor3, anchor1, anchor4 = ((AUDIT_NOTEBOOK, a) for a in ("section-2", "section-3", "summary", "section-4"))
    key, best_saving = min(sav.items(), key=lambda kv: abs(kv[1].value - printed["s3_saving_close_email_halve_phone"]))
    T8, T5 = ("Tabel 8", "tabel 8"), ("Tabel 5", "tabel 5")
    f2_table = ("Figur 2's table", "figur 2's tabel")
    t5_rows = ("Tabel 5 rows", "tabel 5's rækker")
    t5_sum = ("sum of Tabel 5's rows", "summen af tabel 5's rækker")
    t4_cells = A.municipal_contacts().set_index(["municipality", "channel", "part"])["value"]
    fig3 = ("Figur 3", "figur 3")
    c = [
        Claim("s1_cost_per_email", "cost tied up in each e-mail",
              [Reading(T8, ("Tabel 8's e-mail unit cost", "tabel 8's enhedsomkostning for e-mail"), t8["email"])], anchor=anchor1),
        Claim("s1_contacts_low", "contacts per year, low end of the range", [Reading(
              ("closest rows of Tabel 5", "nærmeste rækker i tabel 5"),
              (f"no method is given; the closest sum of Tabel 5 rows is {', '.join(low_rows)} = {num(low_sum)}",
               f"ingen metode er angivet; den nærmeste sum af rækker i tabel 5 er "
               f"{', '.join(channel(r, 'da', short=True).lower() for r in low_rows)} = {num(low_sum)}"), low_sum)],
              verdict="not_recomputable", anchor=anchor1),
        Claim("s1_contacts_high", "contacts per year, high end of the range", [Reading(t5_rows,
              (f"sum of Tabel 5's six rows (website as printed, {num(t5['website'])})",
               f"summen af tabel 5's seks rækker (hjemmesiden som trykt, {num(t5['website'])})"), t5_total)],
              note=("Tabel 5's own printed total and the text elsewhere (claims t5_total, s2_contacts_up_to) are lower.",
                    "Tabel 5's egen trykte total og teksten andre steder (t5_total, s2_contacts_up_to) er lavere."),
              anchor=anchor1),
        Claim("s1_contacts_per_dane", "contacts with the municipal sector per Dane per year (at least)", [
              Reading(("low end per Dane", "nedre grænse pr. dansker"),
                      (f"{num(low_end)} (the range's low end) / {num(pop)} inhabitants",
                       f"{num(low_end)} (intervallets nedre grænse) / {num(pop)} indbyggere"), low_end / pop),
              Reading(("Tabel 5 per Dane", "tabel 5 pr. dansker"), (f"{num(t5_total)} (Tabel 5) / {num(pop)} inhabitants",
                      f"{num(t5_total)} (tabel 5) / {num(pop)} indbyggere"), t5_total / pop)],
              note=("'At least 20' holds for Tabel 5's total but not for the range's own low end.",
                    "'Mindst 20' holder for tabel 5's total, men ikke for intervallets egen nedre grænse."), anchor=anchor1),
        Claim("s1_cost_conservative", "conservative yearly cost of handling contacts (more than)", [
              Reading(("half of Tabel 9", "halvdelen af tabel 9"),
                      (f"half of Tabel 9's total, {num(cost_total)} / 2 (the paper gives no split between town-hall and "
                       "other tasks)", f"halvdelen af tabel 9's total, {num(cost_total)} / 2 (rapporten deler ikke op "
                       "mellem rådhusets og andre opgaver)"), cost_total / 2)], verdict="not_recomputable", anchor=anchor1),
        Claim("s2_unused_or_under_100", "share of self-service solutions with no or fewer than 100 transactions",
              [Reading("Tabel 3", _unused_formula(), A.share_unused_or_under(100))], anchor=anchor2),
        Claim("s2_not_served_share", "share of those starting self-service who do not complete (a good 3 in 4)",
              [Reading(("log-ins vs transactions", "log-ins mod transaktioner"),
                       f"1 - {num(comp['transactions'])} / {num(comp['logins'])}", comp["not_completed_share"])],
              tolerance=10.0, note=("Printed as a fraction, so judged to the nearest twentieth (5 points either side).",
                                    "Trykt som en brøk og derfor vurderet til nærmeste tyvendedel (5 point til hver side)."),
              anchor=anchor2),
        Claim("s2_contacts_up_to", "contacts per year, up to", [Reading(t5_rows, t5_sum, t5_total)], anchor=anchor2),
        Claim("s2_email_contacts", "e-mails per year", [Reading(T5, ("Tabel 5's e-mail row", "tabel 5's række for e-mail"),
                                                                t5["email"])], anchor=anchor2),
        Claim("s2_citizens_under25_2009", "municipalities receiving under 25 % of citizens' documents electronically, 2009",
              [Reading("Figur 2", f2_table, f2[("citizens", 2009, "under_25")])], anchor=anchor2),
        Claim("s2_citizens_atleast25_2009", "municipalities receiving at least 25 % of citizens' documents electronically, 2009 (every fifth)",
              [Reading("Figur 2", f2_table, f2[("citizens", 2009, "at_least_25")])], tolerance=5.0,
              note=("Printed as a fraction (one in five), judged to 2.5 points either side.",
                    "Trykt som en brøk (hver femte) og vurderet til 2.5 point til hver side."), anchor=anchor2),
        Claim("s2_authorities_atleast25_2009", "municipalities receiving at least 25 % of other authorities' documents electronically, 2009",
              [Reading("Figur 2", f2_table, f2[("other_authorities", 2009, "at_least_25")])], anchor=anchor2),
        Claim("s2_library_visits_kbh", "personal contacts at Copenhagen's libraries, 2010", [Reading("Tabel 4",
              ("Tabel 4's bracketed figure for Copenhagen, read as millions (the text prints 3,8 with no unit)",
               "tabel 4's tal i parentes for København, læst som millioner (teksten trykker 3,8 uden enhed)"),
              t4_cells[("kobenhavn", "personal", 2)])], anchor=anchor2),
        Claim("s2_jobcentre_albertslund", "personal interviews at Albertslund's job centre", [Reading("Tabel 4",
              ("Tabel 4's second figure for Albertslund's personal contacts",
               "tabel 4's andet tal for Albertslunds personlige henvendelser"),
              t4_cells[("albertslund", "personal", 2)])], anchor=anchor2),
        Claim("s2_fig3_under25_2009", "municipalities keeping under 25 % of documents digital in 2009 (read from Figur 3)",
              [Reading(fig3, ("Figur 3's numbers are not published", "figur 3's tal er ikke offentliggjort"), None)],
              verdict="not_recomputable", anchor=anchor2),
        Claim("s2_printed_and_rekeyed", "share of incoming electronic contacts printed and re-keyed (a good half)",
              [Reading(fig3, ("the authors' reading of Figur 3, whose numbers are not published",
                              "forfatternes aflæsning af figur 3, hvis tal ikke er offentliggjort"), None)],
              verdict="not_recomputable", anchor=anchor2),
        Claim("s2_six_municipalities", "municipalities with contact figures in Tabel 4",
              [Reading("Tabel 4", ("distinct municipalities in Tabel 4 (Lejre from Tabel 6)",
                                   "forskellige kommuner i tabel 4 (Lejre fra tabel 6)"),
                       float(A.municipal_contacts()["municipality"].nunique()))], anchor=anchor2),
        Claim("s4_failures_coordination", "failed digital solutions put down to coordination rather than technology (four in five)",
              [Reading(("complement", "komplement"),
                       (f"100 - {num(text['share_failures_technical'])} (the one in five put down to programs, hardware "
                        "or data; both are the authors' judgement)",
                        f"100 - {num(text['share_failures_technical'])} (den ene af fem, der tilskrives programmer, "
                        "hardware eller data; begge er forfatternes vurdering)"), 100 - text["share_failures_technical"])],
              tolerance=1.0, anchor=anchor4),
        Claim("s3_cost_up_to", "yearly cost of citizen contacts (up to)",
              [Reading("Tabel 9", ("Tabel 8 x Tabel 5, summed", "tabel 8 x tabel 5, summeret"), cost_total)], anchor=anchor3),
        Claim("s3_cost_town_hall", "yearly cost without tasks outside the town hall", [Reading(
              ("half of Tabel 9", "halvdelen af tabel 9"),
              (f"half of Tabel 9's total, {num(cost_total)} / 2 (no split is given)",
               f"halvdelen af tabel 9's total, {num(cost_total)} / 2 (ingen opdeling er angivet)"), cost_total / 2)],
              verdict="not_recomputable", anchor=anchor3),
        Claim("s3_saving_close_email_halve_phone", "saving from closing e-mail and halving phone calls (up to)",
              list(sav.values()), verdict="not_recomputable", note=NO_METHOD, anchor=anchor3),
        Claim("s3_saving_plus_digital_mail", "saving if incoming digital mail is also kept digital (up to)",
              [Reading(f"{key}+{dk}", (f"{key} ({num(best_saving.value)}) plus {_pick(d.assumptions, 'en')}",
                                        f"{key} ({num(best_saving.value)}) plus {_pick(d.assumptions, 'da')}"),
                       best_saving.value + d.value) for dk, d in dig.items()],
              verdict="not_recomputable", note=NO_METHOD, anchor=anchor3),
        Claim("s4_saving_communication", "savings potential of digitising communication (a good)", list(sav.values()),
              verdict="not_recomputable", note=NO_METHOD, anchor=anchor4),
        Claim("s4_saving_integration", "further saving if internal data integration is strengthened", list(dig.values()),
              verdict="not_recomputable", note=NO_METHOD, anchor=anchor4),
        Claim("s4_cost_email", "unit cost of an e-mail", [Reading(T8, T8, t8["email"])], anchor=anchor4),
        Claim("s4_cost_personal", "unit cost of a personal contact", [Reading(T8, T8, t8["personal"])], anchor=anchor4),
        Claim("s4_contacts_up_to", "contacts per year (up to)", [Reading(t5_rows, t5_sum, t5_total)], anchor=anchor4),
        Claim("t8_text_personal", "unit cost of a personal contact in the text against Tabel 8", [Reading(T8, T8, t8["personal"])], anchor=anchor3),
        Claim("t8_text_phone", "unit cost of a phone call in the text against Tabel 8", [Reading(T8, T8, t8["phone"])], anchor=anchor3),
        Claim("t8_text_letter_email", "unit cost of a letter or e-mail in the text against Tabel 8",
              [Reading(T8, ("Tabel 8 (letter and e-mail both)", "tabel 8 (både brev og e-mail)"),
                       t8["letter"] if t8["letter"] == t8["email"] else math.nan)], anchor=anchor3),
        Claim("t8_text_self_service", "unit cost of self-service in the text against Tabel 8", [Reading(T8, T8, t8["web_self_service"])], anchor=anchor3),
    ]
    return c


def _cross_checks() -> list[dict]:
    """Numbers the paper prints twice, or that an external source also gives."""
    rows = []
    un = A.rankings_vs_un(2010)
    for rec in un.itertuples():
        rows.append(dict(claim_id=f"t1_un_rank_{rec.country_code}", location="Tabel 1, United Nations (2010), " + rec.country_code,
                         description="UN e-government rank against the UN E-Government Survey 2010 (external)",
                         printed_value=float(rec.paper_rank), recomputed_value=float(rec.egdi_rank), unit="rank",
                         verdict=judge(rec.paper_rank, rec.egdi_rank, 1.0),
                         explanation=(f"the survey's EGDI {rec.egdi:.4f} ranks {rec.country_name} {rec.egdi_rank} of "
                                      f"{rec.countries_scored} countries scored (UN DESA 2010, via UNU-EGOV)",
                                      f"undersøgelsens EGDI {rec.egdi:.4f} placerer {label('country.' + rec.country_code, 'da')} "
                                      f"som nr. {rec.egdi_rank} af {rec.countries_scored} vurderede lande (UN DESA 2010, via UNU-EGOV)"),
                         notebook="01_international_rankings", anchor="un-check"))
    text = rawdata.text_inputs()
    t5 = A.national_estimate().set_index("channel")["contacts"]
    rows.append(dict(claim_id="x_selfservice_volume", location="Tabel 5, Internet baserede selvbetjeningsløsninger",
                     description="national self-service contacts against the 298,000 transactions of section 2",
                     printed_value=float(t5["web_self_service"]), recomputed_value=text["selfservice_transactions_2010"],
                     unit="contacts", verdict=judge(t5["web_self_service"], text["selfservice_transactions_2010"], 1000.0),
                     explanation=(f"Tabel 5 prints {num(t5['web_self_service'])} self-service contacts while section 2 counts "
                                  f"{num(text['selfservice_transactions_2010'])} transactions in 2010 on the same solutions "
                                  "(borger.dk); the paper does not say why they differ",
                                  f"tabel 5 trykker {num(t5['web_self_service'])} selvbetjeningshenvendelser, mens afsnit 2 "
                                  f"tæller {num(text['selfservice_transactions_2010'])} transaktioner i 2010 på de samme "
                                  "løsninger (borger.dk); rapporten siger ikke, hvorfor tallene er forskellige"),
                     notebook=AUDIT_NOTEBOOK, anchor="section-2"))
    rows.append(dict(claim_id="x_website_vs_logins", location="Tabel 5, Hjemmesidehenvendelser",
                     description="national website contacts against the 1.3 million self-service log-ins of section 2",
                     printed_value=float(t5["website"]), recomputed_value=text["selfservice_logins_2010"], unit="contacts",
                     verdict=judge(t5["website"], text["selfservice_logins_2010"], 1e5),
                     explanation=("Tabel 5's website row (1,3+ million) equals the self-service log-ins of section 2; "
                                  "it looks like the same borger.dk figure under another name",
                                  "tabel 5's række for hjemmesiden (1,3+ millioner) er lig med afsnit 2's log-ins på "
                                  "selvbetjeningen; det ligner det samme tal fra borger.dk under et andet navn"),
                     notebook=AUDIT_NOTEBOOK, anchor="section-2"))
    rows += _scaling_rows()
    return rows


#: how precisely Tabel 5 prints each channel ("59 millioner", "285.000", "1,3+ millioner")
_TABEL5_PRECISION = {"web_self_service": 1_000.0, "website": 100_000.0}
_TABEL5_LABEL = {"personal": "Personlige henvendelser", "phone": "Telefoniske henvendelser", "letter": "Posthenvendelser",
                 "email": "Mailhenvendelser", "web_self_service": "Internet baserede selvbetjeningsløsninger",
                 "website": "Hjemmesidehenvendelser"}


def _scaling_rows() -> list[dict]:
    """Tabel 5 against every simple population scaling of Tabel 4 (Danmarks Statistik, 1 January 2010).

    The paper says it scaled the municipal figures by population and gives neither the populations nor the
    method; each municipality's figure scaled to Denmark, and the pooled one, are the readings.
    """
    per = A.contacts_per_inhabitant()
    rows = []
    for rec in A.scaling_to_denmark().itertuples():
        grp = per[per["channel"] == rec.channel]
        readings = {lang: "; ".join(f"{label('municipality.' + m, lang)} {num(round(v))} ({v / rec.tabel5_contacts:.2f} x)"
                                    for m, v in zip(grp["municipality"], grp["national_implied"])) for lang in ("en", "da")}
        closest = {lang: label("municipality." + rec.closest_municipality, lang) for lang in ("en", "da")}
        inhabitants = num(A.population_2010().set_index("municipality").loc["denmark", "population_2010_01_01"])
        precision = _TABEL5_PRECISION.get(rec.channel, 1e6)
        verdict = judge(rec.tabel5_contacts, rec.closest_implied, precision)
        rows.append(dict(
            claim_id=f"x_t5_scaled_{rec.channel}", location=f"Tabel 5, {_TABEL5_LABEL[rec.channel]} (p. 11)",
            description="national contacts in this channel against Tabel 4 scaled by population (Danmarks Statistik 2010)",
            printed_value=float(rec.tabel5_contacts), recomputed_value=float(rec.closest_implied), unit="contacts",
            verdict=verdict,
            explanation=((f"contacts per inhabitant x {inhabitants} inhabitants; each municipality: {readings['en']}; pooled "
                          f"over the {rec.municipalities} municipalities that print this channel: {num(round(rec.pooled_implied))} "
                          f"({rec.pooled_over_tabel5:.2f} x). The closest, {closest['en']} ({rec.closest_over_tabel5:.2f} x), "
                          "is shown; no simple scaling reproduces Tabel 5 within its printed precision",
                          f"henvendelser pr. indbygger x {inhabitants} indbyggere; hver kommune: {readings['da']}; samlet over "
                          f"de {rec.municipalities} kommuner, der trykker denne kanal: {num(round(rec.pooled_implied))} "
                          f"({rec.pooled_over_tabel5:.2f} x). Den nærmeste, {closest['da']} ({rec.closest_over_tabel5:.2f} x), "
                          "vises; ingen enkel skalering gengiver tabel 5 inden for dens trykte præcision")
                         if verdict not in ("exact", "rounding") else
                         (f"contacts per inhabitant x inhabitants; {closest['en']} reproduces Tabel 5 within its "
                          f"printed precision; each municipality: {readings['en']}",
                          f"henvendelser pr. indbygger x indbyggere; {closest['da']} gengiver tabel 5 inden for dens "
                          f"trykte præcision; hver kommune: {readings['da']}")),
            notebook="10_paper_against_sources", anchor="per-inhabitant"))
    return rows


def input_rows() -> list[dict]:
    """Every primary input the tables print, as `input` rows: printed and used as they are."""
    rows = []
    key_cols = {"tabel1_international_rankings": ["ranking_id", "country_code"], "tabel2_eurostat_eservices": ["indicator", "year"],
                "figur2_documents_received": ["sender", "year", "response"], "tabel3_selfservice_transactions": ["band"],
                "tabel4_municipal_inquiries": ["municipality", "channel", "part"], "tabel5_national_estimate": ["channel"],
                "tabel6_lejre_count_week": ["channel"], "tabel7_unit_costs_by_source": ["source", "channel"],
                "tabel8_unit_cost_estimate": ["channel"]}
    value_col = {"tabel1_international_rankings": ("rank", "rank"), "tabel2_eurostat_eservices": ("percent", "percent"),
                 "figur2_documents_received": ("percent_of_municipalities", "percent"),
                 "tabel3_selfservice_transactions": ("solutions", "solutions"), "tabel4_municipal_inquiries": ("value", None),
                 "tabel5_national_estimate": ("contacts", "contacts"), "tabel6_lejre_count_week": ("contacts_week_20", "contacts"),
                 "tabel7_unit_costs_by_source": ("unit_cost", None), "tabel8_unit_cost_estimate": ("unit_cost_dkk", "dkk")}
    by_table = {"tabel1": "table_01", "tabel2": "table_02", "figur2": "figure_02", "tabel3": "table_03", "tabel4": "table_04",
                "tabel5": "table_05", "tabel6": "table_06", "tabel7": "table_07", "tabel8": "table_08"}
    for name, keys in key_cols.items():
        res = rawdata.resource(name)
        ex = next(e for e in EXHIBITS if e.key == by_table[name.split("_")[0]])
        frame = rawdata.load(name)
        col, unit = value_col[name]
        for rec in frame.to_dict("records"):
            value = rec[col]
            na = value is None or pd.isna(value)
            if na and name != "tabel2_eurostat_eservices":
                continue  # an empty cell ('-', or no such channel) is not a printed number
            ident = "_".join(str(rec[k]) for k in keys)
            rows.append(dict(claim_id=f"in_{name.split('_')[0]}_{ident}",
                             location=f"{res['x-origin']['exhibit']}, " + ", ".join(str(rec[k]) for k in keys),
                             description=f"{res['title'].split(': ', 1)[-1]} (primary input)",
                             printed_value=None if na else float(value), recomputed_value=None if na else float(value),
                             unit=unit or rec["unit"], verdict="input",
                             explanation=((f"printed as n.a. ({res['path']}); the source check says what Eurostat has",
                                           f"trykt som n.a. ({res['path']}); kildekontrollen siger, hvad Eurostat har")
                                          if na else (f"transcribed from the paper ({res['path']}); used as it is",
                                                      f"afskrevet fra rapporten ({res['path']}); brugt som det er")),
                             notebook=ex.notebook, anchor=ex.anchor))
    for rec in rawdata.load("text_inputs").to_dict("records"):
        if rec["source"] != "paper":
            continue
        rows.append(dict(claim_id=f"in_text_{rec['input_id']}", location=f"Section {rec['section']}",
                         description=f"{rec['description']} (primary input)", printed_value=rec["value"],
                         recomputed_value=rec["value"], unit=rec["unit"], verdict="input",
                         explanation=("a figure the paper takes from elsewhere; nothing in the paper recomputes it",
                                      "et tal, rapporten henter andetsteds fra; intet i rapporten genberegner det"),
                         notebook=AUDIT_NOTEBOOK, anchor="inputs"))
    return rows


def _row(claim: Claim, printed: pd.DataFrame) -> dict:
    p = printed.loc[claim.claim_id]
    precision = printed_precision(p["printed_as"])
    if claim.tolerance is not None:
        precision = claim.tolerance
    # alternatives explain a table cell that does not add up; they never change its verdict
    candidates = [r for r in claim.readings if r.value is not None and not pd.isna(r.value)]
    primary = claim.readings[0]
    best = min(candidates, key=lambda r: abs(r.value - p["value"])) if candidates else primary
    chosen = primary if judge(p["value"], primary.value, precision) in ("exact", "rounding") else best
    if claim.verdict == "not_recomputable":
        chosen = best  # no reading is the paper's: show the one closest to what it prints
    verdict = claim.verdict or judge(p["value"], chosen.value, precision)
    explanation = {lang: _explain(claim, p["value"], precision, chosen, verdict, candidates, lang) for lang in ("en", "da")}
    return dict(claim_id=claim.claim_id, location=f"{p['location']} (p. {p['page']})", description=claim.description,
                printed_value=float(p["value"]), recomputed_value=None if chosen.value is None else float(chosen.value),
                unit=p["unit"], verdict=verdict, explanation=explanation["en"], explanation_da=explanation["da"],
                notebook=claim.anchor[0], anchor=claim.anchor[1])


#: the verdict words inside an explanation ("-> exact"), in Danish
VERDICT_DA = {**{code: names[1] for code, names in VERDICTS.items()}, "no value": "ingen værdi"}


def _explain(claim: Claim, printed: float, precision: float, chosen: Reading, verdict: str, candidates: list[Reading],
             lang: str) -> str:
    """The arithmetic of every reading, the gap when it is a discrepancy, the range when none is the paper's."""
    da = lang == "da"
    parts = []
    for r in claim.readings + claim.extra.get("alternatives", []):
        v = "no value" if r.value is None or pd.isna(r.value) else judge(printed, r.value, precision)
        shown = "" if r.value is None or pd.isna(r.value) else f" = {num(r.value)}"
        text = _pick(r.assumptions, lang)
        parts.append(f"[{_pick(r.name, lang)}] "
                     f"{text}{'' if text.endswith(shown.strip(' =')) else shown} -> {VERDICT_DA[v] if da else v}")
    if verdict == "discrepancy" and chosen.value is not None:
        parts.append(("printed {} - recomputed {} = {}", "trykt {} - genberegnet {} = {}")[da].format(
            num(printed), num(chosen.value), num(printed - chosen.value)))
    values = [r.value for r in candidates]
    if verdict == "not_recomputable" and len(values) > 1:
        parts.append(("the {} readings range from {} to {} (printed {})", "de {} læsninger spænder fra {} til {} (trykt {})")[da]
                     .format(len(values), num(min(values)), num(max(values)), num(printed)))
    if claim.note:
        parts.append(_pick(claim.note, lang))
    return say("; ".join(parts), lang)


def ledger() -> pd.DataFrame:
    """The whole ledger, with the notebook and anchor that compute each row (for the report)."""
    printed = _printed()
    claims = table_claims() + text_claims()
    rows = [_row(c, printed) for c in claims] + [_split(r) for r in _cross_checks() + input_rows()]
    ids = [r["claim_id"] for r in rows]
    missing = sorted(set(printed.index) - set(ids))
    if missing:
        raise RuntimeError(f"printed results with no claim: {', '.join(missing)}")
    if len(ids) != len(set(ids)):
        raise RuntimeError("duplicate claim ids")
    frame = pd.DataFrame(rows, columns=COLUMNS + ["notebook", "anchor", "explanation_da"])
    return frame


def _split(row: dict) -> dict:
    """A row whose explanation is (English, Danish): both columns, the Danish with Danish numbers."""
    return {**row, "explanation": say(row["explanation"], "en"), "explanation_da": say(row["explanation"], "da")}


def printed_cells(prefix: str, keys: list[str]) -> pd.Series:
    """Printed values of one column of a table (e.g. Tabel 6's costs), for a search of how they were made."""
    printed = _printed()["value"]
    return pd.Series({k: printed[f"{prefix}{k}"] for k in keys if f"{prefix}{k}" in printed.index})


def exhibit_comparison(key: str, lang: str = "en") -> pd.DataFrame:
    """Each derived cell of one rebuilt table next to the value the paper prints, judged (explained in `lang`)."""
    printed = _printed()
    rows = [_row(c, printed) for c in table_claims([key])]
    frame = pd.DataFrame(rows, columns=COLUMNS + ["notebook", "anchor", "explanation_da"])
    if lang == "da":
        frame["explanation"] = frame["explanation_da"]
        frame["location"] = [location(text, lang) for text in frame["location"]]
    return frame[["claim_id", "location", "printed_value", "recomputed_value", "verdict", "explanation"]]


def readings_table() -> pd.DataFrame:
    """Every reading of every claim that has more than one, for the audit notebook."""
    printed = _printed()
    rows = []
    for c in table_claims() + text_claims():
        rs = c.readings + c.extra.get("alternatives", [])
        if len(rs) < 2:
            continue
        p = printed.loc[c.claim_id]
        precision = c.tolerance if c.tolerance is not None else printed_precision(p["printed_as"])
        for r in rs:
            rows.append(dict(claim_id=c.claim_id, reading=say(r.name, "en"), assumptions=say(r.assumptions, "en"),
                             printed_value=p["value"], value=r.value,
                             verdict="no value" if r.value is None else judge(p["value"], r.value, precision),
                             reading_da=say(r.name, "da"), assumptions_da=say(r.assumptions, "da")))
    return pd.DataFrame(rows)


def summary(frame: pd.DataFrame, lang: str = "en") -> str:
    """Counts by verdict and every discrepancy, in `lang` (the command line's and the audit notebook's first lines)."""
    counts = frame["verdict"].value_counts()
    words = ("numbers check: {} numbers: ", "printed", "recomputed") if lang == "en" else ("talkontrol: {} tal: ", "trykt", "genberegnet")
    lines = [words[0].format(len(frame)) + ", ".join(
        f"{verdict(v, lang)} {counts.get(v, 0)}" for v in ("exact", "rounding", "discrepancy", "input", "not_recomputable"))]
    for rec in frame[frame["verdict"] == "discrepancy"].itertuples():
        lines.append(f"  {verdict('discrepancy', lang)} {rec.claim_id}: {description(rec.description, lang)}: {words[1]} "
                     f"{number(rec.printed_value, lang)}, {words[2]} {number(rec.recomputed_value, lang)} {unit(rec.unit, lang)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="The numbers check: counts by verdict and every discrepancy")
    parser.parse_args(argv)
    try:
        frame = ledger()
    except rawdata.RawDataError as exc:
        print(f"numbers check stopped: {exc}", file=sys.stderr)
        return 2
    print(summary(frame))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

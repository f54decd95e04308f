"""The paper's arithmetic, computed from primary inputs only.

Each function here is used by an exhibit notebook and by the numbers check (claims.py),
so the number a reader sees in a table is the number the audit judges.
"""
from __future__ import annotations

import pandas as pd

from . import rawdata
from .exhibits import UN_EDITIONS
from .labels import CAPGEMINI_BASKETS

#: channel order of Tabel 4-6 (and of every figure's colours)
CHANNELS = ["personal", "phone", "letter", "email", "web_self_service", "website"]
#: channel order of Tabel 7
UNIT_COST_CHANNELS = ["personal", "phone", "letter", "email", "chat", "phone_self_service", "web_self_service"]
#: channel order of Tabel 8 and 9
COST_CHANNELS = ["personal", "phone", "letter", "email", "web_self_service"]
MUNICIPALITIES = ["albertslund", "vallensbaek", "rebild", "guldborgsund", "lejre", "kobenhavn"]
COUNTRIES = ["DNK", "AUS", "NZL"]
RANKINGS = ["un_egov_survey", "oecd", "eiu", "waseda"]
SOURCES = ["vejen", "kobenhavn", "kl", "kmd"]

#: How Tabel 6 prices Lejre's count week: each channel at one of Tabel 7's unit costs.
#: Found by `unit_costs_reproducing` (notebook 05): all at Copenhagen's costs, e-mail at the
#: letter rate and website contacts at the web self-service rate.
LEJRE_PRICING = {
    "personal": ("kobenhavn", "personal"),
    "phone": ("kobenhavn", "phone"),
    "letter": ("kobenhavn", "letter"),
    "email": ("kobenhavn", "letter"),
    "web_self_service": ("kobenhavn", "web_self_service"),
    "website": ("kobenhavn", "web_self_service"),
}


def _order(frame: pd.DataFrame, column: str, order: list[str]) -> pd.DataFrame:
    frame = frame.copy()
    frame[column] = pd.Categorical(frame[column], categories=order, ordered=True)
    return frame.sort_values(column, kind="stable").reset_index(drop=True).assign(
        **{column: lambda f: f[column].astype(str)})


# --- Tabel 1 -----------------------------------------------------------------------------
def egdi(year: int = 2010) -> pd.DataFrame:
    """UN E-Government index for every country the survey scored, ranked."""
    frame = rawdata.load(f"un_egdi_{year}").rename(columns={
        "country-code": "country_code", "country-name": "country_name", "e-gov-rank": "egdi_rank",
        "e-gov-index": "egdi"})
    frame = frame.dropna(subset=["egdi_rank"]).copy()
    frame["egdi_rank"] = frame["egdi_rank"].astype(int)
    frame["countries_scored"] = len(frame)
    frame["rank_recomputed"] = frame["egdi"].rank(ascending=False, method="min").astype(int)
    frame["percentile"] = 100.0 * (1 - (frame["egdi_rank"] - 1) / len(frame))
    return frame.sort_values(["egdi_rank", "country_code"]).reset_index(drop=True)


def rankings_vs_un(year: int = 2010) -> pd.DataFrame:
    """Tabel 1's United Nations row next to the UN survey's own ranks."""
    t1 = rawdata.load("tabel1_international_rankings")
    un = t1[t1["ranking_id"] == "un_egov_survey"][["country_code", "edition_year", "rank"]]
    index = egdi(year)[["country_code", "country_name", "egdi_rank", "egdi", "rank_recomputed",
                        "countries_scored", "percentile"]]
    out = un.merge(index, on="country_code", how="left").rename(columns={"rank": "paper_rank"})
    out["agrees"] = out["paper_rank"] == out["egdi_rank"]
    return _order(out, "country_code", COUNTRIES)


# --- Tabel 2 -----------------------------------------------------------------------------
def eservice_gap() -> pd.DataFrame:
    """Use minus completion of the 20 basic e-services, by year (NaN where either is n.a.)."""
    t2 = rawdata.load("tabel2_eurostat_eservices")
    wide = t2.pivot(index="year", columns="indicator", values="percent").reset_index()
    wide["use_minus_completion"] = wide["use"] - wide["completion"]
    wide["completion_per_use"] = wide["completion"] / wide["use"]
    return wide[["year", "availability", "use", "completion", "use_minus_completion", "completion_per_use"]]


# --- Figur 2 -----------------------------------------------------------------------------
def document_totals() -> pd.DataFrame:
    f2 = rawdata.load("figur2_documents_received")
    return (f2.groupby(["sender", "year"], as_index=False)["percent_of_municipalities"].sum()
              .rename(columns={"percent_of_municipalities": "total_percent"}))


# --- Tabel 3 and the text around it ------------------------------------------------------
def selfservice_distribution() -> pd.DataFrame:
    t3 = rawdata.load("tabel3_selfservice_transactions")
    total = t3["solutions"].sum()
    t3["percent"] = 100.0 * t3["solutions"] / total
    t3["cumulative_percent"] = t3["percent"].cumsum()
    return t3


#: the paper's line between a used and a barely used self-service solution (section 2: "no or fewer than 100")
FEW_TRANSACTIONS = 100


def share_unused_or_under(limit: int = FEW_TRANSACTIONS) -> float:
    t3 = selfservice_distribution()
    return float(t3.loc[t3["min_transactions"] < limit, "percent"].sum())


def selfservice_completion() -> dict[str, float]:
    """Completed transactions per log-in, from the text's 298,000 and 1.3 million."""
    text = rawdata.text_inputs()
    done = text["selfservice_transactions_2010"] / text["selfservice_logins_2010"]
    return {"transactions": text["selfservice_transactions_2010"], "logins": text["selfservice_logins_2010"],
            "completion_share": 100 * done, "not_completed_share": 100 * (1 - done)}


# --- Tabel 4, 5, 6 -----------------------------------------------------------------------
def lejre_week() -> pd.DataFrame:
    return _order(rawdata.load("tabel6_lejre_count_week"), "channel", CHANNELS)


def lejre_year() -> pd.DataFrame:
    """Lejre's year figures as Tabel 4 prints them: the week-20 count times 52."""
    weeks = rawdata.text_inputs()["weeks_per_year"]
    frame = lejre_week()
    frame["contacts_year"] = frame["contacts_week_20"] * int(weeks)
    return frame


def municipal_contacts() -> pd.DataFrame:
    """Tabel 4 in long form: one row per municipality, channel and printed number.

    Lejre's column comes from Tabel 6 (week 20) and its year figure is computed.
    """
    t4 = rawdata.load("tabel4_municipal_inquiries")
    t4["period"] = "year"
    lejre = lejre_year()
    rows = [pd.DataFrame({"municipality": "lejre", "channel": lejre["channel"], "part": 1,
                          "value": lejre["contacts_year"].astype(float), "unit": "contacts",
                          "detail": "week 20 count x 52", "period": "year"}),
            pd.DataFrame({"municipality": "lejre", "channel": lejre["channel"], "part": 2,
                          "value": lejre["contacts_week_20"].astype(float), "unit": "contacts",
                          "detail": "count week 20, 2010", "period": "week_20_2010"})]
    out = pd.concat([t4, *rows], ignore_index=True)
    out["detail"] = out["detail"].fillna("")
    out["municipality"] = pd.Categorical(out["municipality"], MUNICIPALITIES, ordered=True)
    out["channel"] = pd.Categorical(out["channel"], CHANNELS, ordered=True)
    out = out.sort_values(["municipality", "channel", "part"]).reset_index(drop=True)
    return out.assign(municipality=out["municipality"].astype(str), channel=out["channel"].astype(str))


def municipal_sums() -> pd.DataFrame:
    """Each municipality's plain sum of what Tabel 4 prints in its column.

    Albertslund's and Guldborgsund's two-number cells count both numbers; Copenhagen's
    library visits are part of its personal figure and are not added again; Lejre is summed
    for the year and for week 20 separately; Rebild's shares sum to a percentage.
    """
    long = municipal_contacts()
    long = long[~((long["municipality"] == "kobenhavn") & (long["part"] == 2))]
    sums = long.groupby(["municipality", "period", "unit"], as_index=False, observed=True)["value"].sum()
    return _order(sums, "municipality", MUNICIPALITIES)


def kobenhavn_shares(exclude_libraries: bool = True) -> pd.DataFrame:
    """A reading of Copenhagen's bracketed percentages: shares of personal (less library
    visits), phone, letter and website contacts, leaving out web self-service."""
    long = municipal_contacts()
    kbh = long[long["municipality"] == "kobenhavn"].set_index(["channel", "part"])["value"]
    counts = {ch: kbh.get((ch, 1)) for ch in ["personal", "phone", "letter", "website"]}
    if exclude_libraries:
        counts["personal"] = counts["personal"] - kbh[("personal", 2)]
    total = sum(counts.values())
    return pd.DataFrame({"channel": list(counts), "contacts": list(counts.values()),
                         "percent": [100 * v / total for v in counts.values()]})


def national_estimate() -> pd.DataFrame:
    return _order(rawdata.load("tabel5_national_estimate"), "channel", CHANNELS)


def national_total(include_website: bool = True) -> float:
    t5 = national_estimate()
    if not include_website:
        t5 = t5[t5["channel"] != "website"]
    return float(t5["contacts"].sum())


def unit_costs_by_source() -> pd.DataFrame:
    return rawdata.load("tabel7_unit_costs_by_source")


def lejre_costs(pricing: dict[str, tuple[str, str]] | None = None) -> pd.DataFrame:
    """Tabel 6: Lejre's week-20 counts, their shares, and the cost at Tabel 7 unit costs."""
    pricing = pricing or LEJRE_PRICING
    t7 = unit_costs_by_source().set_index(["source", "channel"])["unit_cost"]
    frame = lejre_week()
    frame["percent"] = 100 * frame["contacts_week_20"] / frame["contacts_week_20"].sum()
    frame["priced_as"] = [f"{pricing[c][0]}:{pricing[c][1]}" for c in frame["channel"]]
    frame["unit_cost_dkk"] = [t7[pricing[c]] for c in frame["channel"]]
    frame["cost_dkk"] = frame["contacts_week_20"] * frame["unit_cost_dkk"]
    return frame


def unit_costs_reproducing(counts: pd.Series, costs: pd.Series) -> pd.DataFrame:
    """For each channel, every Tabel 7 unit cost that turns the count into the given cost."""
    t7 = unit_costs_by_source().dropna(subset=["unit_cost"])
    rows = []
    for channel, count in counts.items():
        for rec in t7.itertuples():
            if abs(count * rec.unit_cost - costs[channel]) < 0.5:
                rows.append({"channel": channel, "source": rec.source, "priced_as": rec.channel,
                             "unit_cost": rec.unit_cost, "unit": rec.unit})
    return pd.DataFrame(rows, columns=["channel", "source", "priced_as", "unit_cost", "unit"])


# --- Tabel 8 and 9 -----------------------------------------------------------------------
def unit_cost_estimate() -> pd.DataFrame:
    return _order(rawdata.load("tabel8_unit_cost_estimate"), "channel", COST_CHANNELS)


def channel_costs(unit_costs: dict[str, float] | None = None,
                  volumes: dict[str, float] | None = None) -> pd.DataFrame:
    """Tabel 9: unit cost x yearly contacts, by channel (defaults: Tabel 8 x Tabel 5)."""
    if unit_costs is None:
        t8 = unit_cost_estimate()
        unit_costs = dict(zip(t8["channel"], t8["unit_cost_dkk"]))
    if volumes is None:
        t5 = national_estimate()
        volumes = dict(zip(t5["channel"], t5["contacts"]))
    rows = [{"channel": ch, "unit_cost_dkk": float(unit_costs[ch]), "contacts": float(volumes[ch]),
             "cost_dkk": float(unit_costs[ch]) * float(volumes[ch])} for ch in COST_CHANNELS]
    frame = pd.DataFrame(rows)
    frame["cost_bn_dkk"] = frame["cost_dkk"] / 1e9
    frame["share_of_cost"] = 100 * frame["cost_dkk"] / frame["cost_dkk"].sum()
    frame["share_of_contacts"] = 100 * frame["contacts"] / frame["contacts"].sum()
    return frame


def population() -> float:
    return rawdata.text_inputs()["population_denmark_2010_01_01"]


# --- the paper against its sources (notebook 10) -----------------------------------------
#: Tabel 2's rows and the Eurostat indicators behind them (individuals 16-74, share of all individuals)
TABEL2_INDICATORS = {"use": "i_iugov", "completion": "i_igovrt"}
#: the same questions over the last 12 months, Eurostat's definition from 2008 on
TABEL2_INDICATORS_12M = {"use": "i_iugov12", "completion": "i_igov12rt"}
#: Capgemini's baskets of basic public services: 12 for citizens, 8 for enterprises (20 in all)
AVAILABILITY_BASKETS = {"FOA_cit": 12, "FOA_ent": 8}
NORDIC = ["DK", "SE", "FI", "NO", "IS"]
SCOREBOARD = "Eurostat via the EU Digital Agenda Scoreboard 2012"


def scoreboard_series(indicators: list[str], geos: list[str], unit: str = "%_ind") -> pd.DataFrame:
    """Tidy series of the Scoreboard in percent (the file gives shares 0-1), rows with a value only."""
    sb = rawdata.load("eu_scoreboard_2012")
    keep = sb["indicator"].isin(indicators) & sb["geo"].isin(geos)
    keep &= (sb["unit"] == unit) if unit else True
    out = sb[keep & sb["breakdown"].isin(["IND_TOTAL", "Country"])].copy()
    out["percent"] = 100 * out["value"]
    return out[["indicator", "geo", "year", "percent", "flag"]].sort_values(["indicator", "geo", "year"]).reset_index(drop=True)


def _verdict(source_value: float | None, printed: float, precision: float = 1.0) -> str:
    """confirmed: the source value prints as the paper prints it (the numbers check's own judgement)."""
    from .compare import judge

    if source_value is None or pd.isna(source_value):
        return "not_in_source"
    return "confirmed" if judge(printed, source_value, precision) in ("exact", "rounding") else "differs"




def tabel2_source_checks() -> pd.DataFrame:
    """Each Danish cell Tabel 2 prints, next to the source value; availability through every reading tried."""
    t2 = rawdata.load("tabel2_eurostat_eservices")
    series = scoreboard_series(list(TABEL2_INDICATORS.values()), ["DK"])
    use = series.set_index(["indicator", "year"])["percent"]
    flags = series.set_index(["indicator", "year"])["flag"]
    foa = scoreboard_series(list(AVAILABILITY_BASKETS), ["DK"], unit=None).set_index(["indicator", "year"])["percent"]
    rows = []
    for rec in t2.itertuples():
        claim_id = f"in_tabel2_{rec.indicator}_{rec.year}"
        if rec.indicator in TABEL2_INDICATORS and pd.isna(rec.percent):
            # printed n.a.: the source either has no value or flags it (c: confidential, u: unreliable)
            code = TABEL2_INDICATORS[rec.indicator]
            flag = flags.get((code, rec.year))
            withheld = flag in ("c", "u", "x") or (code, rec.year) not in use.index
            rows.append(dict(claim_id=claim_id, source=SCOREBOARD, source_indicator=f"{code}, IND_TOTAL, %_ind",
                             source_value=None, printed_value=None, verdict="confirmed" if withheld else "differs",
                             explanation=(f"the paper prints n.a.; the source flags Denmark {rec.year} '{flag}' and "
                                          "publishes no value: the same" if withheld else
                                          f"the paper prints n.a., the source has {use[(code, rec.year)]:.2f} %")))
            continue
        if rec.indicator in TABEL2_INDICATORS:
            code = TABEL2_INDICATORS[rec.indicator]
            value = use.get((code, rec.year))
            verdict = _verdict(value, rec.percent)
            explanation = (f"{code} (individuals 16-74, last 3 months) for Denmark {rec.year} is {value:.2f} %, "
                           f"which prints as {value:.0f}; the paper prints {rec.percent:.0f}")
            rows.append(dict(claim_id=claim_id, source=SCOREBOARD, source_indicator=f"{code}, IND_TOTAL, %_ind",
                             source_value=round(value, 4), printed_value=rec.percent, verdict=verdict, explanation=explanation))
            continue
        if pd.isna(rec.percent):
            rows.append(dict(claim_id=claim_id, source="Capgemini via the EU Digital Agenda Scoreboard 2012",
                             source_indicator=CAPGEMINI_BASKETS,
                             source_value=None, printed_value=None, verdict="not_in_source",
                             explanation="the paper prints n.a.; the 20-service indicator is not in the Scoreboard file"))
            continue
        readings = {code: foa.get((code, rec.year)) for code in AVAILABILITY_BASKETS}
        pooled = None
        if all(v is not None for v in readings.values()):
            pooled = sum(AVAILABILITY_BASKETS[c] * readings[c] for c in AVAILABILITY_BASKETS) / sum(AVAILABILITY_BASKETS.values())
        readings["pooled 12 + 8"] = pooled
        tried = "; ".join(f"{name} {'absent' if v is None else f'{v:.1f} % ({_verdict(v, rec.percent)})'}"
                          for name, v in readings.items())
        rows.append(dict(claim_id=claim_id, source="Capgemini via the EU Digital Agenda Scoreboard 2012",
                         source_indicator=CAPGEMINI_BASKETS,
                         source_value=None if pooled is None else round(pooled, 4), printed_value=rec.percent, verdict="not_in_source",
                         explanation=("the paper's row is Eurostat's availability of the 20 basic services, which the "
                                      f"Scoreboard file does not carry; readings tried: {tried}. The pooled share "
                                      "weights the 12 citizens' and 8 enterprises' services; where it matches, the "
                                      "match may be chance")))
    return pd.DataFrame(rows)


def _survey(year: int) -> pd.DataFrame:
    """One UN E-Government Survey edition with the columns named alike across editions (2024 renames them)."""
    frame = rawdata.load(f"un_egov_survey_{year}")
    frame = frame.rename(columns={"Country": "Country Name", "Rank": "E-Government Rank", "E_Index": "E-Government Index"})
    frame["survey_name"] = frame["Country Name"].str.strip()
    return frame


def egdi_ranks(editions=UN_EDITIONS) -> pd.DataFrame:
    """Denmark, Australia and New Zealand in every edition, matched by the explicit name mapping."""
    names = rawdata.load("country_names")
    rows = []
    for year in editions:
        survey = _survey(year)
        for rec in names.itertuples():
            hit = survey[survey["survey_name"] == rec.survey_name]
            if len(hit) != 1:
                raise ValueError(f"UN E-Government Survey {year}: {len(hit)} rows named {rec.survey_name!r} "
                                 f"(country_names.csv maps {rec.country_code} to that name)")
            rows.append(dict(edition_year=year, country_code=rec.country_code, country=rec.survey_name,
                             rank=hit["E-Government Rank"].iloc[0], egdi=hit["E-Government Index"].iloc[0]))
    out = pd.DataFrame(rows)
    out["rank"] = out["rank"].astype("Int64")
    return out.sort_values(["edition_year", "country_code"]).reset_index(drop=True)


def tabel1_source_checks() -> pd.DataFrame:
    """Tabel 1's United Nations (2010) row against UNU-EGOV's republication and UN DESA's own file."""
    t1 = rawdata.load("tabel1_international_rankings")
    un = t1[t1["ranking_id"] == "un_egov_survey"]
    desa = egdi_ranks([2010]).set_index("country_code")
    unu = egdi(2010).set_index("country_code")
    rows = []
    for rec in un.itertuples():
        for source, rank, indicator in (
                ("UN E-Government Survey 2010 (UN DESA, EGOV_DATA_2010.csv)", desa.loc[rec.country_code, "rank"],
                 "E-Government Rank"),
                ("UN E-Government Survey 2010, UNU-EGOV republication (egdi/egdi-2010.csv)",
                 unu.loc[rec.country_code, "egdi_rank"], "e-gov-rank")):
            verdict = _verdict(float(rank), float(rec.rank))
            rows.append(dict(claim_id=f"t1_un_rank_{rec.country_code}", source=source, source_indicator=indicator,
                             source_value=float(rank), printed_value=float(rec.rank), verdict=verdict,
                             explanation=f"the source ranks {rec.country_code} {rank} in {rec.edition_year}; "
                                         f"the paper prints {rec.rank}"))
    return pd.DataFrame(rows)


def population_2010() -> pd.DataFrame:
    """Population on 1 January 2010 of the six municipalities and Denmark, by the explicit code mapping."""
    pop = rawdata.load("dst_population")
    codes = rawdata.load("municipality_codes")
    year = pop[pop["year"] == 2010].drop_duplicates(["muni_code", "year"])
    out = codes.merge(year[["muni_code", "pop"]], on="muni_code", how="left", validate="one_to_one")
    if out["pop"].isna().any():
        raise ValueError(f"no 2010 population for {', '.join(out.loc[out['pop'].isna(), 'municipality'])}")
    return out.rename(columns={"pop": "population_2010_01_01"})


#: cells of Tabel 4 that are part of another cell (Copenhagen's library visits are in its personal contacts)
TABEL4_SUBSETS = {("kobenhavn", "personal", 2)}


def contacts_per_inhabitant() -> pd.DataFrame:
    """Tabel 4's yearly contacts per municipality and channel, per inhabitant, and the national figure each implies."""
    long = municipal_contacts()
    long = long[(long["unit"] == "contacts") & (long["period"] == "year")]
    long = long[[(m, c, p) not in TABEL4_SUBSETS for m, c, p in zip(long["municipality"], long["channel"], long["part"])]]
    counts = long.groupby(["municipality", "channel"], as_index=False, observed=True)["value"].sum()
    counts = counts.rename(columns={"value": "contacts"})
    pop = population_2010().set_index("municipality")["population_2010_01_01"]
    counts["population_2010_01_01"] = counts["municipality"].map(pop).astype("int64")
    counts["contacts_per_inhabitant"] = counts["contacts"] / counts["population_2010_01_01"]
    counts["national_implied"] = counts["contacts_per_inhabitant"] * pop["denmark"]
    t5 = national_estimate().set_index("channel")["contacts"]
    counts["tabel5_contacts"] = counts["channel"].map(t5)
    counts["implied_over_tabel5"] = counts["national_implied"] / counts["tabel5_contacts"]
    counts = _order(counts, "channel", CHANNELS)
    return _order(counts, "municipality", MUNICIPALITIES)


def scaling_to_denmark() -> pd.DataFrame:
    """Per channel: Tabel 5 against each simple population scaling of Tabel 4 (each municipality, and pooled)."""
    per = contacts_per_inhabitant()
    pop_dk = population_2010().set_index("municipality").loc["denmark", "population_2010_01_01"]
    rows = []
    for channel, grp in per.groupby("channel", sort=False):
        pooled = grp["contacts"].sum() / grp["population_2010_01_01"].sum() * pop_dk
        closest = grp.loc[(grp["national_implied"] - grp["tabel5_contacts"]).abs().idxmin()]
        t5 = grp["tabel5_contacts"].iloc[0]
        rows.append(dict(channel=channel, tabel5_contacts=t5, municipalities=len(grp),
                         pooled_implied=pooled, pooled_over_tabel5=pooled / t5,
                         lowest_implied=grp["national_implied"].min(), highest_implied=grp["national_implied"].max(),
                         closest_municipality=closest["municipality"], closest_implied=closest["national_implied"],
                         closest_over_tabel5=closest["national_implied"] / t5))
    return _order(pd.DataFrame(rows), "channel", CHANNELS)

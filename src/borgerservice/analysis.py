"""The paper's arithmetic, computed from primary inputs only.

Each function here is used by an exhibit notebook and by the numbers check (claims.py),
so the number a reader sees in a table is the number the audit judges.
"""
from __future__ import annotations

import pandas as pd

from . import rawdata

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


def share_unused_or_under(limit: int = 100) -> float:
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

"""The paper's orders: the rows and columns of its tables in the order it prints them, as data.

What each code is called, in English or Danish, is text: names.py and the catalogs.
"""
from __future__ import annotations

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
UNIT_COST_SOURCES = ["vejen", "kobenhavn", "kl", "kmd"]
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

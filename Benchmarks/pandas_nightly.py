#!/usr/bin/env python3
"""What an analyst would do by hand with pandas, for Benchmarks/compare.py: read the three
files, drop duplicate emails, write SQLite, then the sales funnel, the forecast and one sheet
per manager with XlsxWriter. Amounts in floats, duplicates by exact email only, no lineage.

Usage: pandas_nightly.py CONTACTS.csv DEALS.csv CALLS.csv OUT_DIR"""
import os
import sqlite3
import sys

import pandas as pd

RATES = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}


def main():
    contacts_csv, deals_csv, calls_csv, out = sys.argv[1:5]
    os.makedirs(out, exist_ok=True)
    contacts = pd.read_csv(contacts_csv, dtype=str)
    contacts["email_key"] = contacts["Email"].str.strip().str.lower()
    contacts = pd.concat([contacts[contacts["email_key"].isna()],
                          contacts[contacts["email_key"].notna()].drop_duplicates("email_key")])
    deals = pd.read_csv(deals_csv, dtype={"Probability": "float64", "Periods": "float64"})
    calls = pd.read_csv(calls_csv, dtype=str)

    db = sqlite3.connect(os.path.join(out, "warehouse.sqlite"))
    contacts.to_sql("contacts", db, index=False, if_exists="replace")
    deals.to_sql("deals", db, index=False, if_exists="replace")
    calls.to_sql("calls", db, index=False, if_exists="replace")
    db.close()

    periods = deals["Periods"].fillna(1).clip(lower=1).where(deals["Bid Type"] != "fixed", 1)
    deals["Value EUR"] = (deals["Budget"] * periods * deals["Currency"].map(RATES)).round(2)
    deals["Status"] = deals["Stage"].map(
        lambda s: "won" if s == "Closure/Transaction" else "lost" if s == "Unsuccessfully closed" else "open")
    funnel = deals.groupby("Stage").agg(Number=("Deal ID", "count"), Budget=("Value EUR", "sum")).reset_index()
    status = deals.groupby("Status").agg(Number=("Deal ID", "count"), Budget=("Value EUR", "sum")).reset_index()

    open_deals = deals[deals["Status"] == "open"].copy()
    open_deals["Month"] = open_deals["Expected Close"].str[:7]
    open_deals["Weighted"] = open_deals["Value EUR"] * open_deals["Probability"].fillna(50) / 100
    forecast = open_deals.groupby("Month").agg(Weighted=("Weighted", "sum"), AllWon=("Value EUR", "sum")).reset_index()

    with pd.ExcelWriter(os.path.join(out, "funnel.xlsx"), engine="xlsxwriter") as writer:
        funnel.to_excel(writer, sheet_name="Funnel", index=False)
        status.to_excel(writer, sheet_name="By status", index=False)
        deals.to_excel(writer, sheet_name="Deals", index=False)
    with pd.ExcelWriter(os.path.join(out, "forecast.xlsx"), engine="xlsxwriter") as writer:
        forecast.to_excel(writer, sheet_name="Forecast", index=False)
        open_deals.to_excel(writer, sheet_name="Open deals", index=False)
    won = deals[deals["Status"] == "won"].copy()
    won["Day"] = won["Actual Close"].str[:10]
    for manager, sales in won.groupby("Responsible"):
        with pd.ExcelWriter(os.path.join(out, "%s.xlsx" % manager), engine="xlsxwriter") as writer:
            sales.groupby("Day")["Value EUR"].sum().reset_index().to_excel(writer, sheet_name="Sales", index=False)
            sales.to_excel(writer, sheet_name="Won deals", index=False)


if __name__ == "__main__":
    main()

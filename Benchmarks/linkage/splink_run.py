#!/usr/bin/env python3
"""Deduplicates a contacts.csv with Splink 4 (DuckDB backend), set up as its tutorial does.

    python Benchmarks/linkage/splink_run.py contacts.csv OUT_PREFIX [--thresholds 0.95,0.9999]

writes OUT_PREFIX-<threshold>.csv (`Source ID,Cluster`) for each threshold, and prints the
number of blocked pairs and of clusters. run_benchmark.py runs it as a child process so its
wall time and peak memory are measured like crmpipe's. Needs the .venv-linkage environment.

Model: Fellegi-Sunter over first name, last name (Jaro-Winkler levels, term frequencies),
swapped names, e-mail, phone (exact, or same last 8 digits), birthday, postcode, street,
city (exact, term frequencies) and company. Prior from deterministic rules; u from random
pairs; m by expectation maximisation on identifier blocks (e-mail, then phone) when the file
has e-mails, else on name and birthday blocks: a field's m is never trained on a block that
uses that field.
"""
import argparse
import logging
import re
import sys

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

COLUMNS = {"Source ID": "unique_id", "First Name": "first_name", "Last Name": "last_name",
           "Company": "company", "Email": "email", "Phone": "phone", "Street": "street",
           "Postcode": "postcode", "City": "city", "Country": "country",
           "Birthday": "birthday", "Job Title": "job_title"}


def load(path):
    """All columns as strings; lower case, trimmed, empty -> NULL; phones as digits only."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False).rename(columns=COLUMNS)
    for col in df.columns:
        if col != "unique_id":
            df[col] = df[col].str.strip().str.lower()
    df["phone"] = df["phone"].map(lambda s: re.sub(r"\D", "", s))
    df["phone8"] = df["phone"].str[-8:]
    df["birthday"] = df["birthday"].map(lambda s: s if re.fullmatch(r"\d{4}-\d\d-\d\d", s) else "")
    return df.replace("", None)


def settings():
    phone = cl.CustomComparison(
        output_column_name="phone",
        comparison_levels=[cll.NullLevel("phone"), cll.ExactMatchLevel("phone"),
                           cll.CustomLevel('"phone8_l" = "phone8_r"', "same last 8 digits"),
                           cll.ElseLevel()])
    swapped = cl.CustomComparison(
        output_column_name="names_swapped",
        comparison_levels=[cll.Or(cll.NullLevel("first_name"), cll.NullLevel("last_name")),
                           cll.ColumnsReversedLevel("first_name", "last_name"),
                           cll.ElseLevel()])
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
            swapped,
            cl.EmailComparison("email"),
            phone,
            cl.DateOfBirthComparison("birthday", input_is_string=True),
            cl.ExactMatch("postcode"),
            cl.JaroWinklerAtThresholds("street", [0.9, 0.7]),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("company", [0.9]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("phone8"),
            block_on("first_name", "last_name"),
            block_on("last_name", "postcode"),
            block_on("first_name", "birthday"),
            block_on("last_name", "birthday"),
            block_on("postcode", "birthday"),
            CustomRule("l.first_name = r.last_name and l.last_name = r.first_name"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("contacts")
    ap.add_argument("out_prefix")
    ap.add_argument("--thresholds", default="0.95,0.9999")
    args = ap.parse_args()
    logging.getLogger("splink").setLevel(logging.WARNING)
    thresholds = [float(t) for t in args.thresholds.split(",")]

    df = load(args.contacts)
    linker = Linker(df, settings(), DuckDBAPI(), set_up_basic_logging=False)
    has_email = df["email"].notna().mean() > 0.05
    rules = ["l.first_name = r.first_name and l.last_name = r.last_name and l.birthday = r.birthday",
             "l.first_name = r.first_name and l.last_name = r.last_name and l.street = r.street"]
    if has_email:
        rules = ["l.email = r.email", "l.phone = r.phone"] + rules
    linker.training.estimate_probability_two_random_records_match(rules, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6 if len(df) >= 50000 else 1e6)
    training = [block_on("email"), block_on("phone")] if has_email else \
        [block_on("first_name", "last_name"), block_on("birthday")]
    for rule in training:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)

    predictions = linker.inference.predict(threshold_match_probability=min(thresholds))
    print("pairs above %.4g: %d" % (min(thresholds), predictions.as_duckdbpyrelation().shape[0]),
          file=sys.stderr)
    for t in thresholds:
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=t).as_pandas_dataframe()
        clusters[["unique_id", "cluster_id"]].to_csv(
            "%s-%s.csv" % (args.out_prefix, t), index=False, header=["Source ID", "Cluster"])
        print("threshold %s: %d clusters" % (t, clusters["cluster_id"].nunique()), file=sys.stderr)


if __name__ == "__main__":
    main()

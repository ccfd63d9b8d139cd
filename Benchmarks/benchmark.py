#!/usr/bin/env python3
"""Import benchmark: generate N contacts with known duplicates, import them with crmpipe, and
print wall time, rows per second, peak memory, pairwise precision and recall against the truth,
and the wall time of `sqlite3 .import` on the same file in the same invocation, with the ratio.

Usage: python3 Benchmarks/benchmark.py [--count N] [--crmpipe PATH] [--work DIR]
"""
import argparse
import collections
import csv
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(command, **kwargs):
    """Runs a command; returns (seconds, peak resident memory of that child in MiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(command, **kwargs)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("failed (%d): %s" % (result.returncode, " ".join(command)))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024.0


def pair_count(sizes):
    return sum(n * (n - 1) // 2 for n in sizes)


def precision_recall(truth_path, warehouse_path):
    entity_of_line = {}
    with open(truth_path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for index, (_, entity) in enumerate(reader):
            entity_of_line[index + 2] = entity
    db = sqlite3.connect(warehouse_path)
    contact_of_line = {}
    query = """SELECT s.line, s.entity_id FROM source_rows s JOIN contacts c ON c.id = s.entity_id
               WHERE s.entity = 'contact' AND c.kind = 'person'"""
    for line, contact in db.execute(query):
        contact_of_line[line] = contact
    missing = len(entity_of_line) - len(contact_of_line)
    both = collections.Counter()
    predicted = collections.Counter()
    actual = collections.Counter()
    for line, entity in entity_of_line.items():
        contact = contact_of_line.get(line, ("unlinked", line))
        both[(contact, entity)] += 1
        predicted[contact] += 1
        actual[entity] += 1
    true_positive = pair_count(both.values())
    predicted_pairs = pair_count(predicted.values())
    actual_pairs = pair_count(actual.values())
    precision = true_positive / predicted_pairs if predicted_pairs else 1.0
    recall = true_positive / actual_pairs if actual_pairs else 1.0
    return precision, recall, missing, len(predicted), len(actual)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--crmpipe", default=os.path.join(ROOT, ".build", "release", "crmpipe"))
    parser.add_argument("--work", default=os.path.join(ROOT, ".bench"))
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    data = os.path.join(args.work, "data-%d" % args.count)
    contacts = os.path.join(data, "contacts.csv")
    truth = os.path.join(data, "truth.csv")
    if not os.path.exists(truth):
        subprocess.run([sys.executable, os.path.join(HERE, "generate_contacts.py"), "--count", str(args.count), "--out", data], check=True)
    size_mb = os.path.getsize(contacts) / 1e6

    baseline_db = os.path.join(args.work, "baseline.sqlite")
    for path in (baseline_db,):
        if os.path.exists(path):
            os.remove(path)
    sqlite_seconds, _ = timed(["sqlite3", baseline_db, "-cmd", ".import --csv %s t" % contacts, ".exit"])

    warehouse = os.path.join(args.work, "warehouse.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(warehouse + suffix):
            os.remove(warehouse + suffix)
    rejects = os.path.join(args.work, "warehouse.rejects.csv")
    if os.path.exists(rejects):
        os.remove(rejects)
    command = [args.crmpipe, "import", "contacts", contacts, "--warehouse", warehouse,
               "--mapping", os.path.join(HERE, "contacts-mapping.yml"), "--as-of", "2026-11-28"]
    crmpipe_seconds, peak_mb = timed(command, stdout=subprocess.DEVNULL)

    precision, recall, missing, predicted, actual = precision_recall(truth, warehouse)
    rows = args.count
    print("rows                %d (%.0f MB)" % (rows, size_mb))
    print("sqlite3 .import     %.2f s" % sqlite_seconds)
    print("crmpipe import      %.2f s  (%.0f rows/s)" % (crmpipe_seconds, rows / crmpipe_seconds))
    print("ratio to sqlite3    %.1fx  (target: at most 6x)" % (crmpipe_seconds / sqlite_seconds))
    print("peak memory         %.0f MiB  (target: under 1024)" % peak_mb)
    print("golden contacts     %d  (truth: %d entities; %d rows not linked)" % (predicted, actual, missing))
    print("pairwise precision  %.4f  (target: at least 0.995)" % precision)
    print("pairwise recall     %.4f  (target: at least 0.97)" % recall)


if __name__ == "__main__":
    main()

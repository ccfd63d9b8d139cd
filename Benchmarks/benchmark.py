#!/usr/bin/env python3
"""Import benchmark: generate N contacts with known duplicates, import them with crmpipe, and
print wall time, rows per second, peak memory, pairwise precision and recall against the truth,
and the wall time of `sqlite3 .import` on the same file in the same invocation, with the ratio.

With --baseline, another binary imports the same file in the same invocation, and the ratio
is printed. Then a night's file (--nightly rows: half of them people already imported) is
imported into each warehouse, with its time and peak memory.

Usage: python3 Benchmarks/benchmark.py [--count N] [--crmpipe PATH] [--baseline PATH] [--nightly N] [--work DIR]
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
    """Runs a command; returns (seconds, peak resident memory of that process in MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: done, with rejected rows
        sys.exit("failed (%d): %s" % (process.returncode, " ".join(command)))
    return seconds, usage.ru_maxrss / 1024.0


def nightly_file(contacts, path, count):
    """A night's file: `count` // 2 rows of people already imported (every so many rows of the
    big file, their job title changed) and as many new ones (another seed), Source IDs apart."""
    with open(contacts, newline="", encoding="utf-8") as f:
        total = sum(1 for _ in f) - 1
    step = max(total // (count // 2), 1)
    with open(contacts, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        again = [row for index, row in enumerate(reader) if index % step == 0][: count // 2]
    title = header.index("Job Title")
    for row in again:
        row[title] = "Head of " + (row[title] or "Sales")
    fresh_dir = path + ".new"
    subprocess.run([sys.executable, os.path.join(HERE, "generate_contacts.py"), "--count", str(count - len(again)),
                    "--out", fresh_dir, "--seed", "43"], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(fresh_dir, "contacts.csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        fresh = [["N" + row[0]] + row[1:] for row in reader]
    shutil.rmtree(fresh_dir)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(again + fresh)


def fresh_warehouse(path):
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    rejects = os.path.splitext(path)[0] + ".rejects.csv"
    if os.path.exists(rejects):
        os.remove(rejects)


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
    # The big file's rows only (a night's file imported after it has lines of its own).
    query = """SELECT s.line, s.entity_id FROM source_rows s JOIN contacts c ON c.id = s.entity_id
               WHERE s.entity = 'contact' AND c.kind = 'person'
                 AND s.file_id = (SELECT min(id) FROM import_files WHERE stage_kind = 'import.contacts')"""
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


def import_command(crmpipe, contacts, warehouse):
    return [crmpipe, "import", "contacts", contacts, "--warehouse", warehouse,
            "--mapping", os.path.join(HERE, "contacts-mapping.yml"), "--as-of", "2026-11-28"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--crmpipe", default=os.path.join(ROOT, ".build", "release", "crmpipe"))
    parser.add_argument("--baseline", help="another crmpipe binary, run on the same files in the same invocation")
    parser.add_argument("--nightly", type=int, default=2000,
                        help="rows of the night's file imported after the big one (0: none)")
    parser.add_argument("--work", default=os.path.join(ROOT, ".bench"))
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    data = os.path.join(args.work, "data-%d" % args.count)
    contacts = os.path.join(data, "contacts.csv")
    truth = os.path.join(data, "truth.csv")
    if not os.path.exists(truth):
        subprocess.run([sys.executable, os.path.join(HERE, "generate_contacts.py"), "--count", str(args.count), "--out", data], check=True)
    size_mb = os.path.getsize(contacts) / 1e6
    nightly = os.path.join(data, "nightly-%d.csv" % args.nightly)
    if args.nightly and not os.path.exists(nightly):
        nightly_file(contacts, nightly, args.nightly)

    baseline_db = os.path.join(args.work, "sqlite3-import.sqlite")
    if os.path.exists(baseline_db):
        os.remove(baseline_db)
    sqlite_seconds, _ = timed(["sqlite3", baseline_db, "-cmd", ".import --csv %s t" % contacts, ".exit"])

    rows = args.count
    print("rows                %d (%.0f MB)" % (rows, size_mb))
    print("sqlite3 .import     %.2f s" % sqlite_seconds)
    binaries = [("crmpipe", args.crmpipe)] + ([("baseline", args.baseline)] if args.baseline else [])
    results = {}
    for name, binary in binaries:
        warehouse = os.path.join(args.work, "%s.sqlite" % name)
        fresh_warehouse(warehouse)
        seconds, peak_mb = timed(import_command(binary, contacts, warehouse), stdout=subprocess.DEVNULL)
        results[name] = seconds
        print("%-9s import    %.2f s  (%.0f rows/s, %.1fx sqlite3; target: at most 6x)"
              % (name, seconds, rows / seconds, seconds / sqlite_seconds))
        print("%-9s memory    %.0f MiB peak  (target: under 1024)" % (name, peak_mb))
        # Before scoring: a child's peak memory counts this process's, copied when it forks.
        if args.nightly:
            night_seconds, night_mb = timed(import_command(binary, nightly, warehouse), stdout=subprocess.DEVNULL)
            print("%-9s nightly   %d rows into %d: %.2f s, %.0f MiB peak  (target: under 2 s and 200 MiB)"
                  % (name, args.nightly, rows, night_seconds, night_mb))
        precision, recall, missing, predicted, actual = precision_recall(truth, warehouse)
        print("%-9s contacts  %d golden  (truth: %d entities; %d rows not linked)" % (name, predicted, actual, missing))
        print("%-9s precision %.4f  recall %.4f  (targets: 0.995, 0.97)" % (name, precision, recall))
    if args.baseline:
        print("ratio to baseline   %.2fx  (import time, crmpipe / baseline)" % (results["crmpipe"] / results["baseline"]))


if __name__ == "__main__":
    main()

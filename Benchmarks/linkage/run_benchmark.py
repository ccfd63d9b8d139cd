#!/usr/bin/env python3
"""Deduplication side by side: crmpipe and Splink 4 on the same contact sets, scored the same way.

    python Benchmarks/linkage/run_benchmark.py [--sets common-names,name-address,febrl3,febrl4]
        [--sizes 5000,100000] [--crmpipe PATH] [--tools crmpipe,splink] [--work DIR]

For each set (and size, for the generated sets) it writes the set with generate_sets.py,
imports it with `crmpipe import contacts`, runs splink_run.py, and scores both with pairwise
precision and recall against truth.csv (pairs of rows inside a predicted cluster against
pairs inside a true entity), as Benchmarks/benchmark.py does. Wall time and peak resident
memory are those of each tool's own process (os.wait4). Prints a table and writes it to
WORK/results.csv. Run it with the .venv-linkage Python (scripts/benchmark-linkage.sh does).
"""
import argparse
import collections
import csv
import os
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GENERATED = ("common-names", "name-address")


def run(command, log_path):
    """Runs a command with output to log_path; returns (seconds, peak RSS MiB, exit code)."""
    with open(log_path, "w") as log:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024.0, child.returncode


def read_truth(path):
    """Line number in contacts.csv (2 = first data row) -> entity; and Source ID -> line."""
    entity_of_line, line_of_id = {}, {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for index, (source_id, entity) in enumerate(reader):
            entity_of_line[index + 2] = entity
            line_of_id[source_id] = index + 2
    return entity_of_line, line_of_id


def pairs(sizes):
    return sum(n * (n - 1) // 2 for n in sizes)


def score(entity_of_line, cluster_of_line):
    """Pairwise precision, recall and F1; rows without a cluster are singletons."""
    both, predicted, actual = collections.Counter(), collections.Counter(), collections.Counter()
    for line, entity in entity_of_line.items():
        cluster = cluster_of_line.get(line, ("alone", line))
        both[(cluster, entity)] += 1
        predicted[cluster] += 1
        actual[entity] += 1
    tp, pp, ap = pairs(both.values()), pairs(predicted.values()), pairs(actual.values())
    precision = tp / pp if pp else 1.0
    recall = tp / ap if ap else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def crmpipe_clusters(binary, data, warehouse, log):
    """Imports contacts.csv; returns (seconds, MiB, line -> contact id) or None on failure."""
    import sqlite3
    mapping = os.path.join(HERE, "mapping.yml")
    for attempt in (1, 2):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(warehouse + suffix):
                os.remove(warehouse + suffix)
        command = [binary, "import", "contacts", os.path.join(data, "contacts.csv"),
                   "--warehouse", warehouse, "--mapping", mapping, "--as-of", "2026-11-28",
                   "--quiet"]
        seconds, mib, code = run(command, log)
        if code in (0, 1):                      # 1: done, some rows rejected
            break
        text = open(log, encoding="utf-8", errors="replace").read()
        if attempt == 1 and "birthday" in text:
            print("warning: this crmpipe does not know the birthday field; importing without it",
                  file=sys.stderr)
            mapping = os.path.join(os.path.dirname(warehouse), "mapping-without-birthday.yml")
            with open(os.path.join(HERE, "mapping.yml")) as src, open(mapping, "w") as dst:
                dst.writelines(l for l in src if not l.startswith("birthday:"))
            continue
        print("crmpipe failed (%d), see %s:\n%s" % (code, log, text[-2000:]), file=sys.stderr)
        return None
    db = sqlite3.connect(warehouse)
    query = """SELECT s.line, s.entity_id FROM source_rows s JOIN contacts c ON c.id = s.entity_id
               WHERE s.entity = 'contact' AND c.kind = 'person'"""
    clusters = dict(db.execute(query))
    db.close()
    return seconds, mib, clusters


def splink_clusters(data, thresholds, line_of_id, log):
    """Runs splink_run.py; returns (seconds, MiB, {threshold: line -> cluster}) or None."""
    prefix = os.path.join(data, "splink")
    command = [sys.executable, os.path.join(HERE, "splink_run.py"),
               os.path.join(data, "contacts.csv"), prefix, "--thresholds", thresholds]
    seconds, mib, code = run(command, log)
    if code != 0:
        print("splink failed (%d), see %s" % (code, log), file=sys.stderr)
        return None
    result = {}
    for t in thresholds.split(","):
        with open("%s-%s.csv" % (prefix, float(t)), newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)
            result[t] = {line_of_id[source_id]: cluster for source_id, cluster in reader}
    return seconds, mib, result


def fold(s):
    s = unicodedata.normalize("NFKD", s.strip().lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def describe(data, entity_of_line):
    """What the set holds: duplicate rows, and entities sharing a (first, last, city) with
    another entity, exactly as written and ignoring case and accents."""
    exact, folded = collections.defaultdict(set), collections.defaultdict(set)
    with open(os.path.join(data, "contacts.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        for line, row in enumerate(reader, start=2):
            key = (row["First Name"], row["Last Name"], row["City"])
            if all(key):
                exact[key].add(entity_of_line[line])
                folded[tuple(fold(k) for k in key)].add(entity_of_line[line])

    def sharing(groups):
        return len({e for es in groups.values() if len(es) > 1 for e in es})

    rows, entities = len(entity_of_line), len(set(entity_of_line.values()))
    return ("%d rows, %d entities, %d duplicate rows (%.1f %%); entities sharing an exact "
            "(first, last, city) with another: %d (%d ignoring case and accents)"
            % (rows, entities, rows - entities, 100.0 * (rows - entities) / rows,
               sharing(exact), sharing(folded)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="common-names,name-address,febrl3,febrl4")
    ap.add_argument("--sizes", default="5000,100000", help="rows of the generated sets")
    ap.add_argument("--tools", default="crmpipe,splink")
    ap.add_argument("--crmpipe", default=os.path.join(ROOT, ".build", "release", "crmpipe"))
    ap.add_argument("--work", default=os.path.join(ROOT, ".bench", "linkage"))
    ap.add_argument("--thresholds", default="0.95,0.9999", help="Splink match probabilities")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    tools = args.tools.split(",")

    jobs = []
    for name in args.sets.split(","):
        sizes = args.sizes.split(",") if name in GENERATED else [None]
        jobs += [(name, size) for size in sizes]
    results = []
    header = "%-14s %8s  %-15s %9s %7s %7s %8s %9s" % (
        "set", "rows", "tool", "precision", "recall", "F1", "wall s", "peak MiB")
    for name, size in jobs:
        data = os.path.join(args.work, name if size is None else "%s-%s" % (name, size))
        os.makedirs(data, exist_ok=True)
        truth = os.path.join(data, "truth.csv")
        if not os.path.exists(truth):
            command = [sys.executable, os.path.join(HERE, "generate_sets.py"), "--set", name,
                       "--out", data, "--seed", str(args.seed)]
            subprocess.run(command + (["--count", size] if size else []), check=True)
        entity_of_line, line_of_id = read_truth(truth)
        print("%s: %s" % (os.path.basename(data), describe(data, entity_of_line)), file=sys.stderr)
        rows = len(entity_of_line)
        if "crmpipe" in tools:
            got = crmpipe_clusters(args.crmpipe, data, os.path.join(data, "warehouse.sqlite"),
                                   os.path.join(data, "crmpipe.log"))
            if got:
                results.append((name, rows, "crmpipe") + score(entity_of_line, got[2]) + got[:2])
                print("  crmpipe done in %.1f s" % got[0], file=sys.stderr)
        if "splink" in tools:
            got = splink_clusters(data, args.thresholds, line_of_id,
                                  os.path.join(data, "splink.log"))
            if got:
                for t, clusters in got[2].items():
                    results.append((name, rows, "splink@" + t) + score(entity_of_line, clusters)
                                   + got[:2])
                print("  splink done in %.1f s" % got[0], file=sys.stderr)

    print(header)
    for r in results:
        print("%-14s %8d  %-15s %9.4f %7.4f %7.4f %8.1f %9.0f" % r)
    with open(os.path.join(args.work, "results.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["set", "rows", "tool", "precision", "recall", "f1", "wall_s", "peak_mib"])
        for r in results:
            out.writerow([r[0], r[1], r[2]] + ["%.4f" % x for x in r[3:6]] + ["%.2f" % r[6],
                                                                             "%.0f" % r[7]])


if __name__ == "__main__":
    main()

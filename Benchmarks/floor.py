#!/usr/bin/env python3
"""What the contacts import cannot go below, against `sqlite3 .import` in the same invocation.

The import must parse every phone number with libphonenumber and write the warehouse with SQLite
(golden contacts, their emails, phones, addresses and external ids, and every source row with its
text). This measures those two alone, without any of crmpipe's own work:

- SQLite: the contact tables of a finished import copied into an empty warehouse of the same
  schema, in id order, with `INSERT ... SELECT` in one transaction, foreign keys off, the four
  indexes a bulk import builds at its end built the same way, then the commit: the least
  SQLite does to write what the import writes. It runs on one thread.
- libphonenumber: crmpipe's own phone entry point in a C++ loop over the file's numbers, on one
  thread and on two (`phone_cost`, built by scripts/phone-cost-build.sh).

It prints each against `sqlite3 .import` of the same file, and the floor of the import on two
cores: SQLite's copy on one core, the numbers on the other, the rest of the two cores' time
shared, everything else free.

Usage: python3 Benchmarks/floor.py --count N --phone-cost PATH [--crmpipe PATH] [--work DIR]
"""
import argparse
import os
import re
import sqlite3
import subprocess
import sys
import time

from benchmark import HERE, ROOT, timed

# The indexes a bulk contacts import drops and builds again at its end (Schema.deferrableIndexes).
DEFERRED = ["contacts_match_name", "contact_emails_key", "contact_phones_e164", "contacts_created"]
# The tables a contacts import writes, parents first.
TABLES = ["import_runs", "import_files", "contacts", "source_rows", "contact_emails", "contact_phones",
          "contact_addresses", "contact_external_ids"]


def sqlite_copy(warehouse, target):
    """Copies the contact tables of `warehouse` into an empty warehouse of the same schema;
    returns the wall seconds, the CPU seconds of this process and the rows of each table copied."""
    for suffix in ("", "-journal"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    source = sqlite3.connect(warehouse)
    schema = [row for row in source.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
              if not row[0].startswith("sqlite_")]
    indexes = {name: sql for name, sql in schema if name in DEFERRED}
    source.close()
    db = sqlite3.connect(target, isolation_level=None)
    for name, sql in schema:
        db.execute(sql)
    # crmpipe's settings for a bulk load (Warehouse: cache, temp store; withRollbackJournal).
    for pragma in ("foreign_keys = OFF", "journal_mode = DELETE", "synchronous = NORMAL",
                   "cache_size = -131072", "temp_store = MEMORY"):
        db.execute("PRAGMA " + pragma)
    db.execute("ATTACH ? AS old", (warehouse,))
    cpu = time.process_time()
    start = time.perf_counter()
    db.execute("BEGIN")
    for name in indexes:
        db.execute("DROP INDEX " + name)
    for table in TABLES:
        order = "" if table in ("contact_external_ids", "contact_emails", "contact_phones") else " ORDER BY rowid"
        db.execute("INSERT INTO main.%s SELECT * FROM old.%s%s" % (table, table, order))
    for sql in indexes.values():
        db.execute(sql)
    db.execute("COMMIT")
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    counts = {table: db.execute("SELECT count(*) FROM main.%s" % table).fetchone()[0] for table in TABLES[2:]}
    db.close()
    return wall, cpu, counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--phone-cost", required=True)
    parser.add_argument("--crmpipe", default=os.path.join(ROOT, ".build", "release", "crmpipe"))
    parser.add_argument("--work", default=os.path.join(ROOT, ".bench"))
    args = parser.parse_args()

    data = os.path.join(args.work, "data-%d" % args.count)
    contacts = os.path.join(data, "contacts.csv")
    phones = os.path.join(data, "phones.tsv")
    if not os.path.exists(phones):
        sys.exit("missing %s: run scripts/benchmark-floor.sh" % phones)

    baseline_db = os.path.join(args.work, "floor-baseline.sqlite")
    if os.path.exists(baseline_db):
        os.remove(baseline_db)
    baseline, _ = timed(["sqlite3", baseline_db, "-cmd", ".import --csv %s t" % contacts, ".exit"])
    os.remove(baseline_db)

    # A finished import of the same file to copy from (not timed).
    warehouse = os.path.join(args.work, "floor-warehouse.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(warehouse + suffix):
            os.remove(warehouse + suffix)
    imported = subprocess.run([args.crmpipe, "import", "contacts", contacts, "--warehouse", warehouse,
                               "--mapping", os.path.join(HERE, "contacts-mapping.yml"), "--as-of", "2026-11-28",
                               "--quiet"], stdout=subprocess.DEVNULL, check=False)
    if imported.returncode not in (0, 1):  # crmpipe's 1: done, with rejected rows
        sys.exit("the import to copy from failed (%d)" % imported.returncode)
    copy_wall, copy_cpu, counts = sqlite_copy(warehouse, os.path.join(args.work, "floor-copy.sqlite"))

    output = subprocess.run([args.phone_cost, phones], capture_output=True, text=True, check=True).stdout
    one = float(re.search(r"one thread\s+([\d.]+) s", output).group(1))
    two = float(re.search(r"two threads\s+([\d.]+) s", output).group(1))
    numbers = re.search(r"numbers\s+(\d+)", output).group(1)

    # SQLite writes on one thread; the numbers take the other core, and the rest of both is shared.
    floor = max(copy_wall, (copy_wall + one) / 2)
    print("rows                   %d" % args.count)
    print("sqlite3 .import        %.2f s" % baseline)
    print("SQLite, the copy       %.2f s  (%.1fx; %.2f s of CPU; %s)" % (
        copy_wall, copy_wall / baseline, copy_cpu, ", ".join("%s %d" % item for item in counts.items())))
    print("libphonenumber         %.2f s on one thread, %.2f s on two  (%.1fx, %.1fx; %s numbers)" % (
        one, two, one / baseline, two / baseline, numbers))
    print("floor on two cores     %.2f s  (%.1fx; target: the import within 6x)" % (floor, floor / baseline))
    print("left for crmpipe       %.2f s of CPU under 6x  (%.2f us a row)" % (
        max(0.0, 2 * 6 * baseline - copy_wall - one), max(0.0, 2 * 6 * baseline - copy_wall - one) * 1e6 / args.count))


if __name__ == "__main__":
    main()

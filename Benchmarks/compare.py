#!/usr/bin/env python3
"""crmpipe against what a user would use instead, on the same generated files.

Files (made once, kept in .bench/compare): 1,000,000 contacts (Benchmarks/generate_contacts.py,
a quarter of them duplicates), 200,000 deals in three currencies and 100,000 Twilio calls (CSV
export). Then, each timed with its peak memory:

- `sqlite3 .import` of the three raw files: the ingestion floor, no checks at all;
- the pandas script an analyst would write (Benchmarks/pandas_nightly.py): read, drop duplicate
  emails, write SQLite, sales funnel, forecast and per-manager sheets with XlsxWriter;
- crmpipe's nightly run on them (Benchmarks/compare-pipeline.yml): every row checked, phone
  numbers to E.164, fuzzy deduplication with lineage, exact money, the same three reports.

Usage: python3 Benchmarks/compare.py [--contacts N] [--deals N] [--calls N] [--crmpipe PATH] [--python PATH]
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
USERS = ["u%02d" % i for i in range(20)]
STAGES = ["Initial contact", "Application of initial fit criteria", "Suspect", "Need assessment",
          "Qualified prospect", "Proposal", "Negotiations", "Closure/Transaction", "Unsuccessfully closed"]


def timed(command, **kwargs):
    """Runs a command; returns (seconds, peak resident memory in MiB, exit status)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # crmpipe's 1: done, with rejected rows
        sys.exit("failed (%d): %s\n%s" % (code, " ".join(command), process.stderr.read().decode()[-2000:]))
    return seconds, usage.ru_maxrss / 1024.0, code


def day(rng, first_day, days):
    t = time.mktime((2026, 1, 1, 12, 0, 0, 0, 0, 0)) - time.timezone + (first_day + rng.randrange(days)) * 86400
    return time.strftime("%Y-%m-%d", time.gmtime(t))


def generate(work, contacts, deals, calls):
    os.makedirs(work, exist_ok=True)
    contacts_csv = os.path.join(work, "contacts.csv")
    if not os.path.exists(contacts_csv):
        subprocess.run([sys.executable, os.path.join(HERE, "generate_contacts.py"), "--count", str(contacts),
                        "--out", work], check=True)
    emails = []
    with open(contacts_csv, encoding="utf-8") as f:
        next(f)
        for index, line in enumerate(f):
            if index % 50 == 0:
                parts = line.split(",")
                if len(parts) > 4 and "@" in parts[4]:
                    emails.append(parts[4])
    rng = random.Random(20261129)
    deals_csv = os.path.join(work, "deals.csv")
    if not os.path.exists(deals_csv):
        with open(deals_csv, "w", encoding="utf-8") as f:
            f.write("Deal ID,Title,Contact Email,Responsible,Stage,Probability,Currency,Budget,Bid Type,Periods,"
                    "Expected Close,Actual Close,Created\n")
            for i in range(1, deals + 1):
                stage = rng.choice(STAGES)
                closed = day(rng, 0, 365) if stage in ("Closure/Transaction", "Unsuccessfully closed") else ""
                monthly = rng.random() < 0.2
                f.write("D%07d,Deal %d,%s,%s,%s,%s,%s,%d.%02d,%s,%s,%s,%s,%s\n" % (
                    i, i, rng.choice(emails) if emails and rng.random() < 0.7 else "", rng.choice(USERS), stage,
                    rng.randrange(101) if rng.random() < 0.5 else "", rng.choice(["EUR", "EUR", "USD", "GBP"]),
                    rng.randrange(100, 200000), rng.randrange(100), "per month" if monthly else "fixed",
                    rng.randrange(1, 13) if monthly else "", day(rng, 0, 365), closed, day(rng, 0, 330)))
    calls_csv = os.path.join(work, "calls.csv")
    if not os.path.exists(calls_csv):
        with open(calls_csv, "w", encoding="utf-8") as f:
            f.write("DateCreated,Sid,Direction,From,To,Status,Duration,Price,PriceUnit,StartTime,EndTime,ParentCallSid,"
                    "AnsweredBy,CallerName,DateUpdated,AccountSid\n")
            for i in range(calls):
                t = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(1_780_000_000 + i * 97))
                incoming = rng.random() < 0.5
                number = "+336%08d" % rng.randrange(10 ** 8)
                agent = "client:" + rng.choice(USERS)
                f.write('"%s",CA%032x,%s,%s,%s,%s,%d,-0.0100,USD,"%s","%s",,,,"%s",AC%032x\n' % (
                    t, i, "inbound" if incoming else "outbound-api", number if incoming else agent,
                    agent if incoming else number, rng.choice(["completed", "completed", "no-answer", "busy"]),
                    rng.randrange(600), t, t, t, 1))
    with open(os.path.join(work, "settings.yml"), "w") as f:
        f.write("base_currency: EUR\ntime_zone: Europe/Paris\ndefault_region: FR\nusers:\n")
        for user in USERS:
            f.write("  - {id: %s, name: User %s, twilio: ['client:%s']}\n" % (user, user[1:], user))
        f.write("exchange_rates: [{from: USD, to: EUR, rate: 0.92}, {from: GBP, to: EUR, rate: 1.17}]\n")
    shutil.copy(os.path.join(HERE, "compare-pipeline.yml"), os.path.join(work, "pipeline.yml"))
    return contacts_csv, deals_csv, calls_csv


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--deals", type=int, default=200_000)
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--crmpipe", default=os.path.join(ROOT, ".build", "release", "crmpipe"))
    parser.add_argument("--python", default=sys.executable, help="a Python with pandas and XlsxWriter")
    args = parser.parse_args()
    work = os.path.join(ROOT, ".bench", "compare-%d" % args.contacts)
    files = generate(work, args.contacts, args.deals, args.calls)
    rows = sum(sum(1 for _ in open(path, encoding="utf-8")) - 1 for path in files)

    results = []
    floor = os.path.join(work, "floor.sqlite")
    if os.path.exists(floor):
        os.remove(floor)
    imports = []
    for path, table in zip(files, ("contacts", "deals", "calls")):
        imports += ["-cmd", ".import --csv %s %s" % (path, table)]
    results.append(("sqlite3 .import", "raw rows into three tables, no checks") +
                   timed(["sqlite3", *imports, floor, ".quit"]))

    out = os.path.join(work, "pandas")
    shutil.rmtree(out, ignore_errors=True)
    results.append(("pandas script", "drop duplicate emails, funnel, forecast, per-manager sheets") +
                   timed([args.python, os.path.join(HERE, "pandas_nightly.py"), *files, out]))

    out = os.path.join(work, "crmpipe")
    shutil.rmtree(out, ignore_errors=True)
    results.append(("crmpipe run", "checks, E.164, fuzzy dedupe with lineage, exact money, same reports") +
                    timed([args.crmpipe, "run", os.path.join(work, "pipeline.yml"), "--as-of", "2026-11-28", "--quiet"],
                          env=dict(os.environ, CRMPIPE_OUT=out)))

    print("%d rows: %d contacts, %d deals, %d calls" % (rows, args.contacts, args.deals, args.calls))
    print("%-16s %9s %9s %12s %10s  %s" % ("", "seconds", "peak MiB", "rows/s", "vs pandas", "does"))
    pandas_seconds, pandas_mib = results[1][2], results[1][3]
    for name, does, seconds, mib, _ in results:
        print("%-16s %9.2f %9.0f %12.0f %9.2fx  %s" % (name, seconds, mib, rows / seconds, seconds / pandas_seconds, does))
    crmpipe_seconds, crmpipe_mib = results[2][2], results[2][3]
    print("crmpipe against pandas: %.2fx the time, %.2fx the memory (target: below 1 for both)"
          % (crmpipe_seconds / pandas_seconds, crmpipe_mib / pandas_mib))
    print("crmpipe against sqlite3 .import: %.1fx the time" % (crmpipe_seconds / results[0][2]))


if __name__ == "__main__":
    main()

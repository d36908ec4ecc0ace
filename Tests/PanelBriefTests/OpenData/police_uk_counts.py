#!/usr/bin/env python3
"""Independent counts over police.uk street and outcomes files, for PoliceUKTests.

Python standard library only (csv, collections, re); it shares no code with PanelBrief.
Usage: python3 police_uk_counts.py STREET.csv [STREET.csv ...] -- OUTCOMES.csv [...]
With no arguments it reads ../shared/realdata/police-uk (City of London, 2025-01).

The rules it applies are the ones PoliceUKData states:
- street rows: Crime type 'Anti-social behaviour' = ASB, accepted and counted apart (never
  de-duplicated: ASB rows have no ID, so identical rows can be different incidents);
  other rows need a Crime ID and a Month YYYY-MM; rows sharing a Crime ID: the one with the
  latest Month, then the later file, then the later line, wins; the others are superseded;
- outcome rows: need a Crime ID, a Month YYYY-MM and an Outcome type; rows sharing
  (Crime ID, Month): the later file/line wins, the others are superseded;
- each crime's outcome: the outcome row for its Crime ID with the latest Month (then later
  file/line); failing that, the street file's Last outcome category.
"""
import collections
import csv
import os
import re
import sys

MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def main(argv):
    if argv:
        cut = argv.index("--")
        streets, outcomes = argv[:cut], argv[cut + 1:]
    else:
        here = os.path.dirname(os.path.abspath(__file__))
        d = os.path.normpath(os.path.join(here, "../../../../shared/realdata/police-uk"))
        streets = [os.path.join(d, "2025-01-city-of-london-street.csv")]
        outcomes = [os.path.join(d, "2025-01-city-of-london-outcomes.csv")]

    crimes = {}  # Crime ID -> (sortkey, row dict)
    asb = []
    for fi, path in enumerate(streets):
        header, rows = read(path)
        read_n = len(rows)
        rejected = collections.Counter()
        for li, row in enumerate(rows, start=2):
            if len(row) != len(header):
                rejected["wrong number of fields"] += 1
                continue
            r = dict(zip(header, row))
            if not MONTH.match(r["Month"]):
                rejected["Month is not YYYY-MM"] += 1
                continue
            if r["Crime type"].strip().lower() == "anti-social behaviour":
                asb.append(r)
                continue
            if not r["Crime ID"].strip():
                rejected["no Crime ID"] += 1
                continue
            key = (r["Month"], fi, li)
            cid = r["Crime ID"].strip()
            if cid not in crimes or crimes[cid][0] < key:
                crimes[cid] = (key, r)
        print(f"street {os.path.basename(path)}: read {read_n} rejected {dict(rejected)}")

    outs = {}  # (Crime ID, Month) -> (sortkey, row)
    for fi, path in enumerate(outcomes):
        header, rows = read(path)
        rejected = collections.Counter()
        for li, row in enumerate(rows, start=2):
            if len(row) != len(header):
                rejected["wrong number of fields"] += 1
                continue
            r = dict(zip(header, row))
            if not MONTH.match(r["Month"]):
                rejected["Month is not YYYY-MM"] += 1
                continue
            if not r["Crime ID"].strip() or not r["Outcome type"].strip():
                rejected["no Crime ID or Outcome type"] += 1
                continue
            k = (r["Crime ID"].strip(), r["Month"])
            key = (fi, li)
            if k not in outs or outs[k][0] < key:
                outs[k] = (key, r)
        print(f"outcomes {os.path.basename(path)}: read {len(rows)} rejected {dict(rejected)}")

    street_rows_total = sum(len(read(p)[1]) for p in streets)
    outcome_rows_total = sum(len(read(p)[1]) for p in outcomes)
    print("street crimes accepted (distinct Crime IDs):", len(crimes))
    print("ASB rows:", len(asb))
    print("street rows superseded:", street_rows_total - len(crimes) - len(asb))
    print("outcome rows accepted:", len(outs))
    print("outcome rows superseded:", outcome_rows_total - len(outs))

    latest = {}
    for (cid, month), (key, r) in outs.items():
        k = (month,) + key
        if cid not in latest or latest[cid][0] < k:
            latest[cid] = (k, r["Outcome type"])
    with_row = [c for c in crimes if c in latest]
    print("crimes with an outcome row:", len(with_row))
    other = [(cid, m) for (cid, m) in outs if cid not in crimes]
    print("outcome rows for crimes not in the street files:", len(other),
          "| distinct Crime IDs:", len({c for c, _ in other}))

    final = {}
    for cid, (_, r) in crimes.items():
        final[cid] = latest[cid][1] if cid in latest else r["Last outcome category"]
    dist = collections.Counter(final.values())
    print("distribution by outcome category (each crime's latest outcome):")
    for cat, n in sorted(dist.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:4d}  {cat}")
    by_type = collections.defaultdict(collections.Counter)
    for cid, (_, r) in crimes.items():
        by_type[r["Crime type"]][final[cid]] += 1
    print("by crime type:")
    for t in sorted(by_type):
        parts = ", ".join(f"{c}: {n}" for c, n in sorted(by_type[t].items(), key=lambda kv: (-kv[1], kv[0])))
        print(f"  {t} ({sum(by_type[t].values())}): {parts}")
    by_force = collections.Counter(r["Falls within"] for _, r in crimes.values())
    print("crimes by force:", dict(sorted(by_force.items())))
    by_month = collections.Counter(r["Month"] for _, r in crimes.values())
    print("crimes by month:", dict(sorted(by_month.items())))
    street_only = collections.Counter(final[c] for c in crimes if c not in latest)
    print("outcome taken from street Last outcome category:", sum(street_only.values()))


if __name__ == "__main__":
    main(sys.argv[1:])

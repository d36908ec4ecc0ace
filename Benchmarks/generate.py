#!/usr/bin/env python3
"""Writes a large, deterministic crimes export in the seed force's layout, and a configuration
that reads it, for the ingest benchmark.

    python3 Benchmarks/generate.py ROWS OUT_DIR
      -> OUT_DIR/crimes-<ROWS>.csv  and  OUT_DIR/bench-<ROWS>.yml
    python3 Benchmarks/generate.py ROWS OUT_DIR --layout wide
      -> OUT_DIR/crimes-wide-<ROWS>.csv  and  OUT_DIR/bench-wide-<ROWS>.yml  (see write_wide)

The export looks like the seed fixture's (Fixtures/seed-force/exports/crimes-*.csv):
header `Occurrence Ref,Recorded Date,HO Offence Code,Offence,Outcome,Outcome Date,OIC Department`,
UTF-8, LF, dates dd/MM/yyyy, fields with commas or quotes in double quotes (doubled quotes inside).
Recorded dates span 2015-01-01 to 2024-12-31; the configuration covers calendar years 2015-2024
with extraction date 2025-02-05, so every row with a good date is counted.

What the counts must cope with (identical for every contender, see check.py):
- the 15 outcome labels of Fixtures/seed-force/panel.yml, about 4% of rows spelled with other
  case or surrounding spaces (" UU unresolved", "1: CHARGED"), which count as the label after
  trim + lowercase; plus one label the configuration does not map (counted on its own);
- about 0.05% of rows with a recorded date that does not parse as dd/MM/yyyy: impossible dates
  (31/02/2021, 29/02/2023, 00/05/2020, 12/13/2019), ISO dates, "n/a", empty. These are set aside;
- outcome dates on about 61% of rows (80% of those not "UU unresolved"), never before the
  recorded date or after extraction.
References are unique and never empty (no duplicates to supersede, no empty-reference rejects).

Deterministic: a fixed-seed random.Random, no clock, so the same ROWS gives the same bytes.
"""

import bisect
import os
import random
import sys
from datetime import date, timedelta

# The configured labels (Fixtures/seed-force/panel.yml, crimes source) and their weights.
OUTCOMES = [
    ("1: Charged", 60),
    ("1: Summonsed/postal requisition", 8),
    ("10: Police - formal action not in public interest", 4),
    ("13: Named suspect but victim/key witness deceased or too ill", 2),
    ("14: Victim declines/unable to support action to identify offender", 40),
    ("15: CPS - named suspect, victim supports but evidential difficulties", 12),
    ("15: Police - named suspect, victim supports but evidential difficulties", 120),
    ("16: Victim declines/withdraws support - named suspect identified", 150),
    ("18: Investigation complete no suspect identified", 110),
    ("20: Other body/agency has investigation primacy", 60),
    ("21: Police - named suspect, investigation not in the public interest", 6),
    (
        "22: Diversionary, educational or intervention activity, not in public interest to take further action",
        5,
    ),
    ("Cancelled / Transferred", 45),
    ("Unknown", 10),
    ("UU unresolved", 200),
]
# A label the configuration does not map (PanelBrief counts it as "Unmapped: <label>").
UNMAPPED = "17: Prosecution prevented - suspect under age"

OFFENCES = [
    ("106/01", "Holding a person in slavery or servitude (MSA 2015 s1(1)(a))"),
    ("106/02", "Requiring a person to perform forced or compulsory labour (MSA 2015 s1(1)(b))"),
    ("106", "Slavery, servitude, forced or compulsory labour (MSA 2015 s1)"),
    ("106/03", "Arranging or facilitating the travel of another person with a view to exploitation"),
    ("106/04", 'Human trafficking, "county lines" exploitation (MSA 2015 s2)'),
    ("106/05", "Committing an offence with intent to commit an offence under s2"),
]
DEPARTMENTS = [
    "Modern Slavery Team",
    "Public Protection Unit",
    "CID",
    "Serious and Organised Crime, Economic Crime",
    "Neighbourhood Policing",
]
BAD_DATES = ["31/02/2021", "29/02/2023", "00/05/2020", "12/13/2019", "2021-03-04", "n/a", ""]

FIRST = date(2015, 1, 1)
SPAN = (date(2024, 12, 31) - FIRST).days + 1
EXTRACTION = date(2025, 2, 5)


def csv_field(text: str) -> str:
    if "," in text or '"' in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def variant(label: str, r: random.Random) -> str:
    k = r.randrange(4)
    if k == 0:
        return label.upper()
    if k == 1:
        return label.lower()
    if k == 2:
        return " " + label + "  "
    return label + " "


# The layout "with other columns" (issue 11's second file): 11 columns in another order, with other
# names, ISO dates, and quoted text with commas (and doubled quotes) in several columns, about
# 159 bytes a row (5M rows: ~795 MB).
WIDE_HEADER = (
    "Crime Number,Beat,Offence Description,Location Description,Date Recorded,Time Recorded,"
    "Investigation Outcome,Outcome Date,Officer In Case,Victim Age Band,Modus Operandi\n"
)
WIDE_OFFENCES = [
    "Slavery, servitude and forced labour",
    "Human trafficking (MSA 2015 s2)",
    'Trafficking for "county lines" drug supply',
    "Arranging travel for exploitation",
    "Forced labour",
]
WIDE_LOCATIONS = ["Car wash, industrial estate", "Nail bar", "Private dwelling", "Farm, rural",
                  "Hotel", "Street"]
WIDE_OFFICERS = ["Smith, J", "Patel, A", "O'Brien, K", "Nowak, M", "Okafor, T", "Jones, R"]
WIDE_AGES = ["0-17", "18-24", "25-34", "35-44", "45-64", "65+", "Unknown"]
WIDE_MO = ['Online "job offer", abroad', "Debt bondage", "Cash work, long hours", "", ""]
WIDE_BAD_DATES = ["2021-02-31", "2023-02-29", "2020-05-00", "2019-13-12", "04/03/2021", "n/a", ""]


def write_wide(rows: int, out: str) -> None:
    """The wide layout: same labels, weights, bad-date share and outcome-date rule as the seed
    layout; its own seed, so it is deterministic too."""
    os.makedirs(out, exist_ok=True)
    csv_path = os.path.join(out, f"crimes-wide-{rows}.csv")
    yml_path = os.path.join(out, f"bench-wide-{rows}.yml")
    r = random.Random(795)
    labels = [l for l, _ in OUTCOMES] + [UNMAPPED]
    weights = [w for _, w in OUTCOMES] + [3]
    cum = []
    t = 0
    for w in weights:
        t += w
        cum.append(t)
    quoted_labels = [csv_field(l) for l in labels]
    offences = [csv_field(o) for o in WIDE_OFFENCES]
    locations = [csv_field(o) for o in WIDE_LOCATIONS]
    officers = [csv_field(o) for o in WIDE_OFFICERS for _ in range(3)]
    mos = [csv_field(m) for m in WIDE_MO]
    extraction_offset = (EXTRACTION - FIRST).days
    iso = [(FIRST + timedelta(days=i)).isoformat() for i in range(extraction_offset + 1)]
    tmp = csv_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(WIDE_HEADER)
        batch = []
        for n in range(rows):
            d = r.randrange(SPAN)
            year = 2015 + d * 10 // SPAN
            i = bisect.bisect_right(cum, r.randrange(t))
            label = csv_field(variant(labels[i], r)) if r.random() < 0.04 else quoted_labels[i]
            if r.random() < 0.0005:
                recorded = WIDE_BAD_DATES[r.randrange(len(WIDE_BAD_DATES))]
                outcome_date = ""
            else:
                recorded = iso[d]
                if i != 14 and r.random() < 0.8:
                    outcome_date = iso[d + min(int(r.expovariate(1 / 120)), extraction_offset - d)]
                else:
                    outcome_date = ""
            batch.append(
                f"{year % 100}/{n:08d},{'NSEW'[n % 4]}{n % 37:02d},{offences[r.randrange(5)]},"
                f"{locations[r.randrange(6)]},{recorded},{r.randrange(24):02d}:{r.randrange(60):02d},"
                f"{label},{outcome_date},{officers[r.randrange(18)]},{WIDE_AGES[r.randrange(7)]},"
                f"{mos[r.randrange(5)]}\n"
            )
            if len(batch) == 100_000:
                f.write("".join(batch))
                batch.clear()
        f.write("".join(batch))
    os.replace(tmp, csv_path)
    write_config(yml_path, rows, os.path.basename(csv_path), "wide layout", "Crime Number",
                 "Date Recorded", "Investigation Outcome", "Outcome Date", "yyyy-MM-dd")
    print(f"wrote {csv_path} ({os.path.getsize(csv_path)} bytes) and {yml_path}")


def write_config(yml_path, rows, csv_name, what, reference, recorded, outcome, outcome_date, fmt):
    outcome_lines = "\n".join(
        f'      "{l}": {l.split(":")[0] if l[0].isdigit() else {"Cancelled / Transferred": "cancelled", "Unknown": "unknown", "UU unresolved": "unresolved"}[l]}'
        for l, _ in OUTCOMES
    )
    with open(yml_path, "w", encoding="utf-8") as f:
        f.write(
            f"""# Generated by Benchmarks/generate.py {rows} ({what}): the seed force's crimes source over a large export.
title: Ingest benchmark ({rows} rows)
subtitle: Generated data
organisation: Benchmark Force
marking: OFFICIAL-SENSITIVE
audience: restricted
contact: benchmark@example.org
period:
  basis: calendar
  years: 2015-2024
extraction_date: 2025-02-05

sources:
  - name: crimes
    kind: crimes
    files:
      - {csv_name}
    columns:
      reference: {reference}
      recorded_date: {recorded}
      outcome: {outcome}
      outcome_date: {outcome_date}
    date_format: {fmt}
    outcomes:
{outcome_lines}
"""
        )


def main() -> None:
    args = sys.argv[1:]
    layout = "seed"
    if "--layout" in args:
        i = args.index("--layout")
        layout = args[i + 1]
        del args[i : i + 2]
    if len(args) != 2 or layout not in ("seed", "wide"):
        sys.exit("usage: generate.py ROWS OUT_DIR [--layout seed|wide]")
    rows = int(args[0])
    out = args[1]
    if layout == "wide":
        write_wide(rows, out)
        return
    os.makedirs(out, exist_ok=True)
    csv_path = os.path.join(out, f"crimes-{rows}.csv")
    yml_path = os.path.join(out, f"bench-{rows}.yml")
    r = random.Random(20240205)

    labels = [l for l, _ in OUTCOMES] + [UNMAPPED]
    weights = [w for _, w in OUTCOMES] + [3]
    cum = []
    t = 0
    for w in weights:
        t += w
        cum.append(t)
    quoted_labels = [csv_field(l) for l in labels]
    offences = [f"{code},{csv_field(text)}" for code, text in OFFENCES]
    departments = [csv_field(d) for d in DEPARTMENTS]
    # Every day's text once: formatting dates is the generator's own hot spot.
    day_text = [(FIRST + timedelta(days=i)).strftime("%d/%m/%Y") for i in range(SPAN)]
    extraction_offset = (EXTRACTION - FIRST).days
    all_days = [(FIRST + timedelta(days=i)).strftime("%d/%m/%Y") for i in range(extraction_offset + 1)]


    tmp = csv_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write("Occurrence Ref,Recorded Date,HO Offence Code,Offence,Outcome,Outcome Date,OIC Department\n")
        batch = []
        for n in range(rows):
            d = r.randrange(SPAN)
            year = 2015 + d * 10 // SPAN  # only for the reference's look
            ref = f"MS/{year % 100:02d}/{n:08d}"
            i = bisect.bisect_right(cum, r.randrange(t))
            u = r.random()
            if u < 0.04:
                label = csv_field(variant(labels[i], r))
            else:
                label = quoted_labels[i]
            if r.random() < 0.0005:
                recorded = BAD_DATES[r.randrange(len(BAD_DATES))]
                outcome_date = ""
            else:
                recorded = day_text[d]
                if i != 14 and r.random() < 0.8:  # "UU unresolved" has no outcome date
                    lag = min(int(r.expovariate(1 / 120)), extraction_offset - d)
                    outcome_date = all_days[d + lag]
                else:
                    outcome_date = ""
            batch.append(
                f"{ref},{recorded},{offences[r.randrange(len(offences))]},{label},{outcome_date},"
                f"{departments[r.randrange(len(departments))]}\n"
            )
            if len(batch) == 100_000:
                f.write("".join(batch))
                batch.clear()
        f.write("".join(batch))
    os.replace(tmp, csv_path)

    outcome_lines = "\n".join(
        f'      "{l}": {l.split(":")[0] if l[0].isdigit() else {"Cancelled / Transferred": "cancelled", "Unknown": "unknown", "UU unresolved": "unresolved"}[l]}'
        for l, _ in OUTCOMES
    )
    with open(yml_path, "w", encoding="utf-8") as f:
        f.write(
            f"""# Generated by Benchmarks/generate.py {rows}: the seed force's crimes source over a large export.
title: Ingest benchmark ({rows} rows)
subtitle: Generated data
organisation: Benchmark Force
marking: OFFICIAL-SENSITIVE
audience: restricted
contact: benchmark@example.org
period:
  basis: calendar
  years: 2015-2024
extraction_date: 2025-02-05

sources:
  - name: crimes
    kind: crimes
    files:
      - {os.path.basename(csv_path)}
    columns:
      reference: Occurrence Ref
      recorded_date: Recorded Date
      outcome: Outcome
      outcome_date: Outcome Date
    date_format: dd/MM/yyyy
    outcomes:
{outcome_lines}
"""
        )
    print(f"wrote {csv_path} ({os.path.getsize(csv_path)} bytes) and {yml_path}")


if __name__ == "__main__":
    main()

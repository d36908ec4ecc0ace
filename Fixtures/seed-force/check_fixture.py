#!/usr/bin/env python3
"""Independent check of the seed-force fixture (Python standard library only).

Reads the generated exports in Fixtures/seed-force/exports, applies the ingest's normalisation
(trim, collapse inner whitespace, case-fold) and rejection rules, and compares every cell of the
three seed tables in ../shared/seed-tables (relative to the repository root). Also checks the file
formats, the rules each row must keep, and that the rows rejected are exactly those listed in
Fixtures/seed-force/README.md.

    python3 Fixtures/seed-force/check_fixture.py <repository root>

Prints every difference and exits 1 if there is any.
"""

import csv
import datetime as dt
import io
import os
import re
import sys

YEARS = [2020, 2021, 2022, 2023]
EXTRACTION = dt.date(2024, 2, 5)
UNCLASSIFIED = {"unknown", "uu unresolved"}
# The configuration's mapping of the team's activity labels to the published measures.
ACTIVITY_TO_MEASURE = {
    "pvot engaged": "PVOT engaged with",
    "pvot liberated": "PVOT liberated",
    "s45 defence request": "S45 defence assistance",
    "nrm referral": "Total NRM occurrences",
}
CRIMES_HEADER = ["Occurrence Ref", "Recorded Date", "HO Offence Code", "Offence", "Outcome",
                 "Outcome Date", "OIC Department"]
CONTACT_HEADER = ["Incident No", "Created", "How Received", "Incident Type"]
TEAM_HEADER = ["Activity Date", "Activity", "Officer"]
MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}

problems = []


def problem(message):
    problems.append(message)


def norm(label):
    return " ".join(label.split()).casefold()


def uk_date(text):
    """dd/MM/yyyy strictly, or None."""
    m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", text)
    if not m:
        return None
    try:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None


def created_time(text):
    """yyyy-MM-dd HH:mm strictly, or None."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})", text)
    if not m:
        return None
    try:
        return dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]))
    except ValueError:
        return None


def read_table(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def read_export(path, bom, crlf, header):
    """Checks the encoding and line ends, then yields (line, fields) for each data record."""
    raw = open(path, "rb").read()
    name = os.path.basename(path)
    if raw.startswith(b"\xef\xbb\xbf") != bom:
        problem(f"{name}: byte order mark {'missing' if bom else 'present'}")
    body = raw.replace(b"\r\n", b"")
    if crlf and b"\n" in body:
        problem(f"{name}: a line ends in LF, not CRLF")
    if not crlf and b"\r" in raw:
        problem(f"{name}: carriage return found in an LF file")
    if not raw.endswith(b"\r\n" if crlf else b"\n"):
        problem(f"{name}: last line has no line end")
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    first = next(reader)
    if first != header:
        problem(f"{name}: header {first} is not {header}")
    for fields in reader:
        yield reader.line_num, fields


def main():
    if len(sys.argv) != 2:
        print("usage: check_fixture.py <repository root>", file=sys.stderr)
        return 2
    root = sys.argv[1]
    exports = os.path.join(root, "Fixtures", "seed-force", "exports")
    seeds = os.path.normpath(os.path.join(root, "..", "shared", "seed-tables"))
    rejected = {}  # (file, line) -> reason
    mess = {"stray spaces": 0, "doubled inner space": 0, "case variant": 0, "channel variant": 0}

    # --- Outcomes: crimes per outcome label per year of Recorded Date ---
    header, rows = read_table(os.path.join(seeds, "outcomes-by-year.csv"))
    years = [int(y) for y in header[1:]]
    assert years == YEARS, header
    outcome_rows = [r for r in rows if r[0] != "Grand Total"]
    outcome_labels = {norm(r[0]): r[0] for r in outcome_rows}
    counts = {}
    refs = {}
    for name, bom, crlf in [("crimes-2020-2021.csv", True, True), ("crimes-2022-2023.csv", False, False)]:
        for line, f in read_export(os.path.join(exports, name), bom, crlf, CRIMES_HEADER):
            where = f"{name}, line {line}"
            if len(f) != 7:
                rejected[(name, line)] = f"{len(f)} fields"
                continue
            ref, recorded_text, code, offence, outcome, outcome_text, department = f
            if not ref.strip():
                rejected[(name, line)] = "empty Occurrence Ref"
                continue
            recorded = uk_date(recorded_text)
            if recorded is None:
                rejected[(name, line)] = f"Recorded Date {recorded_text!r}"
                continue
            if recorded.year not in YEARS:
                rejected[(name, line)] = f"year {recorded.year}"
                continue
            label = norm(outcome)
            if label not in outcome_labels:
                rejected[(name, line)] = f"unknown outcome {outcome!r}"
                continue
            # Accepted row: count it and check what it must keep.
            counts[(label, recorded.year)] = counts.get((label, recorded.year), 0) + 1
            if ref in refs:
                problem(f"{where}: Occurrence Ref {ref} repeats {refs[ref]}")
            refs[ref] = where
            if not re.fullmatch(rf"MS/{recorded.year % 100:02d}/\d{{6}}", ref):
                problem(f"{where}: Occurrence Ref {ref!r} does not match its year")
            if code not in ("106", "106/01", "106/02") or not offence:
                problem(f"{where}: offence {code!r} {offence!r}")
            if not department:
                problem(f"{where}: empty OIC Department")
            if label in UNCLASSIFIED:
                if outcome_text:
                    problem(f"{where}: outcome {outcome!r} has an Outcome Date {outcome_text}")
            else:
                outcome_date = uk_date(outcome_text)
                if outcome_date is None:
                    problem(f"{where}: Outcome Date {outcome_text!r} is not a date")
                elif not (recorded < outcome_date <= EXTRACTION):
                    problem(f"{where}: Outcome Date {outcome_text} not after {recorded_text} "
                            f"and on or before 05/02/2024")
            if outcome != outcome.strip():
                mess["stray spaces"] += 1
            elif "  " in outcome:
                mess["doubled inner space"] += 1
            elif outcome != outcome_labels[label]:
                mess["case variant"] += 1
    for r in rows:
        label = norm(r[0])
        for y, expected in zip(YEARS, r[1:]):
            if label == "grand total":
                got = sum(v for (_, yy), v in counts.items() if yy == y)
            else:
                got = counts.get((label, y), 0)
            if got != int(expected):
                problem(f"outcomes-by-year.csv: {r[0]!r} {y}: expected {expected}, exports give {got}")

    # --- Channels: reports per channel per calendar year of Created ---
    header, rows = read_table(os.path.join(seeds, "channels-by-year.csv"))
    assert [int(y) for y in header[1:]] == YEARS, header
    channel_labels = {norm(r[0]): r[0] for r in rows if r[0] != "Grand Total"}
    counts = {}
    incidents = set()
    name = "contact-reports.csv"
    for line, f in read_export(os.path.join(exports, name), False, False, CONTACT_HEADER):
        if len(f) != 4:
            rejected[(name, line)] = f"{len(f)} fields"
            continue
        number, created_text, channel, incident_type = f
        if not number.strip():
            rejected[(name, line)] = "empty Incident No"
            continue
        created = created_time(created_text)
        if created is None:
            rejected[(name, line)] = f"Created {created_text!r}"
            continue
        if created.year not in YEARS:
            rejected[(name, line)] = f"year {created.year}"
            continue
        label = norm(channel)
        if label not in channel_labels:
            rejected[(name, line)] = f"unknown channel {channel!r}"
            continue
        counts[(label, created.year)] = counts.get((label, created.year), 0) + 1
        if number in incidents:
            problem(f"{name}, line {line}: Incident No {number} repeats")
        incidents.add(number)
        if not re.fullmatch(rf"INC-{created.year % 100:02d}-\d{{6}}", number):
            problem(f"{name}, line {line}: Incident No {number!r} does not match its year")
        if not incident_type:
            problem(f"{name}, line {line}: empty Incident Type")
        if channel != channel_labels[label]:
            mess["channel variant"] += 1
    for r in rows:
        label = norm(r[0])
        for y, expected in zip(YEARS, r[1:]):
            if label == "grand total":
                got = sum(v for (_, yy), v in counts.items() if yy == y)
            else:
                got = counts.get((label, y), 0)
            if got != int(expected):
                problem(f"channels-by-year.csv: {r[0]!r} {y}: expected {expected}, exports give {got}")

    # --- Enforcement: team events per measure per month ---
    header, rows = read_table(os.path.join(seeds, "enforcement-monthly.csv"))
    months = []
    for h in header[1:]:
        mon, yy = h.split("-")
        months.append((2000 + int(yy), MONTHS[mon]))
    counts = {}
    name = "team-activity.csv"
    for line, f in read_export(os.path.join(exports, name), False, False, TEAM_HEADER):
        if len(f) != 3:
            rejected[(name, line)] = f"{len(f)} fields"
            continue
        date_text, activity, officer = f
        date = uk_date(date_text)
        if date is None:
            rejected[(name, line)] = f"Activity Date {date_text!r}"
            continue
        measure = ACTIVITY_TO_MEASURE.get(norm(activity))
        if measure is None:
            rejected[(name, line)] = f"unknown activity {activity!r}"
            continue
        if (date.year, date.month) not in months:
            rejected[(name, line)] = f"month {date:%b-%y} outside the table"
            continue
        if not re.fullmatch(r"MST-\d{2}", officer):
            problem(f"{name}, line {line}: Officer {officer!r} is not pseudonymous")
        key = (measure, date.year, date.month)
        counts[key] = counts.get(key, 0) + 1
    for r in rows:
        for (y, m), h, expected in zip(months, header[1:], r[1:]):
            got = counts.get((r[0], y, m), 0)
            if got != int(expected):
                problem(f"enforcement-monthly.csv: {r[0]!r} {h}: expected {expected}, exports give {got}")

    # --- The rejected rows must be exactly those the README lists ---
    listed = set()
    readme = os.path.join(root, "Fixtures", "seed-force", "README.md")
    readme_lines = open(readme, encoding="utf-8").readlines() if os.path.exists(readme) else []
    if not readme_lines:
        problem(f"{readme}: missing, so the rejected rows cannot be checked against it")
    for text in readme_lines:
        m = re.match(r"\|\s*`([^`]+\.csv)`\s*\|\s*(\d+)\s*\|", text)
        if m:
            listed.add((m[1], int(m[2])))
    for key in sorted(set(rejected) - listed):
        problem(f"{key[0]}, line {key[1]}: rejected ({rejected[key]}) but not listed in README.md")
    for key in sorted(listed - set(rejected)):
        problem(f"{key[0]}, line {key[1]}: listed in README.md as rejected but accepted")

    for kind, n in mess.items():
        if n == 0:
            problem(f"no {kind} in the exports: the fixture should carry that mess")
    print(f"rejected rows: {len(rejected)}; mess: "
          + ", ".join(f"{n} {kind}" for kind, n in mess.items()))
    for p in problems:
        print(p)
    print("OK: every cell of the three seed tables reproduced" if not problems
          else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

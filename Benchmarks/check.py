#!/usr/bin/env python3
"""Checks that every contender gives PanelBrief's counts on the same export (a benchmark of wrong
answers is worthless). Exits 1 on any difference.

    python3 Benchmarks/check.py PANELBRIEF_BINARY CONFIG.yml CRIMES.csv [--layout seed|wide|xlsx] [--validate]

PanelBrief's side: `panelbrief report` (its briefing.json, table Outcomes_by_label: each label by
year; its reconciliation: rows read, accepted, superseded, rejected; with --validate, `panelbrief
validate` is run too and must agree). Labels are compared as
trim + lowercase (PanelBrief shows the configured spelling, or "Unmapped: <label>" for a label the
configuration does not map; both are reduced to the same key). Every configured label shows in
PanelBrief's table, with zeros where there are no crimes; zero cells are dropped before comparing,
as the contenders only list what they saw. The table's "Grand total" row is checked to be the sum
of the label rows and left out.

Also checked, cell for cell: crimes by month recorded, cancelled/transferred left out (PanelBrief's
table Charge_rate_by_period, rows "Month", column "Cohort: crimes of the force"), and the number of
distinct references among the rows counted (PanelBrief: its accepted rows, one per reference:
a superseded row repeats an accepted reference).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contenders  # noqa: E402


def key(label: str) -> str:
    if label.startswith("Unmapped: "):
        label = label[len("Unmapped: ") :]
    return " ".join(label.split()).lower()


def panelbrief_counts(binary: str, config: str, validate: bool = False):
    with tempfile.TemporaryDirectory(prefix="pb-check-") as out:
        subprocess.run([binary, "report", "--config", config, "--out", out], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "briefing.json"), encoding="utf-8") as f:
            briefing = json.load(f)
    months = month_counts(briefing)
    table = next(t for t in briefing["tables"] if t["id"] == "Outcomes_by_label")
    years = [c["name"] for c in table["columns"] if c["kind"] == "count"]
    counts: dict = {}
    grand = None
    for row in table["rows"]:
        cells = dict(zip(years, row[-len(years):]))
        if row[0].lower() == "grand total":  # the table's total row: checked against the sum below
            grand = cells
            continue
        for y, n in cells.items():
            if n:
                counts.setdefault(key(row[0]), {})
                counts[key(row[0])][y] = counts[key(row[0])].get(y, 0) + n
    sums = {y: sum(c.get(y, 0) for c in counts.values()) for y in years}
    if grand is not None and {y: n for y, n in grand.items()} != sums:
        sys.exit(f"panelbrief's Grand total row {grand} is not the sum of its labels {sums}")
    # Rows read, accepted, superseded and rejected: the briefing's own reconciliation (what the
    # paper prints); with --validate, `panelbrief validate` is run too and must agree.
    rec = briefing["reconciliation"]
    totals = {"read": sum(r["rowsRead"] for r in rec), "accepted": sum(r["accepted"] for r in rec),
              "superseded": sum(r["superseded"] for r in rec),
              "rejected": sum(x["count"] for r in rec for x in r["rejectedByReason"])}
    out = json.dumps(rec)[:2000]
    if validate:
        v = subprocess.run([binary, "validate", "--config", config, "--examples", "0"],
                           capture_output=True, text=True)
        if v.returncode not in (0, 1):
            sys.exit(f"panelbrief validate failed ({v.returncode}): {v.stderr}")
        m = re.search(r"Total: read (\d+), accepted (\d+), superseded (\d+), rejected (\d+)\.", v.stdout)
        if not m:
            sys.exit(f"no totals in panelbrief validate's output:\n{v.stdout}")
        vt = dict(zip(["read", "accepted", "superseded", "rejected"], map(int, m.groups())))
        if vt != totals:
            sys.exit(f"panelbrief validate {vt} disagrees with the briefing's reconciliation {totals}")
        out = v.stdout
    return counts, months, totals, out


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_counts(briefing) -> dict:
    """{YYYY-MM: crimes recorded in the month less cancelled/transferred}, zero months left out."""
    table = next(t for t in briefing["tables"] if t["id"] == "Charge_rate_by_period")
    names = [c["name"] for c in table["columns"]]
    col = names.index("Cohort: crimes of the force")
    out = {}
    for row in table["rows"]:
        if row[0] != "Month":
            continue
        mon, year = row[1].split()
        if row[col]:
            out[f"{year}-{MONTHS.index(mon) + 1:02d}"] = row[col]
    return out


def main() -> None:
    args = sys.argv[1:]
    layout = "seed"
    if "--layout" in args:
        i = args.index("--layout")
        layout = args[i + 1]
        del args[i : i + 2]
    validate = "--validate" in args
    args = [a for a in args if a != "--validate"]
    binary, config, csv = args[:3]
    pb, pb_months, totals, validate_out = panelbrief_counts(binary, config, validate)
    pb_counted = sum(sum(v.values()) for v in pb.values())
    print(f"panelbrief: {pb_counted} counted in Outcomes_by_label, reconciliation {totals}")
    failures = []
    if pb_counted != totals["accepted"]:
        failures.append(f"panelbrief's table sums to {pb_counted}, its reconciliation accepted {totals['accepted']}")
    if layout == "xlsx":  # the file is a workbook: xlsx.py's contenders
        import xlsx

        tools = {name: (lambda name=name: xlsx.run(name, csv)) for name in xlsx.TOOLS}
    else:
        tools = {name: (lambda name=name: contenders.run(name, csv, layout)) for name in contenders.TOOLS}
    if os.environ.get("BENCH_TOOLS"):  # a subset, e.g. BENCH_TOOLS=duckdb,polars
        keep = os.environ["BENCH_TOOLS"].split(",")
        tools = {k: v for k, v in tools.items() if k in keep}
    for name, run in tools.items():
        r = run()
        counts, set_aside, months, distinct = r["counts"], r["set_aside"], r["months"], r["distinct"]
        counted = sum(sum(v.values()) for v in counts.values())
        cells = sum(len(v) for v in counts.values())
        print(f"{name}: {counted} counted, {set_aside} set aside, {cells} cells, {len(months)} months, "
              f"{distinct} distinct references")
        if months != pb_months:
            diff = sorted((m, pb_months.get(m, 0), months.get(m, 0)) for m in set(months) | set(pb_months)
                          if pb_months.get(m, 0) != months.get(m, 0))
            failures.append(f"{name}: {len(diff)} months differ (month, panelbrief, {name}): {diff[:10]}")
        if distinct != totals["accepted"]:
            failures.append(f"{name}: {distinct} distinct references, panelbrief accepted {totals['accepted']}")
        if counts != pb:
            diff = sorted(
                (lab, y, pb.get(lab, {}).get(y, 0), counts.get(lab, {}).get(y, 0))
                for lab in set(pb) | set(counts)
                for y in set(pb.get(lab, {})) | set(counts.get(lab, {}))
                if pb.get(lab, {}).get(y, 0) != counts.get(lab, {}).get(y, 0)
            )
            failures.append(f"{name}: {len(diff)} cells differ (label, year, panelbrief, {name}): {diff[:10]}")
        if set_aside != totals["rejected"]:
            failures.append(f"{name}: {set_aside} set aside, panelbrief rejected {totals['rejected']}")
        if counted + set_aside != totals["read"]:
            failures.append(f"{name}: {counted + set_aside} rows, panelbrief read {totals['read']}")
    if failures:
        print("MISMATCH\n" + "\n".join(failures))
        print(validate_out)
        sys.exit(1)
    cells = sum(len(v) for v in pb.values())
    print(f"OK: all {len(tools)} contenders give PanelBrief's {cells} label x year cells "
          f"({pb_counted} crimes), its {len(pb_months)} month counts and {totals['accepted']} distinct "
          f"references, and set aside its {totals['rejected']} rejected rows.")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Gathers bench.py's results (RESULTS/*.json) into one Markdown summary: a table per input, and
the per-row time of each contender at the smallest and largest CSV size (linearity).

    python3 Benchmarks/summarize.py RESULTS_DIR
"""

import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def main() -> None:
    d = sys.argv[1]
    runs = {}
    for path in sorted(glob.glob(os.path.join(d, "*.json"))):
        with open(path) as f:
            r = json.load(f)
        if "commands" in r:
            runs[os.path.basename(path)[:-5]] = r
    order = sorted(runs, key=lambda k: (k.split("-")[0] != "csv", k.split("-")[0], int(k.split("-")[-1])))
    versions = os.path.join(d, "versions.txt")
    if os.path.exists(versions):
        print("```\n" + open(versions).read().strip() + "\n```\n")
    for k in order:
        kind, n = k.rsplit("-", 1)
        title = {"csv": "CSV, Benchmarks/ layout", "wide": "CSV with other columns",
                 "xlsx": "XLSX export", "policeuk": "police.uk, 43 forces, a year (street rows)"}.get(kind, kind)
        print(f"### {title}: {int(n):,} rows\n")
        ref = "openpyxl" if kind == "xlsx" else "duckdb"
        print(bench.markdown(runs[k], ref))
    csv = sorted((int(k.split("-")[1]), runs[k]) for k in runs if k.startswith("csv-"))
    if len(csv) >= 2:
        (n1, r1), (n2, r2) = csv[0], csv[-1]
        print(f"### Linearity: time per row at {n1:,} and {n2:,} rows (CSV)\n")
        print(f"| contender | ns/row at {n1:,} | ns/row at {n2:,} | ratio |")
        print("|---|---:|---:|---:|")
        for name in r1["commands"]:
            if name in r2["commands"]:
                a = r1["commands"][name]["mean"] / n1 * 1e9
                b = r2["commands"][name]["mean"] / n2 * 1e9
                print(f"| {name} | {a:.0f} | {b:.0f} | {b / a:.2f} |")
        print()
    if len(csv) >= 2:
        (n1, r1), (n2, r2) = csv[-2], csv[-1]
        print(f"### Memory per row: peak RSS growth from {n1:,} to {n2:,} rows (CSV)\n")
        print("| contender | bytes/row |")
        print("|---|---:|")
        for name in r1["commands"]:
            if name in r2["commands"]:
                grow = (r2["commands"][name]["rss_mb"] - r1["commands"][name]["rss_mb"]) * 1024 * 1024
                print(f"| {name} | {grow / (n2 - n1):.0f} |")
        print()


if __name__ == "__main__":
    main()

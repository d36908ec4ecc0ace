#!/usr/bin/env python3
"""What an analyst would write instead of PanelBrief, doing the work issue 11 timed DuckDB on:
crimes counted by outcome label (trim + lowercase) x calendar year of the recorded date, crimes by
month recorded (cancelled/transferred left out: PanelBrief's "Cohort: crimes of the force" by
month), and the number of distinct references; rows whose recorded date does not parse are set
aside.

    python3 Benchmarks/contenders.py {duckdb|polars|pandas} CRIMES.csv [--layout seed|wide] [--json]

Prints one line, "<tool>: <counted> counted, <set aside> set aside, <cells> cells, <months>
months, <distinct> distinct references", or with --json the whole result (for check.py).
Each tool is imported only when it is asked for, so an import is part of its own timing.
Threads: each library's default (all cores: 2 on the benchmark machine); DUCKDB_THREADS=n and
POLARS_MAX_THREADS=n (polars' own variable) set them.

Layouts (generate.py writes both):
  seed  Occurrence Ref,Recorded Date,HO Offence Code,Offence,Outcome,Outcome Date,OIC Department
        dates dd/MM/yyyy
  wide  Crime Number,Beat,Offence Description,Location Description,Date Recorded,Time Recorded,
        Investigation Outcome,Outcome Date,Officer In Case,Victim Age Band,Modus Operandi
        dates yyyy-MM-dd
"""

import json
import os
import sys

LAYOUTS = {
    "seed": {
        "columns": ["Occurrence Ref", "Recorded Date", "HO Offence Code", "Offence", "Outcome",
                    "Outcome Date", "OIC Department"],
        "reference": "Occurrence Ref", "date": "Recorded Date", "outcome": "Outcome",
        "format": "%d/%m/%Y",
    },
    "wide": {
        "columns": ["Crime Number", "Beat", "Offence Description", "Location Description",
                    "Date Recorded", "Time Recorded", "Investigation Outcome", "Outcome Date",
                    "Officer In Case", "Victim Age Band", "Modus Operandi"],
        "reference": "Crime Number", "date": "Date Recorded", "outcome": "Investigation Outcome",
        "format": "%Y-%m-%d",
    },
}
CANCELLED = "cancelled / transferred"


def count_duckdb(path: str, layout: dict):
    import duckdb

    con = duckdb.connect()
    if "DUCKDB_THREADS" in os.environ:
        con.execute(f"SET threads = {int(os.environ['DUCKDB_THREADS'])}")
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in layout["columns"]) + "}"
    # Every column typed as text (no sniffing); the date parsed with try_strptime so that a bad
    # date gives NULL instead of an error. One scan of the file into memory, three aggregations.
    con.execute(
        f"""
        CREATE TEMP TABLE t AS
        SELECT "{layout['reference']}" AS ref,
               lower(trim("{layout['outcome']}")) AS label,
               CAST(try_strptime("{layout['date']}", '{layout['format']}') AS DATE) AS d
        FROM read_csv(?, header = true, delim = ',', quote = '"', escape = '"',
                      columns = {columns})
        """,
        [path],
    )
    by_year = con.execute("SELECT label, year(d), count(*) FROM t GROUP BY ALL").fetchall()
    by_month = con.execute(
        f"SELECT strftime(d, '%Y-%m'), count(*) FROM t WHERE d IS NOT NULL AND label <> '{CANCELLED}' GROUP BY 1"
    ).fetchall()
    distinct = con.execute("SELECT count(DISTINCT ref) FROM t WHERE d IS NOT NULL").fetchone()[0]
    return by_year, by_month, distinct


def count_polars(path: str, layout: dict):
    import polars as pl

    t = (
        pl.scan_csv(path, infer_schema=False)  # every column as text
        .select(
            pl.col(layout["reference"]).alias("ref"),
            pl.col(layout["outcome"]).str.strip_chars().str.to_lowercase().alias("label"),
            pl.col(layout["date"]).str.strptime(pl.Date, layout["format"], strict=False).alias("d"),
        )
        .collect()
    )
    by_year = t.group_by("label", pl.col("d").dt.year().alias("y")).len()
    good = t.filter(pl.col("d").is_not_null())
    by_month = (
        good.filter(pl.col("label") != CANCELLED)
        .group_by(pl.col("d").dt.strftime("%Y-%m").alias("m"))
        .len()
    )
    distinct = good.select(pl.col("ref").n_unique()).item()
    return list(by_year.iter_rows()), list(by_month.iter_rows()), distinct


def count_pandas(path: str, layout: dict):
    import pandas as pd

    df = pd.read_csv(
        path, usecols=[layout["reference"], layout["date"], layout["outcome"]], dtype=str,
        keep_default_na=False,
    )
    label = df[layout["outcome"]].str.strip().str.lower()
    d = pd.to_datetime(df[layout["date"]], format=layout["format"], errors="coerce")
    g = pd.DataFrame({"label": label, "y": d.dt.year}).groupby(["label", "y"], dropna=False).size()
    by_year = [(lab, None if yy != yy else int(yy), int(n)) for (lab, yy), n in g.items()]
    good = d.notna()
    m = d[good & (label != CANCELLED)].dt.strftime("%Y-%m").value_counts()
    by_month = [(k, int(n)) for k, n in m.items()]
    distinct = int(df.loc[good, layout["reference"]].nunique())
    return by_year, by_month, distinct


TOOLS = {"duckdb": count_duckdb, "polars": count_polars, "pandas": count_pandas}


def tally(result):
    """{"counts": {label: {year: n}}, "set_aside": n, "months": {YYYY-MM: n}, "distinct": n}."""
    by_year, by_month, distinct = result
    counts: dict = {}
    set_aside = 0
    for label, y, n in by_year:
        if y is None:
            set_aside += n
            continue
        counts.setdefault(label, {})
        counts[label][str(y)] = counts[label].get(str(y), 0) + n
    months = {str(m): int(n) for m, n in by_month}
    return {"counts": counts, "set_aside": set_aside, "months": months, "distinct": int(distinct)}


def run(tool: str, path: str, layout: str = "seed"):
    return tally(TOOLS[tool](path, LAYOUTS[layout]))


def main() -> None:
    args = sys.argv[1:]
    layout = "seed"
    if "--layout" in args:
        i = args.index("--layout")
        layout = args[i + 1]
        del args[i : i + 2]
    if len(args) < 2 or args[0] not in TOOLS or layout not in LAYOUTS:
        sys.exit("usage: contenders.py {duckdb|polars|pandas} CRIMES.csv [--layout seed|wide] [--json]")
    r = run(args[0], args[1], layout)
    if "--json" in args[2:]:
        print(json.dumps(r, sort_keys=True))
    else:
        counted = sum(sum(v.values()) for v in r["counts"].values())
        cells = sum(len(v) for v in r["counts"].values())
        print(f"{args[0]}: {counted} counted, {r['set_aside']} set aside, {cells} cells, "
              f"{len(r['months'])} months, {r['distinct']} distinct references")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""What an analyst would write instead of PanelBrief: crimes counted by outcome label (trim +
lowercase) and calendar year of the recorded date (dd/MM/yyyy), rows whose recorded date does not
parse set aside.

    python3 Benchmarks/contenders.py {duckdb|polars|pandas} CRIMES.csv [--json]

Prints one line, "<tool>: <counted> counted, <set aside> set aside, <cells> cells", or with
--json the counts as {"counts": {label: {year: n}}, "set_aside": n} (for check.py).
Each tool is imported only when it is asked for, so an import is part of its own timing.
Threads: each library's default (all cores: 2 on the benchmark machine); DUCKDB_THREADS=n and
POLARS_MAX_THREADS=n (polars' own variable) set them, e.g. to 1 to compare with single-threaded
PanelBrief.
"""

import json
import os
import sys


def count_duckdb(path: str):
    import duckdb

    con = duckdb.connect()
    if "DUCKDB_THREADS" in os.environ:
        con.execute(f"SET threads = {int(os.environ['DUCKDB_THREADS'])}")
    # Every column typed explicitly (no sniffing of types), as text; the date parsed with
    # try_strptime so that a bad date gives NULL instead of an error.
    rows = con.execute(
        """
        SELECT lower(trim("Outcome")) AS label,
               year(try_strptime("Recorded Date", '%d/%m/%Y')) AS y,
               count(*) AS n
        FROM read_csv(?, header = true, delim = ',', quote = '"', escape = '"',
                      columns = {'Occurrence Ref': 'VARCHAR', 'Recorded Date': 'VARCHAR',
                                 'HO Offence Code': 'VARCHAR', 'Offence': 'VARCHAR',
                                 'Outcome': 'VARCHAR', 'Outcome Date': 'VARCHAR',
                                 'OIC Department': 'VARCHAR'})
        GROUP BY ALL
        """,
        [path],
    ).fetchall()
    return [(label, y, n) for label, y, n in rows]


def count_polars(path: str):
    import polars as pl

    frame = (
        pl.scan_csv(path, infer_schema=False)  # every column as text
        .select(
            pl.col("Outcome").str.strip_chars().str.to_lowercase().alias("label"),
            pl.col("Recorded Date")
            .str.strptime(pl.Date, "%d/%m/%Y", strict=False)
            .dt.year()
            .alias("y"),
        )
        .group_by("label", "y")
        .len()
        .collect()
    )
    return [(label, y, n) for label, y, n in frame.iter_rows()]


def count_pandas(path: str):
    import pandas as pd

    df = pd.read_csv(
        path, usecols=["Recorded Date", "Outcome"], dtype=str, keep_default_na=False
    )
    label = df["Outcome"].str.strip().str.lower()
    y = pd.to_datetime(df["Recorded Date"], format="%d/%m/%Y", errors="coerce").dt.year
    g = pd.DataFrame({"label": label, "y": y}).groupby(["label", "y"], dropna=False).size()
    return [(lab, None if yy != yy else int(yy), int(n)) for (lab, yy), n in g.items()]


TOOLS = {"duckdb": count_duckdb, "polars": count_polars, "pandas": count_pandas}


def tally(rows):
    """{label: {year: n}} for rows with a year, and the number set aside (no year)."""
    counts: dict = {}
    set_aside = 0
    for label, y, n in rows:
        if y is None:
            set_aside += n
            continue
        counts.setdefault(label, {})
        counts[label][str(y)] = counts[label].get(str(y), 0) + n
    return counts, set_aside


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] not in TOOLS:
        sys.exit("usage: contenders.py {duckdb|polars|pandas} CRIMES.csv [--json]")
    counts, set_aside = tally(TOOLS[sys.argv[1]](sys.argv[2]))
    if "--json" in sys.argv[3:]:
        print(json.dumps({"counts": counts, "set_aside": set_aside}, sort_keys=True))
    else:
        counted = sum(sum(v.values()) for v in counts.values())
        cells = sum(len(v) for v in counts.values())
        print(f"{sys.argv[1]}: {counted} counted, {set_aside} set aside, {cells} cells")


if __name__ == "__main__":
    main()

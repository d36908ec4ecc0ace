#!/usr/bin/env python3
"""police.uk open data at national scale: a generated year of street and outcomes files for the 43
territorial forces of England and Wales, and DuckDB doing what PanelBrief's `police-uk` source does.

    python3 Benchmarks/policeuk.py generate STREET_ROWS OUT_DIR
      -> OUT_DIR/police-uk-<STREET_ROWS>/2024-MM/2024-MM-<force>-{street,outcomes}.csv (12 x 43 x 2
         files) and OUT_DIR/bench-policeuk-<STREET_ROWS>.yml
    python3 Benchmarks/policeuk.py duckdb CONFIG.yml [--json]

The files follow police.uk's layout (README and DOMAIN.md; ../shared/realdata/police-uk holds a
real pair): street files `Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA
code,LSOA name,Crime type,Last outcome category,Context`, outcomes files `Crime ID,Month,Reported
by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type`; Crime IDs are 64 hex
digits. STREET_ROWS street rows over the year (6,000,000: about a year of England and Wales), forces
sized unevenly (the Metropolitan Police about 14%), about 20% anti-social behaviour (no Crime ID).
About 75% of crimes have one to three outcome rows, each in the outcomes file of the month it was
recorded in (that month or later in the year; a charge is followed by court stages); 15% more
outcome rows are for crimes of 2023, which are in no street file read. Repeats, as real files have
them: 0.1% of street rows and of outcome rows copied exactly (superseded as exact copies), 0.05% of
crimes repeated in the next month's street file with another last outcome (the later month wins).
No tie between two rows of one crime is decided by the line alone: the month or the file decides
(DuckDB's read_csv gives no line numbers to break it; see the README).

The rule DuckDB applies (PanelBrief's, README "police-uk"): street rows of type 'Anti-social
behaviour' are counted apart; other street rows are one crime per Crime ID, the row with the latest
Month then the later file kept; a crime's outcome is the Outcome type of its outcome row with the
latest Month (ties: the later file), or else the street row's Last outcome category (empty:
"(no outcome category given)"). Files are ordered as the configuration lists them.
"""

import json
import os
import random
import re
import sys

FORCES = [
    ("avon-and-somerset", "Avon and Somerset Constabulary", 3), ("bedfordshire", "Bedfordshire Police", 1),
    ("cambridgeshire", "Cambridgeshire Constabulary", 1), ("cheshire", "Cheshire Constabulary", 2),
    ("city-of-london", "City of London Police", 0.2), ("cleveland", "Cleveland Police", 1),
    ("cumbria", "Cumbria Constabulary", 1), ("derbyshire", "Derbyshire Constabulary", 2),
    ("devon-and-cornwall", "Devon & Cornwall Police", 3), ("dorset", "Dorset Police", 1),
    ("durham", "Durham Constabulary", 1), ("dyfed-powys", "Dyfed-Powys Police", 1),
    ("essex", "Essex Police", 3), ("gloucestershire", "Gloucestershire Constabulary", 1),
    ("greater-manchester", "Greater Manchester Police", 5), ("gwent", "Gwent Police", 1),
    ("hampshire", "Hampshire Constabulary", 3), ("hertfordshire", "Hertfordshire Constabulary", 2),
    ("humberside", "Humberside Police", 2), ("kent", "Kent Police", 3),
    ("lancashire", "Lancashire Constabulary", 3), ("leicestershire", "Leicestershire Police", 2),
    ("lincolnshire", "Lincolnshire Police", 1), ("merseyside", "Merseyside Police", 3),
    ("metropolitan", "Metropolitan Police Service", 14), ("norfolk", "Norfolk Constabulary", 1),
    ("north-wales", "North Wales Police", 1), ("north-yorkshire", "North Yorkshire Police", 1),
    ("northamptonshire", "Northamptonshire Police", 1), ("northumbria", "Northumbria Police", 2),
    ("nottinghamshire", "Nottinghamshire Police", 2), ("south-wales", "South Wales Police", 2),
    ("south-yorkshire", "South Yorkshire Police", 3), ("staffordshire", "Staffordshire Police", 2),
    ("suffolk", "Suffolk Constabulary", 1), ("surrey", "Surrey Police", 1),
    ("sussex", "Sussex Police", 2), ("thames-valley", "Thames Valley Police", 3),
    ("warwickshire", "Warwickshire Police", 1), ("west-mercia", "West Mercia Police", 2),
    ("west-midlands", "West Midlands Police", 6), ("west-yorkshire", "West Yorkshire Police", 5),
    ("wiltshire", "Wiltshire Police", 1),
]
YEAR = 2024
CRIME_TYPES = [("Violence and sexual offences", 35), ("Public order", 9), ("Criminal damage and arson", 9),
               ("Other theft", 8), ("Shoplifting", 8), ("Vehicle crime", 6), ("Burglary", 5),
               ("Drugs", 3), ("Other crime", 2), ("Theft from the person", 2), ("Robbery", 1),
               ("Bicycle theft", 1), ("Possession of weapons", 1)]
POLICE_OUTCOMES = [("Investigation complete; no suspect identified", 40), ("Unable to prosecute suspect", 35),
                   ("Suspect charged", 8), ("Local resolution", 3), ("Offender given a caution", 2),
                   ("Further investigation is not in the public interest", 2),
                   ("Action to be taken by another organisation", 3),
                   ("Formal action is not in the public interest", 1),
                   ("Further action is not in the public interest", 1)]
COURT = ["Awaiting court outcome", "Court result unavailable", "Offender fined", "Offender sent to prison",
         "Offender given community sentence", "Defendant found not guilty", "Offender given conditional discharge"]
STREET_ONLY = [("Under investigation", 50), ("Status update unavailable", 20), ("", 5),
               ("Investigation complete; no suspect identified", 15), ("Unable to prosecute suspect", 10)]
STREETS = ["High Street", "Station Road", "Church Lane", "Park Road", "Supermarket", "Shopping Area",
           "Parking Area", "Nightclub", "Petrol Station", "Sports/Recreation Area", "Hospital"]
STREET_HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
                 "LSOA name,Crime type,Last outcome category,Context\n")
OUTCOMES_HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
                   "LSOA name,Outcome type\n")


def pick(r, weighted):
    total = sum(w for _, w in weighted)
    x = r.random() * total
    for v, w in weighted:
        x -= w
        if x < 0:
            return v
    return weighted[-1][0]


def files_in_order(root: str):
    """Street files, then outcomes files, each by month then force: the configuration's order."""
    street, outcomes = [], []
    for m in range(1, 13):
        for slug, _, _ in FORCES:
            street.append(f"{YEAR}-{m:02d}/{YEAR}-{m:02d}-{slug}-street.csv")
            outcomes.append(f"{YEAR}-{m:02d}/{YEAR}-{m:02d}-{slug}-outcomes.csv")
    return street, outcomes


def generate(street_rows: int, out: str) -> None:
    root = os.path.join(out, f"police-uk-{street_rows}")
    r = random.Random(43)
    total_weight = sum(w for _, _, w in FORCES)
    for m in range(1, 13):
        os.makedirs(os.path.join(root, f"{YEAR}-{m:02d}"), exist_ok=True)
    for slug, name, weight in FORCES:
        street = {m: [] for m in range(1, 13)}
        outcomes = {m: [] for m in range(1, 13)}
        n_force = int(street_rows * weight / total_weight / 12)
        lon0, lat0 = -3 + r.random() * 3, 51 + r.random() * 3

        def place():
            lsoa = r.randrange(900)
            where = (f"{lon0 + r.random() * 0.5:.6f},{lat0 + r.random() * 0.5:.6f},"
                     f"On or near {STREETS[r.randrange(len(STREETS))]},E0{1000000 + lsoa},"
                     f"{name.split()[0]} {lsoa // 5:03d}{'ABCDE'[lsoa % 5]}")
            return where

        for m in range(1, 13):
            month = f"{YEAR}-{m:02d}"
            for _ in range(n_force):
                where = place()
                if r.random() < 0.2:
                    street[m].append(f",{month},{name},{name},{where},Anti-social behaviour,,\n")
                    continue
                cid = f"{r.getrandbits(256):064x}"
                ctype = pick(r, CRIME_TYPES)
                # Outcome rows: 0 to 3, in distinct months from the crime's month to December.
                k = 0 if r.random() < 0.25 else pick(r, [(1, 6), (2, 3), (3, 1)])
                months = sorted(r.sample(range(m, 13), min(k, 13 - m)))
                first = pick(r, POLICE_OUTCOMES)
                seq = [first] + [COURT[r.randrange(len(COURT))] if first == "Suspect charged"
                                 else first for _ in months[1:]]
                for om, oc in zip(months, seq):
                    line = f"{cid},{YEAR}-{om:02d},{name},{name},{where},{oc}\n"
                    outcomes[om].append(line)
                    if r.random() < 0.001:
                        outcomes[om].append(line)  # an exact copy
                last = seq[-1] if seq and r.random() < 0.7 else pick(r, STREET_ONLY)
                line = f"{cid},{month},{name},{name},{where},{ctype},{last},\n"
                street[m].append(line)
                if r.random() < 0.001:
                    street[m].append(line)  # an exact copy
                if m < 12 and r.random() < 0.0005:  # again next month, another last outcome
                    street[m + 1].append(f"{cid},{YEAR}-{m + 1:02d},{name},{name},{where},{ctype},"
                                         f"Status update unavailable,\n")
            # Outcomes recorded this month for crimes of 2023 (in no street file read).
            for _ in range(int(n_force * 0.8 * 0.75 * 1.6 * 0.15)):
                cid = f"{r.getrandbits(256):064x}"
                outcomes[m].append(f"{cid},{month},{name},{name},{place()},{pick(r, POLICE_OUTCOMES)}\n")
        for m in range(1, 13):
            base = os.path.join(root, f"{YEAR}-{m:02d}", f"{YEAR}-{m:02d}-{slug}")
            with open(base + "-street.csv", "w", encoding="utf-8", newline="") as f:
                f.write(STREET_HEADER + "".join(street[m]))
            with open(base + "-outcomes.csv", "w", encoding="utf-8", newline="") as f:
                f.write(OUTCOMES_HEADER + "".join(outcomes[m]))
    street_files, outcome_files = files_in_order(root)
    yml = os.path.join(out, f"bench-policeuk-{street_rows}.yml")
    with open(yml, "w", encoding="utf-8") as f:
        f.write(f"""# Generated by Benchmarks/policeuk.py {street_rows}: a year of police.uk files for 43 forces.
title: police.uk at national scale ({street_rows} street rows)
subtitle: Generated data
organisation: Benchmark
audience: restricted
period:
  basis: calendar
  years: {YEAR}
extraction_date: {YEAR}-12-31
sources:
  - name: police.uk
    kind: police-uk
    files:
""" + "".join(f"      - police-uk-{street_rows}/{p}\n" for p in street_files + outcome_files))
    size = sum(os.path.getsize(os.path.join(root, p)) for p in street_files + outcome_files)
    print(f"wrote {len(street_files) + len(outcome_files)} files ({size} bytes) under {root} and {yml}")


def config_files(config: str):
    """The files of the configuration's police-uk source, in order, as absolute paths."""
    base = os.path.dirname(os.path.abspath(config))
    files = re.findall(r"^\s+- (\S+\.csv)\s*$", open(config, encoding="utf-8").read(), re.M)
    return [os.path.join(base, f) for f in files]


def count_duckdb(config: str):
    import duckdb

    con = duckdb.connect()
    if "DUCKDB_THREADS" in os.environ:
        con.execute(f"SET threads = {int(os.environ['DUCKDB_THREADS'])}")
    files = config_files(config)
    street = [f for f in files if f.endswith("-street.csv")]
    outcomes = [f for f in files if f.endswith("-outcomes.csv")]
    con.execute("CREATE TEMP TABLE fileorder(filename VARCHAR, idx INTEGER)")
    con.executemany("INSERT INTO fileorder VALUES (?, ?)", [(f, i) for i, f in enumerate(files)])
    scols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in STREET_HEADER.strip().split(",")) + "}"
    ocols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in OUTCOMES_HEADER.strip().split(",")) + "}"
    con.execute(f"""
        CREATE TEMP TABLE s AS
        SELECT trim(coalesce("Crime ID", '')) AS id, "Month" AS month, "Falls within" AS force,
               trim("Crime type") AS ctype, trim(coalesce("Last outcome category", '')) AS last, f.idx
        FROM read_csv(?, header = true, columns = {scols}, filename = true) JOIN fileorder f USING (filename)
    """, [street])
    con.execute(f"""
        CREATE TEMP TABLE o AS
        SELECT trim("Crime ID") AS id, "Month" AS month, trim("Outcome type") AS outcome, f.idx
        FROM read_csv(?, header = true, columns = {ocols}, filename = true) JOIN fileorder f USING (filename)
    """, [outcomes])
    asb = con.execute(
        "SELECT count(*) FROM s WHERE lower(ctype) = 'anti-social behaviour'").fetchone()[0]
    crime_rows = con.execute(
        "SELECT count(*) FROM s WHERE lower(ctype) <> 'anti-social behaviour'").fetchone()[0]
    con.execute("""
        CREATE TEMP TABLE c AS
        SELECT * FROM s WHERE lower(ctype) <> 'anti-social behaviour'
        QUALIFY row_number() OVER (PARTITION BY id ORDER BY month DESC, idx DESC) = 1
    """)
    con.execute("""
        CREATE TEMP TABLE latest AS
        SELECT id, outcome FROM o
        QUALIFY row_number() OVER (PARTITION BY id ORDER BY month DESC, idx DESC) = 1
    """)
    rows = con.execute("""
        SELECT c.force, c.month,
               CASE WHEN l.id IS NOT NULL THEN l.outcome
                    WHEN c.last = '' THEN '(no outcome category given)' ELSE c.last END AS category,
               l.id IS NOT NULL AS with_row, count(*)
        FROM c LEFT JOIN latest l USING (id) GROUP BY ALL
    """).fetchall()
    by_force: dict = {}
    by_month: dict = {}
    crimes = with_row = 0
    for force, month, category, has_row, n in rows:
        by_force[f"{force}|{category}"] = by_force.get(f"{force}|{category}", 0) + n
        by_month[f"{month}|{category}"] = by_month.get(f"{month}|{category}", 0) + n
        crimes += n
        with_row += n if has_row else 0
    return {"force_category": by_force, "month_category": by_month, "crimes": crimes,
            "asb": asb, "street_superseded": crime_rows - crimes, "with_outcome_row": with_row}


def panelbrief_counts(briefing: dict) -> dict:
    """The same figures from PanelBrief's briefing.json."""
    tables = {t["id"]: t for t in briefing["tables"]}

    def cross(tid):
        t = tables[tid]
        names = [c["name"] for c in t["columns"]]
        out = {}
        for row in t["rows"]:
            if row[0] == "All crimes":
                continue
            for name, v in zip(names[2:], row[2:]):
                if v:
                    out[f"{row[0]}|{name}"] = v
        return out

    summary = {row[0]: row[1] for row in tables["policeuk-summary"]["rows"]}
    return {
        "force_category": cross("policeuk-force-category"),
        "month_category": cross("policeuk-month-category"),
        "crimes": summary["Crimes (one per Crime ID)"],
        "asb": summary["Anti-social behaviour incidents (counted apart)"],
        "street_superseded": summary["Street rows superseded: exact copies"]
        + summary["Street rows superseded: same Crime ID, other values"],
        "with_outcome_row": summary["Crimes with an outcome row"],
    }


def check(binary: str, config: str) -> None:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pb-check-") as out:
        subprocess.run([binary, "report", "--config", config, "--out", out], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "briefing.json"), encoding="utf-8") as f:
            pb = panelbrief_counts(json.load(f))
    print(f"panelbrief: {pb['crimes']} crimes, {pb['asb']} ASB, {pb['street_superseded']} street rows "
          f"superseded, {pb['with_outcome_row']} with an outcome row, {len(pb['force_category'])} "
          f"force x category cells, {len(pb['month_category'])} month x category cells")
    d = count_duckdb(config)
    print(f"duckdb: {d['crimes']} crimes, {d['asb']} ASB, {d['street_superseded']} street rows "
          f"superseded, {d['with_outcome_row']} with an outcome row, {len(d['force_category'])} "
          f"force x category cells, {len(d['month_category'])} month x category cells")
    failures = []
    for k in pb:
        if pb[k] != d[k]:
            if isinstance(pb[k], dict):
                diff = sorted((c, pb[k].get(c, 0), d[k].get(c, 0)) for c in set(pb[k]) | set(d[k])
                              if pb[k].get(c, 0) != d[k].get(c, 0))
                failures.append(f"{k}: {len(diff)} cells differ (cell, panelbrief, duckdb): {diff[:8]}")
            else:
                failures.append(f"{k}: panelbrief {pb[k]}, duckdb {d[k]}")
    if failures:
        print("MISMATCH\n" + "\n".join(failures))
        sys.exit(1)
    print(f"OK: DuckDB gives PanelBrief's {len(pb['force_category'])} force x category and "
          f"{len(pb['month_category'])} month x category cells, and the same crimes, ASB, "
          f"superseded rows and crimes with an outcome row.")


def main() -> None:
    a = sys.argv[1:]
    if len(a) >= 3 and a[0] == "generate":
        generate(int(a[1]), a[2])
    elif len(a) >= 2 and a[0] == "duckdb":
        d = count_duckdb(a[1])
        if "--json" in a:
            print(json.dumps(d, sort_keys=True))
        else:
            print(f"duckdb: {d['crimes']} crimes, {d['asb']} ASB, {len(d['force_category'])} cells")
    elif len(a) >= 3 and a[0] == "check":
        check(a[1], a[2])
    else:
        sys.exit("usage: policeuk.py generate STREET_ROWS OUT_DIR | duckdb CONFIG.yml | check PANELBRIEF CONFIG.yml")


if __name__ == "__main__":
    main()

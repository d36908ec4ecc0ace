#!/usr/bin/env python3
"""The XLSX path: a crimes export as a workbook, and what an analyst would use to count it.

    python3 Benchmarks/xlsx.py generate CRIMES.csv OUT_DIR
      -> OUT_DIR/crimes-<ROWS>.xlsx and OUT_DIR/bench-xlsx-<ROWS>.yml
    python3 Benchmarks/xlsx.py {openpyxl|calamine|polars} WORKBOOK.xlsx [--json]

The workbook holds the CSV's rows (Benchmarks/ layout, generate.py) as Excel writes an export:
text in the shared string table (<t xml:space="preserve">), dates as serial numbers styled with the
built-in date format 14, empty values as missing cells. A recorded date that is not a real date in
the CSV ("31/02/2021", "n/a") stays a text cell; PanelBrief reads date cells as yyyy-MM-dd
(`date_format: iso`), so a text cell holding "2021-03-04" is a date for PanelBrief and for the
contenders alike. The sheet XML is written directly and zipped (deflate level 1): 1M rows take
about a minute, where openpyxl's write-only mode takes many.

Contenders (same work as contenders.py: label x year, month counts less cancelled/transferred,
distinct references; a row without a usable recorded date set aside):
  openpyxl  openpyxl.load_workbook(read_only=True), ws.iter_rows(values_only=True)
  calamine  pandas.read_excel(engine="calamine") (python-calamine)
  polars    polars.read_excel (fastexcel, calamine underneath)
DuckDB's excel extension is not installed and cannot be downloaded on the benchmark machine (no
network for DuckDB's extension repository), so DuckDB is not a contender here.
"""

import csv
import datetime as dt
import json
import os
import sys
import zipfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contenders  # noqa: E402

EPOCH = dt.date(1899, 12, 30)
HEADER = ["Occurrence Ref", "Recorded Date", "HO Offence Code", "Offence", "Outcome",
          "Outcome Date", "OIC Department"]
CANCELLED = contenders.CANCELLED


def col(i: int) -> str:
    return "ABCDEFGHIJ"[i]


def generate(csv_path: str, out: str) -> None:
    with open(csv_path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header == HEADER, header
        rows = list(reader)
    n = len(rows)
    os.makedirs(out, exist_ok=True)
    xlsx_path = os.path.join(out, f"crimes-{n}.xlsx")
    yml_path = os.path.join(out, f"bench-xlsx-{n}.yml")
    strings: dict = {}

    def sst(s: str) -> int:
        i = strings.get(s)
        if i is None:
            i = strings[s] = len(strings)
        return i

    def day(text: str):
        try:
            d = dt.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            return None
        return (d - EPOCH).days

    parts = []
    parts.append('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 '<sheetData>')
    parts.append('<row r="1">' + "".join(
        f'<c r="{col(i)}1" t="s"><v>{sst(h)}</v></c>' for i, h in enumerate(HEADER)) + "</row>")
    for r, row in enumerate(rows, start=2):
        cells = []
        for i, v in enumerate(row):
            if v == "":
                continue
            if i in (1, 5):
                serial = day(v)
                if serial is not None:
                    cells.append(f'<c r="{col(i)}{r}" s="1"><v>{serial}</v></c>')
                    continue
            cells.append(f'<c r="{col(i)}{r}" t="s"><v>{sst(v)}</v></c>')
        parts.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    parts.append("</sheetData></worksheet>")
    sheet = "".join(parts)
    shared = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              f'count="{len(strings)}" uniqueCount="{len(strings)}">']
    shared += [f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings]
    shared.append("</sst>")
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Crimes" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>',
        "xl/styles.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>',
        "xl/sharedStrings.xml": "".join(shared),
        "xl/worksheets/sheet1.xml": sheet,
    }
    tmp = xlsx_path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))
    os.replace(tmp, xlsx_path)
    outcome_config = open(csv_path.replace(f"crimes-{n}.csv", f"bench-{n}.yml"), encoding="utf-8").read()
    outcome_config = outcome_config.replace(f"crimes-{n}.csv", os.path.basename(xlsx_path))
    outcome_config = outcome_config.replace("date_format: dd/MM/yyyy", "date_format: iso")
    outcome_config = outcome_config.replace("# Generated by", "# XLSX version (Benchmarks/xlsx.py) of the configuration generated by")
    with open(yml_path, "w", encoding="utf-8") as f:
        f.write(outcome_config)
    print(f"wrote {xlsx_path} ({os.path.getsize(xlsx_path)} bytes, sheet {len(sheet.encode())} bytes "
          f"unzipped, {len(strings)} shared strings) and {yml_path}")


def as_date(v):
    """A cell value as a date, as PanelBrief reads it with date_format iso; None if not one."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.datetime.strptime(v.strip(), "%Y-%m-%d").date()
        except ValueError:
            return None
    return None


def tally_rows(rows):
    """(ref, outcome, recorded) values -> contenders' result shape."""
    by_year: dict = {}
    months: dict = {}
    refs = set()
    set_aside = 0
    for ref, outcome, recorded in rows:
        d = as_date(recorded)
        label = (outcome or "").strip().lower()
        if d is None:
            set_aside += 1
            continue
        by_year[(label, d.year)] = by_year.get((label, d.year), 0) + 1
        if label != CANCELLED:
            m = f"{d.year}-{d.month:02d}"
            months[m] = months.get(m, 0) + 1
        refs.add(ref)
    return ([(l, y, n) for (l, y), n in by_year.items()] + [(None, None, set_aside)],
            list(months.items()), len(refs))


def count_openpyxl(path: str):
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header = list(next(it))
    i_ref, i_date, i_out = (header.index(h) for h in ("Occurrence Ref", "Recorded Date", "Outcome"))
    result = tally_rows((r[i_ref], r[i_out], r[i_date]) for r in it)
    wb.close()
    return result


def count_calamine(path: str):
    import pandas as pd

    df = pd.read_excel(path, engine="calamine", dtype=object,
                       usecols=["Occurrence Ref", "Recorded Date", "Outcome"])
    df = df.where(df.notna(), None)
    return tally_rows(zip(df["Occurrence Ref"], df["Outcome"], df["Recorded Date"]))


def count_polars(path: str):
    import polars as pl

    # Mixed columns (dates and text in one column) are read as text: fastexcel writes a date cell
    # as "YYYY-MM-DD" (with " 00:00:00" when it is a datetime), which as_date reads.
    df = pl.read_excel(path, columns=["Occurrence Ref", "Recorded Date", "Outcome"],
                       schema_overrides={"Occurrence Ref": pl.String, "Recorded Date": pl.String,
                                         "Outcome": pl.String})
    dates = [None if v is None else v[:10] for v in df["Recorded Date"].to_list()]
    return tally_rows(zip(df["Occurrence Ref"].to_list(), df["Outcome"].to_list(), dates))


TOOLS = {"openpyxl": count_openpyxl, "calamine": count_calamine, "polars": count_polars}


def run(tool: str, path: str):
    by_year, by_month, distinct = TOOLS[tool](path)
    return contenders.tally((by_year, by_month, distinct))


def main() -> None:
    if len(sys.argv) >= 4 and sys.argv[1] == "generate":
        generate(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) < 3 or sys.argv[1] not in TOOLS:
        sys.exit("usage: xlsx.py generate CRIMES.csv OUT_DIR | xlsx.py {openpyxl|calamine|polars} WORKBOOK.xlsx [--json]")
    r = run(sys.argv[1], sys.argv[2])
    if "--json" in sys.argv[3:]:
        print(json.dumps(r, sort_keys=True))
    else:
        counted = sum(sum(v.values()) for v in r["counts"].values())
        print(f"{sys.argv[1]}: {counted} counted, {r['set_aside']} set aside, {len(r['months'])} months, "
              f"{r['distinct']} distinct references")


if __name__ == "__main__":
    main()

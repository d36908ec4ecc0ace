#!/usr/bin/env python3
"""Compare PanelBrief's seed workbook with what ONS's gptables makes of the same three tables.

Usage:
    pip install gptables openpyxl
    swift run panelbrief report --config Fixtures/seed-force/panel.yml --out /tmp/seed
    python3 scripts/gptables_compare.py --panelbrief /tmp/seed/briefing.xlsx [--out /tmp/gpt]

The script builds a gptables (2.0.2) workbook from ../shared/seed-tables/*.csv with a cover,
a contents sheet, a notes sheet and, per table, a title, subtitle, source and note markers.
It then reads both workbooks (openpyxl, plus the raw XML parts openpyxl does not expose) and
prints, feature by feature, whether each workbook has it, as a Markdown table. It exits with
status 1 if gptables' workbook has a feature PanelBrief's lacks, unless that difference is
one PanelBrief makes on purpose (listed in DELIBERATE below, each with its reason).

Notes (what was found, November 2026, gptables 2.0.2, openpyxl 3.1.5):
- gptables writes no document properties (no title, no author); PanelBrief writes title,
  subject, author, keywords, comments, created date and custom "Protective marking" and
  "Language" properties.
- gptables sets Arial 12 pt for body text (16 pt titles); PanelBrief keeps Excel's default
  Calibri 11 pt (titles 15 pt bold). Both are sans serif at or above the guidance's minimum;
  recorded as a deliberate difference.
- gptables writes no page header or footer; PanelBrief puts the protective marking in every
  sheet's header and footer (Government Security Classifications) and also in the text above
  each table, because screen readers do not read headers and footers.
- gptables draws no charts; PanelBrief's native charts carry titles and alt text.
- Gaps this comparison found in PanelBrief and that were closed in the Swift writer: gridlines
  hidden, header rows with a bottom rule, number-column headers right-aligned, no table style
  fill, no filter buttons, no frozen panes, long text wrapped.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import zipfile
from xml.etree import ElementTree

import openpyxl
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "seed-tables"))

# Sheet names shared by both workbooks, in order.
TABLE_SHEETS = ["Outcomes_by_label", "Channels_by_year", "Activity_monthly"]

# Differences PanelBrief makes on purpose: feature -> reason.
DELIBERATE = {
    "Body font Arial 12 pt": "Calibri 11 pt, Excel's default sans serif, is kept",
}


def month_name(text: str) -> str:
    """'Sep-22' -> 'Sep 2022'."""
    month, year = text.split("-")
    return f"{month} 20{year}"


def build_gptables(path: str) -> None:
    import gptables as gpt

    outcomes = pd.read_csv(os.path.join(SEED, "outcomes-by-year.csv"), dtype={"Outcome": str})
    channels = pd.read_csv(os.path.join(SEED, "channels-by-year.csv"), dtype={"How received": str})
    activity = pd.read_csv(os.path.join(SEED, "enforcement-monthly.csv"))
    activity = activity.set_index("Measure").T.reset_index()
    activity.columns.name = None
    activity = activity.rename(columns={"index": "Month"})
    activity["Month"] = activity["Month"].map(month_name)
    for frame in (outcomes, channels, activity):
        frame.columns = [str(c) for c in frame.columns]

    source = "Source: Seed Force Modern Slavery Team, records extracted 5 February 2024"
    sheets = {
        "Outcomes_by_label": gpt.GPTable(
            table=outcomes,
            table_name="tbl_Outcomes_by_label",
            title="Modern slavery crimes by outcome, 2020 to 2023 $$note 1$$",
            subtitles=["Number of crimes recorded in each year, by the force's outcome label"],
            source=source,
            index_columns={2: 0},
        ),
        "Channels_by_year": gpt.GPTable(
            table=channels,
            table_name="tbl_Channels_by_year",
            title="Modern slavery reports by how they were received, 2020 to 2023 $$note 2$$",
            subtitles=["Number of reports made in each year, by channel"],
            source=source,
            index_columns={2: 0},
        ),
        "Activity_monthly": gpt.GPTable(
            table=activity,
            table_name="tbl_Activity_monthly",
            title="Modern Slavery Team activity by month, Sep 2022 to Jan 2024 $$note 3$$",
            subtitles=["Number of events recorded in each month, by measure"],
            source=source,
            index_columns={2: 0},
        ),
    }
    cover = gpt.Cover(
        title="Modern Slavery and Human Trafficking",
        intro=["Performance report to the Police and Crime Panel."],
        about=["Calendar years 2020 to 2023; figures as at 5 February 2024."],
        contact=["Modern Slavery Team performance analyst, msteam@seedforce.example"],
    )
    notes = pd.DataFrame(
        {
            "Note number": ["note 1", "note 2", "note 3"],
            "Note text": [
                "Crimes are counted in the year they were recorded.",
                "Reports are counted by the date they were made.",
                "NRM figures are provisional.",
            ],
        }
    )
    gpt.write_workbook(
        filename=path,
        sheets=sheets,
        cover=cover,
        notes_table=notes,
        contentsheet_options={"additional_elements": ["subtitles", "source"]},
        auto_width=True,
    )


# MARK: Reading a workbook


class Book:
    def __init__(self, path: str):
        self.path = path
        self.wb = openpyxl.load_workbook(path)
        self.zip = zipfile.ZipFile(path)

    def xml(self, part: str):
        try:
            return ElementTree.fromstring(self.zip.read(part))
        except KeyError:
            return None

    def sheet_part(self, name: str) -> str:
        index = self.wb.sheetnames.index(name)
        # Both writers number worksheet parts in sheet order.
        return f"xl/worksheets/sheet{index + 1}.xml"

    def sheet_xml(self, name: str):
        return self.xml(self.sheet_part(name))

    def table(self, name: str):
        tables = list(self.wb[name].tables.values())
        return tables[0] if len(tables) == 1 else None

    def table_parts(self):
        return [p for p in self.zip.namelist() if p.startswith("xl/tables/")]

    def lines_above(self, name: str) -> list[str]:
        ws = self.wb[name]
        table = self.table(name)
        top = openpyxl.utils.cell.range_boundaries(table.ref)[1] if table else ws.max_row + 1
        return [str(ws.cell(row=r, column=1).value or "") for r in range(1, top)]

    def header_cells(self, name: str):
        ws = self.wb[name]
        table = self.table(name)
        left, top, right, _ = openpyxl.utils.cell.range_boundaries(table.ref)
        return [ws.cell(row=top, column=c) for c in range(left, right + 1)]

    def data_cells(self, name: str):
        ws = self.wb[name]
        table = self.table(name)
        left, top, right, bottom = openpyxl.utils.cell.range_boundaries(table.ref)
        return [
            [ws.cell(row=r, column=c) for c in range(left, right + 1)]
            for r in range(top + 1, bottom + 1)
        ]

    def numeric_columns(self, name: str) -> list[int]:
        rows = self.data_cells(name)
        return [
            i
            for i in range(len(rows[0]))
            if sum(isinstance(r[i].value, (int, float)) for r in rows) > len(rows) / 2
        ]


NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def has(value: bool, detail: str = "") -> tuple[bool, str]:
    return value, detail


# MARK: Features: name -> function(book) -> (present, detail)


def cover_first(b: Book):
    ws = b.wb.worksheets[0]
    return has(ws.title == "Cover" and bool(ws["A1"].value) and ws["A1"].font.b, f"A1: {ws['A1'].value!r}"[:60])


def cover_sections(b: Book):
    ws = b.wb["Cover"]
    headings = [c.value for c in ws["A"] if c.value and c.font.b and c.row > 1]
    return has(len(headings) >= 3, f"{len(headings)} headed sections")


def cover_wraps(b: Book):
    ws = b.wb["Cover"]
    long = [c for c in ws["A"] if isinstance(c.value, str) and len(c.value) > 80]
    return has(bool(long) and all(c.alignment.wrap_text for c in long), f"{len(long)} long paragraphs")


def contents_links(b: Book):
    if "Contents" not in b.wb.sheetnames:
        return has(False)
    ws = b.wb["Contents"]
    targets = {c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink}
    others = [s for s in b.wb.sheetnames if s != "Contents"]
    linked = [s for s in others if f"'{s}'!A1" in targets]
    tables = TABLE_SHEETS + ["Notes"]
    return has(all(f"'{s}'!A1" in targets for s in tables), f"links to {len(linked)} of {len(others)} other sheets")


def contents_table(b: Book):
    return has("Contents" in b.wb.sheetnames and b.table("Contents") is not None)


def contents_says_one_table(b: Book):
    return has(any("This worksheet contains one table" in l for l in b.lines_above("Contents")))


def notes_sheet(b: Book):
    ok = "Notes" in b.wb.sheetnames and b.table("Notes") is not None
    cols = [c.value for c in b.header_cells("Notes")] if ok else []
    return has(ok, " | ".join(map(str, cols)))


def note_markers(b: Book):
    found = [
        s
        for s in TABLE_SHEETS
        if any(re.search(r"\[note \d+\]", l) for l in b.lines_above(s))
    ]
    return has(len(found) == len(TABLE_SHEETS), f"[note N] above {len(found)} tables")


def per_table(check):
    def run(b: Book):
        results = [check(b, s) for s in TABLE_SHEETS]
        return has(all(results), f"{sum(results)}/{len(results)} tables")

    return run


def title_a1(b, s):
    c = b.wb[s]["A1"]
    return bool(c.value) and c.font.b and (c.font.sz or 11) >= 14


def subtitle_line(b, s):
    lines = b.lines_above(s)
    return len(lines) >= 2 and bool(lines[1]) and not lines[1].startswith("Source")


def source_line(b, s):
    return any(l.startswith("Source:") for l in b.lines_above(s))


def one_table_line(b, s):
    return any(l.startswith("This worksheet contains one table") for l in b.lines_above(s))


def marked_up(b, s):
    t = b.table(s)
    return t is not None and (t.headerRowCount in (None, 1))


def starts_in_a(b, s):
    t = b.table(s)
    return t is not None and t.ref.startswith("A")


def header_bold(b, s):
    return all(c.font.b for c in b.header_cells(s))


def header_border(b, s):
    return all(c.border.bottom is not None and c.border.bottom.style for c in b.header_cells(s))


def header_wrap(b, s):
    return all(c.alignment.wrap_text for c in b.header_cells(s))


def numeric_headers_right(b, s):
    cells = b.header_cells(s)
    return all(cells[i].alignment.horizontal == "right" for i in b.numeric_columns(s))


def numbers_as_numbers(b, s):
    bad = 0
    for row in b.data_cells(s):
        for i in b.numeric_columns(s):
            v = row[i].value
            if isinstance(v, str) and not re.fullmatch(r"\[[cxzu]\]", v):
                bad += 1
    return bad == 0


def number_formats(b, s):
    formats = {row[i].number_format for row in b.data_cells(s) for i in b.numeric_columns(s)}
    return formats != {"General"}


def widths_set(b, s):
    ws = b.wb[s]
    t = b.table(s)
    left, _, right, _ = openpyxl.utils.cell.range_boundaries(t.ref)
    x = b.sheet_xml(s)
    custom = set()
    for col in x.iter(f"{{{NS['m']}}}col"):
        if col.get("customWidth") == "1":
            custom.update(range(int(col.get("min")), int(col.get("max")) + 1))
    return all(c in custom for c in range(left, right + 1))


def long_text_wraps(b, s):
    ws = b.wb[s]
    long = [
        c
        for row in b.data_cells(s)
        for c in row
        if isinstance(c.value, str)
        and len(c.value) > (ws.column_dimensions[c.column_letter].width or 8.43)
    ]
    return all(c.alignment.wrap_text for c in long)


def whole_book(check):
    def run(b: Book):
        results = {s: check(b, s) for s in b.wb.sheetnames}
        good = [s for s, ok in results.items() if ok]
        return has(len(good) == len(results), f"{len(good)}/{len(results)} sheets")

    return run


def gridlines_hidden(b, s):
    view = b.sheet_xml(s).find("m:sheetViews/m:sheetView", NS)
    return view is not None and view.get("showGridLines") == "0"


def no_merged(b, s):
    return not b.wb[s].merged_cells.ranges


def no_panes(b, s):
    return b.sheet_xml(s).find("m:sheetViews/m:sheetView/m:pane", NS) is None


def marking_header_footer(b, s):
    hf = b.sheet_xml(s).find("m:headerFooter", NS)
    return hf is not None and "OFFICIAL" in (hf.findtext("m:oddHeader", "", NS) or "")


def no_filters(b: Book):
    parts = b.table_parts()
    with_filter = [p for p in parts if b.xml(p).find("m:autoFilter", NS) is not None]
    return has(not with_filter, f"{len(with_filter)}/{len(parts)} tables have filter buttons")


def no_table_fill(b: Book):
    parts = b.table_parts()
    styled = [p for p in parts if (b.xml(p).find("m:tableStyleInfo", NS) or {}).get("name")]
    return has(not styled, f"{len(styled)}/{len(parts)} tables have a banded style")


def shorthand_explained(b: Book):
    ws = b.wb["Cover"]
    text = " ".join(str(c.value) for c in ws["A"] if c.value)
    return has(all(s in text for s in ["[c]", "[x]", "[z]"]), "shorthand listed on the cover")


def font_arial_12(b: Book):
    ws = b.wb[TABLE_SHEETS[0]]
    cell = b.data_cells(TABLE_SHEETS[0])[0][0]
    return has(cell.font.name == "Arial" and cell.font.sz == 12, f"{cell.font.name} {cell.font.sz:g} pt")


def doc_title_author(b: Book):
    p = b.wb.properties
    return has(bool(p.title) and bool(p.creator), f"title={bool(p.title)}, author={bool(p.creator)}")


def doc_language(b: Book):
    custom = b.xml("docProps/custom.xml")
    core = b.xml("docProps/core.xml")
    lang = core is not None and any(e.tag.endswith("language") for e in core)
    names = [] if custom is None else [e.get("name") for e in custom]
    return has(lang or "Language" in names, "custom property" if "Language" in names else "")


def charts_alt_text(b: Book):
    drawings = [p for p in b.zip.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", p)]
    frames = []
    for part in drawings:
        for frame in b.xml(part).iter():
            if frame.tag.endswith("}cNvPr"):
                frames.append(frame.get("descr") or "")
    if not frames:
        return has(False, "no charts")
    return has(all(frames), f"{len(frames)} charts, all with alt text" if all(frames) else "")


def active_a1(b: Book):
    return has(b.wb.active.title == b.wb.sheetnames[0], f"active sheet {b.wb.active.title}")


FEATURES = [
    ("Cover sheet first, title in A1 (bold)", cover_first),
    ("Cover: headed sections (about these data, contact...)", cover_sections),
    ("Cover: long paragraphs wrapped", cover_wraps),
    ("Contents sheet linking to every sheet", contents_links),
    ("Contents marked up as a table", contents_table),
    ("Contents: 'This worksheet contains one table'", contents_says_one_table),
    ("Notes sheet with a notes table", notes_sheet),
    ("[note N] markers above each table", note_markers),
    ("Table title in A1, bold, >= 14 pt", per_table(title_a1)),
    ("Subtitle line under the title", per_table(subtitle_line)),
    ("Source line", per_table(source_line)),
    ("'This worksheet contains one table' line", per_table(one_table_line)),
    ("Excel table markup, one header row", per_table(marked_up)),
    ("Table starts in column A", per_table(starts_in_a)),
    ("Header cells bold", per_table(header_bold)),
    ("Header cells with a bottom border", per_table(header_border)),
    ("Header cells wrap", per_table(header_wrap)),
    ("Number-column headers right-aligned", per_table(numeric_headers_right)),
    ("Numbers stored as numbers", per_table(numbers_as_numbers)),
    ("Number formats (thousands separator, %)", per_table(number_formats)),
    ("Column widths set for every table column", per_table(widths_set)),
    ("Long text in tables wraps", per_table(long_text_wraps)),
    ("Gridlines hidden", whole_book(gridlines_hidden)),
    ("No merged cells", whole_book(no_merged)),
    ("No frozen panes", whole_book(no_panes)),
    ("No filter buttons", no_filters),
    ("No banded table fill", no_table_fill),
    ("Shorthand ([c], [x], [z]) explained", shorthand_explained),
    ("Body font Arial 12 pt", font_arial_12),
    ("Document properties: title and author", doc_title_author),
    ("Document language", doc_language),
    ("Native charts with alt text", charts_alt_text),
    ("First sheet active (cursor in A1)", active_a1),
    ("Protective marking in page header/footer", whole_book(marking_header_footer)),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--panelbrief", required=True, help="PanelBrief's briefing.xlsx")
    parser.add_argument("--out", default="/tmp/gptables-compare", help="folder for gptables' workbook")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    gpt_path = os.path.join(args.out, "gptables-seed.xlsx")
    build_gptables(gpt_path)
    gpt, pb = Book(gpt_path), Book(args.panelbrief)

    def mark(result):
        ok, detail = result
        return ("yes" if ok else "no") + (f" ({detail})" if detail else "")

    print("| Feature | gptables | PanelBrief |")
    print("|---|---|---|")
    gaps = []
    for name, check in FEATURES:
        g, p = check(gpt), check(pb)
        print(f"| {name} | {mark(g)} | {mark(p)} |")
        if g[0] and not p[0] and name not in DELIBERATE:
            gaps.append(name)
    for name, reason in DELIBERATE.items():
        print(f"\nDeliberate difference: {name}: {reason}.")
    if gaps:
        print("\nGaps in PanelBrief: " + "; ".join(gaps), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

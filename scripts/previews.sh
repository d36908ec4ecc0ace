#!/usr/bin/env bash
# Refreshes a committed briefing and its PNG previews in one command:
#
#   scripts/previews.sh [config] [output folder]
#
# (defaults: Fixtures/seed-force/panel.yml and Reports/seed-force). It
#   1. writes the briefing into the output folder (panelbrief report),
#   2. makes the paper's PDF the way a user would (panelbrief report --pdf: pandoc, then
#      LibreOffice) in a scratch folder, and the workbook's PDF with LibreOffice,
#   3. turns the first pages of each into small PNGs with pdftoppm:
#      preview-paper-N.png and preview-workbook-N.png in the output folder,
#   4. opens briefing.html in headless Chromium, checks it with axe-core (scripts/axe-check.py)
#      and saves preview-web-first-screen.png and preview-web-chart.png (when chromium,
#      chromedriver and Python's selenium and selenium-axe-python are installed).
# Old previews are removed first, so the folder holds exactly one set.
#
# Needs: swift, pandoc, rsvg-convert, LibreOffice (soffice, with Writer and Calc) and pdftoppm
# (poppler-utils). On Debian/Ubuntu:
#   apt-get install pandoc librsvg2-bin libreoffice-writer libreoffice-calc poppler-utils
# Environment: PREVIEW_DPI (default 60), PREVIEW_PAPER_PAGES (default 12),
# PREVIEW_WORKBOOK_PAGES (default 11).
set -euo pipefail

cd "$(dirname "$0")/.."
config="${1:-Fixtures/seed-force/panel.yml}"
out="${2:-Reports/seed-force}"
dpi="${PREVIEW_DPI:-60}"
paper_pages="${PREVIEW_PAPER_PAGES:-12}"
workbook_pages="${PREVIEW_WORKBOOK_PAGES:-11}"

missing=()
for tool in swift pandoc rsvg-convert soffice pdftoppm; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "error: scripts/previews.sh needs ${missing[*]}, which is not installed." >&2
  echo "On Debian/Ubuntu: apt-get install pandoc librsvg2-bin libreoffice-writer libreoffice-calc poppler-utils" >&2
  exit 2
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

swift build --product panelbrief >&2
panelbrief="$(swift build --show-bin-path)/panelbrief"

# 1. The briefing itself.
"$panelbrief" report --config "$config" --out "$out"

# 2. The paper as PDF, made by PanelBrief's own --pdf; the workbook through LibreOffice Calc.
"$panelbrief" report --config "$config" --out "$scratch/paper" --pdf >/dev/null
soffice "-env:UserInstallation=file://$scratch/libreoffice-profile" --headless --norestore \
  --convert-to pdf --outdir "$scratch/workbook" "$out/briefing.xlsx" >/dev/null 2>&1
if [[ ! -s "$scratch/workbook/briefing.pdf" ]]; then
  echo "error: LibreOffice could not convert $out/briefing.xlsx to PDF (is libreoffice-calc installed?)" >&2
  exit 2
fi

# 3. PNG pages, numbered from 1 without zero padding.
rm -f "$out"/preview-paper-*.png "$out"/preview-workbook-*.png "$out"/preview-web-*.png
pages() { # pdf, name, last page
  local pdf="$1" name="$2" last="$3" png n
  pdftoppm -png -r "$dpi" -f 1 -l "$last" "$pdf" "$scratch/$name"
  for png in "$scratch/$name"-*.png; do
    n="${png##*-}"
    n="${n%.png}"
    mv "$png" "$out/preview-$name-$((10#$n)).png"
  done
}
pages "$scratch/paper/briefing.pdf" paper "$paper_pages"
pages "$scratch/workbook/briefing.pdf" workbook "$workbook_pages"

# 4. The web page, as a browser shows it.
if python3 scripts/axe-check.py "$out/briefing.html" --screenshots "$scratch/web"; then
  name=$(basename "$out")
  mv "$scratch/web/$name-first-screen.png" "$out/preview-web-first-screen.png"
  mv "$scratch/web/$name-chart.png" "$out/preview-web-chart.png"
else
  echo "warning: no web previews (scripts/axe-check.py failed or a tool is missing)" >&2
fi

total=$(du -ck "$out"/preview-*.png | tail -1 | cut -f1)
echo "Wrote $(ls "$out"/preview-paper-*.png | wc -l | tr -d ' ') paper and $(ls "$out"/preview-workbook-*.png | wc -l | tr -d ' ') workbook previews to $out/ (${total} KB)."

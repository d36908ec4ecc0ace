#!/usr/bin/env bash
# PanelBrief's ingest against DuckDB, polars, pandas (CSV), openpyxl/calamine/polars (XLSX) and
# DuckDB (police.uk) on large generated inputs, in one run. Every contender's counts are checked
# against PanelBrief's cell for cell before anything is timed; the timed runs alternate between
# contenders (bench.py). See Benchmarks/README.md for the method and the results.
#
#   Benchmarks/run.sh                                  # everything (about 30 minutes here)
#   BENCH_PARTS="csv" BENCH_SIZES="100000" Benchmarks/run.sh   # quick
#
# Environment:
#   BENCH_DATA     where the generated inputs and results go (default /tmp/panelbrief-bench;
#                  never inside the repository); results in $BENCH_DATA/results
#   BENCH_PARTS    any of "csv wide xlsx policeuk profile" (default: all)
#   BENCH_SIZES    CSV rows, Benchmarks/ layout (default "1000000 5000000 10000000")
#   BENCH_WIDE     rows of the layout with other columns (default 5000000)
#   BENCH_XLSX     rows of the XLSX export (default 1000000; made from crimes-N.csv)
#   BENCH_POLICEUK street rows of the police.uk year (default 6000000)
#   BENCH_PROFILE  CSV rows profiled with perf (default 5000000)
#   BENCH_RUNS     alternating timed runs per contender (default 3; XLSX and police.uk: 2,
#                  BENCH_RUNS_SLOW)
#   BENCH_BIN      a panelbrief binary to use instead of building the release one
#   BENCH_NICE     a nice level for everything timed (default 0: none)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
data="${BENCH_DATA:-/tmp/panelbrief-bench}"
parts="${BENCH_PARTS:-csv wide xlsx policeuk profile}"
sizes=(${BENCH_SIZES:-1000000 5000000 10000000})
wide="${BENCH_WIDE:-5000000}"
xlsxn="${BENCH_XLSX:-1000000}"
police="${BENCH_POLICEUK:-6000000}"
profn="${BENCH_PROFILE:-5000000}"
runs="${BENCH_RUNS:-3}"
slow="${BENCH_RUNS_SLOW:-2}"
results="$data/results"
mkdir -p "$results"
case "$data" in "$root"/*) echo "run.sh: BENCH_DATA must be outside the repository" >&2; exit 2;; esac
has() { [[ " $parts " == *" $1 "* ]]; }
nice_=(nice -n "${BENCH_NICE:-0}")

need() { command -v "$1" >/dev/null || { echo "run.sh: $1 is missing ($2)" >&2; exit 2; }; }
need /usr/bin/time "apt-get install -y time"
python3 -c 'import duckdb, polars, pandas' 2>/dev/null \
  || { echo "run.sh: pip install duckdb polars pandas" >&2; exit 2; }
if has xlsx; then
  python3 -c 'import openpyxl, python_calamine, fastexcel' 2>/dev/null \
    || { echo "run.sh: pip install openpyxl python-calamine fastexcel (XLSX contenders)" >&2; exit 2; }
fi

if [[ -n "${BENCH_BIN:-}" ]]; then
  bin="$BENCH_BIN"
else
  echo "== Build (release)"
  (cd "$root" && swift build -c release --product panelbrief)
  bin="$(cd "$root" && swift build -c release --product panelbrief --show-bin-path)/panelbrief"
fi

echo "== Machine and versions" | tee "$results/versions.txt"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; memory: $(free -g | awk '/Mem:/{print $2}') GB"
  echo "kernel: $(uname -sr)"
  echo "swift: $(swift --version 2>&1 | grep -m1 -i 'swift version')"
  echo "panelbrief: $(cd "$root" && git rev-parse --short HEAD) ($("$bin" --version))"
  python3 -c 'import sys, duckdb, polars, pandas; print("python", sys.version.split()[0], "| duckdb", duckdb.__version__, "| polars", polars.__version__, "| pandas", pandas.__version__)'
  python3 -c 'import openpyxl, fastexcel, importlib.metadata as m; print("openpyxl", openpyxl.__version__, "| python-calamine", m.version("python-calamine"), "| fastexcel", fastexcel.__version__)' 2>/dev/null || true
  python3 -c 'import duckdb, polars; print("duckdb threads:", duckdb.connect().execute("select current_setting(\x27threads\x27)").fetchall()[0][0], "| polars threads:", polars.thread_pool_size())'
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$results/versions.txt"

echo "== Generate (skipped when present)"
gen() { [[ -f "$1" ]] || nice -n "${BENCH_GEN_NICE:-10}" python3 "${@:2}"; }
for n in "${sizes[@]}"; do gen "$data/crimes-$n.csv" "$here/generate.py" "$n" "$data"; done
has profile && gen "$data/crimes-$profn.csv" "$here/generate.py" "$profn" "$data"
has wide && gen "$data/crimes-wide-$wide.csv" "$here/generate.py" "$wide" "$data" --layout wide
if has xlsx; then
  gen "$data/crimes-$xlsxn.csv" "$here/generate.py" "$xlsxn" "$data"
  gen "$data/crimes-$xlsxn.xlsx" "$here/xlsx.py" generate "$data/crimes-$xlsxn.csv" "$data"
fi
has policeuk && gen "$data/bench-policeuk-$police.yml" "$here/policeuk.py" generate "$police" "$data"
ls -l "$data" | grep -E 'csv|xlsx' || true

csv_contenders() {  # $1 file, $2 layout
  echo "duckdb=${nice_[*]} python3 $here/contenders.py duckdb $1 --layout $2"
  echo "polars=${nice_[*]} python3 $here/contenders.py polars $1 --layout $2"
  echo "pandas=${nice_[*]} python3 $here/contenders.py pandas $1 --layout $2"
}

if has csv; then
  for n in "${sizes[@]}"; do
    echo "== CSV, $n rows: correctness, then timings"
    python3 "$here/check.py" "$bin" "$data/bench-$n.yml" "$data/crimes-$n.csv" | tee "$results/check-csv-$n.txt"
    mapfile -t c < <(csv_contenders "$data/crimes-$n.csv" seed)
    python3 "$here/bench.py" --runs "$runs" --rows "$n" --ref duckdb --out "$results/csv-$n" \
      "panelbrief report=${nice_[*]} $bin report --config $data/bench-$n.yml --out $data/report-$n" "${c[@]}"
  done
fi

if has wide; then
  echo "== CSV with other columns, $wide rows: correctness, then timings"
  python3 "$here/check.py" "$bin" "$data/bench-wide-$wide.yml" "$data/crimes-wide-$wide.csv" --layout wide \
    | tee "$results/check-wide-$wide.txt"
  mapfile -t c < <(csv_contenders "$data/crimes-wide-$wide.csv" wide)
  python3 "$here/bench.py" --runs "$runs" --rows "$wide" --ref duckdb --out "$results/wide-$wide" \
    "panelbrief report=${nice_[*]} $bin report --config $data/bench-wide-$wide.yml --out $data/report-wide-$wide" "${c[@]}"
fi

if has xlsx; then
  echo "== XLSX, $xlsxn rows: correctness, then timings"
  python3 "$here/check.py" "$bin" "$data/bench-xlsx-$xlsxn.yml" "$data/crimes-$xlsxn.xlsx" --layout xlsx 2>/dev/null \
    | tee "$results/check-xlsx-$xlsxn.txt"
  python3 "$here/bench.py" --runs "$slow" --rows "$xlsxn" --ref openpyxl --out "$results/xlsx-$xlsxn" \
    "panelbrief report=${nice_[*]} $bin report --config $data/bench-xlsx-$xlsxn.yml --out $data/report-xlsx-$xlsxn" \
    "openpyxl=${nice_[*]} python3 $here/xlsx.py openpyxl $data/crimes-$xlsxn.xlsx" \
    "calamine=${nice_[*]} python3 $here/xlsx.py calamine $data/crimes-$xlsxn.xlsx" \
    "polars=${nice_[*]} python3 $here/xlsx.py polars $data/crimes-$xlsxn.xlsx"
fi

if has policeuk; then
  echo "== police.uk, 43 forces, $police street rows: correctness, then timings"
  python3 "$here/policeuk.py" check "$bin" "$data/bench-policeuk-$police.yml" | tee "$results/check-policeuk-$police.txt"
  python3 "$here/bench.py" --runs "$slow" --rows "$police" --ref duckdb --out "$results/policeuk-$police" \
    "panelbrief report=${nice_[*]} $bin report --config $data/bench-policeuk-$police.yml --out $data/report-policeuk-$police" \
    "duckdb=${nice_[*]} python3 $here/policeuk.py duckdb $data/bench-policeuk-$police.yml"
fi

if has profile; then
  echo "== Profile: perf record -g on panelbrief report, CSV $profn rows"
  if perf record -F 499 -g -o "$results/perf-report-$profn.data" \
    "$bin" report --config "$data/bench-$profn.yml" --out "$data/report-$profn" > /dev/null 2> "$results/perf-record-$profn.log"; then
    perf report -i "$results/perf-report-$profn.data" --no-children --sort comm,symbol --stdio -g none \
      2> /dev/null | grep '%' | head -60 > "$results/perf-self-$profn.txt" || true
    perf report -i "$results/perf-report-$profn.data" --children --sort symbol --stdio -g none \
      2> /dev/null | grep '%' | head -60 > "$results/perf-children-$profn.txt" || true
    sed -n '1,30p' "$results/perf-self-$profn.txt" | cut -c1-180
  else
    echo "perf cannot record here: $(tail -2 "$results/perf-record-$profn.log")"
  fi
fi

python3 "$here/summarize.py" "$results" | tee "$results/summary.md"
echo "== Results in $results"

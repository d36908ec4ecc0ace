#!/usr/bin/env bash
# PanelBrief's ingest against DuckDB, polars and pandas on the same large crimes export, in one run.
# See Benchmarks/README.md for the method and the last results.
#
#   Benchmarks/run.sh                      # 1M and 5M rows, check, timings, memory, profile
#   BENCH_SIZES="1000000" BENCH_PROFILE=0 Benchmarks/run.sh
#
# Environment:
#   BENCH_DATA     where the generated exports, configurations and results go (default
#                  /tmp/panelbrief-bench; never inside the repository)
#   BENCH_SIZES    row counts (default "1000000 5000000"); the first is the one checked and profiled
#   BENCH_RUNS     timed runs per command (default 5, after one warm-up run)
#   BENCH_PROFILE  1 (default) to profile `panelbrief validate` on the first size with callgrind,
#                  and `panelbrief report` with perf (when perf may record)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
data="${BENCH_DATA:-/tmp/panelbrief-bench}"
sizes=(${BENCH_SIZES:-1000000 5000000})
runs="${BENCH_RUNS:-5}"
profile="${BENCH_PROFILE:-1}"
results="$data/results"
mkdir -p "$results"

need() { command -v "$1" >/dev/null || { echo "run.sh: $1 is missing ($2)" >&2; exit 2; }; }
need hyperfine "apt-get install -y hyperfine"
need /usr/bin/time "apt-get install -y time"
python3 -c 'import duckdb, polars, pandas' 2>/dev/null \
  || { echo "run.sh: pip install duckdb polars pandas" >&2; exit 2; }

echo "== Build (release)"
(cd "$root" && swift build -c release --product panelbrief)
bin="$(cd "$root" && swift build -c release --product panelbrief --show-bin-path)/panelbrief"

echo "== Machine and versions" | tee "$results/versions.txt"
{
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; memory: $(free -g | awk '/Mem:/{print $2}') GB"
  echo "kernel: $(uname -sr)"
  echo "swift: $(swift --version 2>&1 | head -1)"
  echo "panelbrief: $(cd "$root" && git rev-parse --short HEAD) ($("$bin" --version))"
  python3 -c 'import sys, duckdb, polars, pandas; print("python", sys.version.split()[0], "| duckdb", duckdb.__version__, "| polars", polars.__version__, "| pandas", pandas.__version__)'
  python3 -c 'import duckdb, polars; print("duckdb threads:", duckdb.connect().execute("select current_setting(\x27threads\x27)").fetchall()[0][0], "| polars threads:", polars.thread_pool_size())'
  hyperfine --version
} | tee -a "$results/versions.txt"

echo "== Generate"
for n in "${sizes[@]}"; do
  [[ -f "$data/crimes-$n.csv" && -f "$data/bench-$n.yml" ]] || python3 "$here/generate.py" "$n" "$data"
  ls -l "$data/crimes-$n.csv"
done

first="${sizes[0]}"
echo "== Correctness on $first rows"
python3 "$here/check.py" "$bin" "$data/bench-$first.yml" "$data/crimes-$first.csv" | tee "$results/check-$first.txt"

echo "== Start-up cost of each contender (no data)"
hyperfine --warmup 1 --runs "$runs" -N \
  --export-markdown "$results/startup.md" \
  -n "panelbrief --version" "$bin --version" \
  -n "python3 import duckdb" "python3 -c 'import duckdb'" \
  -n "python3 import polars" "python3 -c 'import polars'" \
  -n "python3 import pandas" "python3 -c 'import pandas'"

for n in "${sizes[@]}"; do
  csv="$data/crimes-$n.csv"
  cfg="$data/bench-$n.yml"
  out="$data/report-$n"
  echo "== Timings on $n rows"
  # validate exits 1 when rows are rejected (the export has bad dates on purpose): -i.
  hyperfine --warmup 1 --runs "$runs" -i -N \
    --export-markdown "$results/times-$n.md" --export-json "$results/times-$n.json" \
    -n "panelbrief validate" "$bin validate --config $cfg --examples 0" \
    -n "panelbrief report" "$bin report --config $cfg --out $out" \
    -n "duckdb" "python3 $here/contenders.py duckdb $csv" \
    -n "polars" "python3 $here/contenders.py polars $csv" \
    -n "pandas" "python3 $here/contenders.py pandas $csv" \
    -n "duckdb, 1 thread" "env DUCKDB_THREADS=1 python3 $here/contenders.py duckdb $csv" \
    -n "polars, 1 thread" "env POLARS_MAX_THREADS=1 python3 $here/contenders.py polars $csv"

  echo "== Peak memory on $n rows (one run each, /usr/bin/time -v)"
  : > "$results/memory-$n.txt"
  while IFS='|' read -r name cmd; do
    /usr/bin/time -v $cmd > /dev/null 2> "$results/time-v.tmp" || true
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$results/time-v.tmp")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$results/time-v.tmp")
    cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$results/time-v.tmp")
    printf '%s | %s MB | %s | %s\n' "$name" "$((rss / 1024))" "$wall" "$cpu" | tee -a "$results/memory-$n.txt"
  done <<EOF
panelbrief validate|$bin validate --config $cfg --examples 0
panelbrief report|$bin report --config $cfg --out $out
duckdb|python3 $here/contenders.py duckdb $csv
polars|python3 $here/contenders.py polars $csv
pandas|python3 $here/contenders.py pandas $csv
duckdb, 1 thread|env DUCKDB_THREADS=1 python3 $here/contenders.py duckdb $csv
polars, 1 thread|env POLARS_MAX_THREADS=1 python3 $here/contenders.py polars $csv
EOF
  rm -f "$results/time-v.tmp"
done

if [[ "$profile" == 1 ]]; then
  echo "== Profile: callgrind on panelbrief validate, $first rows"
  # valgrind 3.19 gives up on the Swift 6.3 binary's DWARF ("Possibly corrupted debuginfo
  # file"): profile a copy without debug info (the symbol table, hence function names, stays).
  cp "$bin" "$data/panelbrief-nodebug"
  objcopy --strip-debug "$data/panelbrief-nodebug"
  valgrind --tool=callgrind --callgrind-out-file="$results/callgrind-$first.out" \
    "$data/panelbrief-nodebug" validate --config "$data/bench-$first.yml" --examples 0 \
    > /dev/null 2> "$results/callgrind-$first.log" || true
  callgrind_annotate --inclusive=no "$results/callgrind-$first.out" > "$results/callgrind-self-$first.txt" || true
  callgrind_annotate --inclusive=yes "$results/callgrind-$first.out" > "$results/callgrind-inclusive-$first.txt" || true
  sed -n '1,45p' "$results/callgrind-self-$first.txt" | cut -c1-200
  if perf record -F 999 -g -o "$results/perf-report-$first.data" \
    "$bin" report --config "$data/bench-$first.yml" --out "$data/report-$first" > /dev/null 2>&1; then
    echo "== Profile: perf on panelbrief report, $first rows (self time)"
    perf report -i "$results/perf-report-$first.data" --no-children --sort symbol --stdio -g none \
      2> /dev/null | grep '%' > "$results/perf-report-self-$first.txt" || true
    perf report -i "$results/perf-report-$first.data" --children --sort symbol --stdio -g none \
      2> /dev/null | grep '%' > "$results/perf-report-inclusive-$first.txt" || true
    sed -n '1,25p' "$results/perf-report-self-$first.txt" | cut -c1-200
  fi
fi
echo "== Results in $results"

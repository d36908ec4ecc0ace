#!/usr/bin/env bash
# Fuzzes the CSV reader, the XLSX sheet scanner and the configuration loader with libFuzzer.
#
#   scripts/fuzz.sh [SECONDS]        # each target for SECONDS seconds (default 60)
#   TARGETS="fuzz-csv" scripts/fuzz.sh 600
#
# Builds Fuzz/ (targets present only when PANELBRIEF_FUZZ=1) with -sanitize=fuzzer into
# .build-fuzz/, seeds each target from the project's fixtures, reports and Fuzz/seeds/, and runs
# it. Exits 1 when a target crashes, hangs (20 s on one input) or needs more than 2 GB; the input
# is kept as .build-fuzz/artifacts/<target>-crash-… and can be replayed by passing it to
# .build-fuzz/debug/<target>. The corpus grows in .build-fuzz/corpus/<target>/ across runs.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
targets=${TARGETS:-"fuzz-csv fuzz-xlsx-sheet fuzz-config"}
export PANELBRIEF_FUZZ=1
export SWIFT_BACKTRACE=enable=no # libFuzzer, not Swift's backtracer, must catch the crash

for t in $targets; do
  swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xcc -fsanitize=fuzzer-no-link \
    --product "$t" 2>&1 | grep -E "error|warning: unre" || true
  [ -x ".build-fuzz/debug/$t" ] || { echo "$t did not build"; exit 1; }
done

seeds=.build-fuzz/seeds-$$ # one per run, so that runs of different targets can go side by side
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds"/fuzz-csv "$seeds"/fuzz-xlsx-sheet "$seeds"/fuzz-config .build-fuzz/artifacts
# The first byte of a CSV or sheet input chooses the reader's options: 0 = detect everything.
for f in Fixtures/*/exports/*.csv ../shared/realdata/*/*.csv Fuzz/seeds/csv/*; do
  [ -f "$f" ] || continue
  { printf '\000'; head -c 16384 "$f"; } >"$seeds/fuzz-csv/$(basename "$f")"
done
for f in Fuzz/seeds/xlsx-sheet/*; do
  { printf '\000'; cat "$f"; } >"$seeds/fuzz-xlsx-sheet/$(basename "$f")"
done
python3 - "$seeds/fuzz-xlsx-sheet" Reports/*/briefing.xlsx <<'PY'
import sys, zipfile, os
out = sys.argv[1]
for path in sys.argv[2:]:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet") or name == "xl/sharedStrings.xml":
                data = z.read(name)[:16384]
                tag = os.path.basename(os.path.dirname(path)) + "-" + name.replace("/", "_")
                open(os.path.join(out, tag), "wb").write(b"\0" + data)
PY
cp Fuzz/seeds/config/* "$seeds/fuzz-config/"
for f in Fixtures/*/panel*.yml; do cp "$f" "$seeds/fuzz-config/$(basename "$(dirname "$f")")-$(basename "$f")"; done

status=0
for t in $targets; do
  mkdir -p ".build-fuzz/corpus/$t"
  log=".build-fuzz/$t.log"
  echo "== $t for $seconds s"
  if ".build-fuzz/debug/$t" ".build-fuzz/corpus/$t" "$seeds/$t" -max_total_time="$seconds" \
    -timeout=20 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix=".build-fuzz/artifacts/$t-" >"$log" 2>&1; then
    echo "   no crash: $(grep -h 'stat::number_of_executed_units' "$log" | awk '{print $2}') executions, corpus $(ls ".build-fuzz/corpus/$t" | wc -l) inputs"
  else
    echo "   FAILED (see $log):"
    grep -E "ERROR|SUMMARY|Test unit written|Fatal error|precondition" "$log" | head -5 | sed 's/^/   /'
    status=1
  fi
done
exit $status

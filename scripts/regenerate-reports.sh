#!/usr/bin/env bash
# Rebuilds every example briefing in Reports/ from Fixtures/ (one command), or with --check
# rebuilds them into a temporary folder and fails if anything differs from what is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = "--check" ] && check=1

swift build --product panelbrief >/dev/null
bin="$(swift build --show-bin-path)/panelbrief"
status=0
for config in Fixtures/*/panel*.yml; do
  folder=$(basename "$(dirname "$config")")
  stem=$(basename "$config" .yml)
  name=$folder
  [ "$stem" != "panel" ] && name="$folder-${stem#panel-}"
  # A later extraction's paper says what changed since the earlier one: the earlier paper is run
  # first into a fresh run history (its output thrown away), then this one into the same history.
  # The revisions depend on the data and the extraction dates alone, not on when the runs ran.
  history=()
  case "$folder" in
    seed-force-2024-05)
      work=$(mktemp -d)
      "$bin" report --config "Fixtures/seed-force/$stem.yml" --out "$work/previous" \
        --history "$work/history.sqlite" >/dev/null
      history=(--history "$work/history.sqlite")
      ;;
  esac
  if [ $check = 1 ]; then
    tmp=$(mktemp -d)
    "$bin" report --config "$config" --out "$tmp/$name" "${history[@]}" >/dev/null
    # previews (PNG) are refreshed by scripts/previews.sh, not compared here
    if ! diff -r -x 'preview-*' "$tmp/$name" "Reports/$name" >/dev/null; then
      echo "Reports/$name differs from what the code makes now:"
      diff -r -q -x 'preview-*' "$tmp/$name" "Reports/$name" || true
      status=1
    else
      echo "Reports/$name is up to date."
    fi
    rm -rf "$tmp"
  else
    # Remove what an earlier run wrote (not the previews), so no stale chart is left behind.
    [ -d "Reports/$name" ] && find "Reports/$name" -maxdepth 1 -type f ! -name 'preview-*' -delete
    "$bin" report --config "$config" --out "Reports/$name" "${history[@]}"
  fi
done
exit $status

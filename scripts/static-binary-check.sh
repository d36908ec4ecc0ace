#!/usr/bin/env bash
# Checks that the release build of `panelbrief` runs on its own: built with the Swift runtime
# linked in (--static-swift-stdlib) and its templates compiled in, copied alone into an empty
# folder, it makes the seed briefing exactly as committed in Reports/seed-force/.
#
#   scripts/static-binary-check.sh [BINARY]   (default: builds it)
#
# Exits 1 if the binary links a Swift library, cannot run from the empty folder, or makes a
# briefing that differs from Reports/seed-force/ (previews aside). It still needs libxlsxwriter's
# shared library, which it names.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
if [ $# -ge 1 ]; then
  built="$1"
else
  swift build -c release --static-swift-stdlib --product panelbrief >&2
  built="$(swift build -c release --show-bin-path)/panelbrief"
fi
empty="$(mktemp -d)"
trap 'rm -rf "$empty"' EXIT
cp "$built" "$empty/panelbrief"
echo "panelbrief: $(du -h "$empty/panelbrief" | cut -f1), copied alone into $empty"

status=0
if ldd "$empty/panelbrief" | grep -E "libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime"; then
  echo "error: the binary links the Swift runtime above; build with --static-swift-stdlib" >&2
  status=1
fi
echo "Shared libraries it needs:"
ldd "$empty/panelbrief" | sed 's/^/  /'
if ldd "$empty/panelbrief" | grep -q "not found"; then
  echo "error: a shared library is missing" >&2
  status=1
fi

# Run it from the empty folder with nothing of the toolchain's on PATH or in the environment.
(cd "$empty" && env -i PATH=/usr/bin:/bin HOME="$empty" ./panelbrief --version)
(cd "$empty" && env -i PATH=/usr/bin:/bin HOME="$empty" ./panelbrief report \
  --config "$repo/Fixtures/seed-force/panel.yml" --out "$empty/seed-force") >/dev/null
if diff -r -x 'preview-*' "$empty/seed-force" "$repo/Reports/seed-force" >/dev/null; then
  echo "The binary alone made the seed briefing, identical to Reports/seed-force/ ($(ls "$empty/seed-force" | wc -l | tr -d ' ') files)."
else
  echo "error: the briefing it made differs from Reports/seed-force/:" >&2
  diff -r -q -x 'preview-*' "$empty/seed-force" "$repo/Reports/seed-force" >&2 || true
  status=1
fi
exit $status

#!/usr/bin/env bash
# Checks scripts/install.sh end to end, as a packager would use it:
#
#   scripts/install-check.sh
#
# 1. A PREFIX that is not absolute, and a DESTDIR that cannot be created, are refused with exit
#    status 1 and a message, and leave nothing installed.
# 2. DESTDIR=<scratch> scripts/install.sh /usr/local installs exactly bin/panelbrief (mode 755)
#    and share/man/man1/panelbrief.1 (mode 644); the man page renders (groff) and documents every
#    subcommand and the report options.
# 3. The installed binary, copied alone into an empty folder, makes the seed briefing exactly as
#    committed in Reports/seed-force/ (scripts/static-binary-check.sh).
# Needs groff (Debian: groff-base). Exits 1 on the first failure, naming it.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "error: install check: $*" >&2
  exit 1
}
command -v groff >/dev/null || fail "groff is needed to render the man page (apt-get install groff-base)"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# 1. Refusals leave nothing behind. (The build they start is the one step 2 needs anyway.)
set +e
DESTDIR="$scratch/relative" scripts/install.sh usr/local >"$scratch/log" 2>&1
status=$?
set -e
[ $status -eq 1 ] || fail "a relative PREFIX gave exit status $status, not 1"
grep -q "PREFIX must be an absolute path" "$scratch/log" || fail "a relative PREFIX was not named"
[ ! -e "$scratch/relative" ] || fail "a refused install wrote into DESTDIR"

: >"$scratch/a-file"
set +e
DESTDIR="$scratch/a-file/dest" scripts/install.sh /usr/local >"$scratch/log" 2>&1
status=$?
set -e
if [ $status -ne 1 ]; then
  cat "$scratch/log" >&2
  fail "a DESTDIR that cannot be created gave exit status $status, not 1"
fi
grep -q "nothing was installed" "$scratch/log" || fail "a failed install did not say that nothing was installed"
echo "Refused as it should: a relative PREFIX, and a DESTDIR under a file (exit 1, nothing installed)."

# 2. The install itself.
dest="$scratch/dest"
DESTDIR="$dest" scripts/install.sh /usr/local
installed="$(cd "$dest" && find . -type f | sort | tr '\n' ' ')"
[ "$installed" = "./usr/local/bin/panelbrief ./usr/local/share/man/man1/panelbrief.1 " ] ||
  fail "install.sh installed '$installed', not exactly the binary and its man page"
[ "$(stat -c %a "$dest/usr/local/bin/panelbrief")" = 755 ] || fail "the binary's mode is not 755"
[ "$(stat -c %a "$dest/usr/local/share/man/man1/panelbrief.1")" = 644 ] || fail "the man page's mode is not 644"

page="$(groff -mandoc -Tutf8 -ww -P-cbou "$dest/usr/local/share/man/man1/panelbrief.1" 2>"$scratch/groff.log")"
[ ! -s "$scratch/groff.log" ] || {
  cat "$scratch/groff.log" >&2
  fail "groff warned about the man page"
}
for sub in report validate init history; do
  grep -qE "^ {5}$sub( |$)" <<<"$page" || fail "the rendered man page does not show the '$sub' subcommand"
done
for expected in "PANELBRIEF(1)" "panelbrief subcommand" "--config" "--docx" "--pdf" "--allow-rejected" \
  "--history file" "--examples" "--version"; do
  grep -qF -- "$expected" <<<"$page" || fail "the rendered man page does not show '$expected'"
done
echo "The man page renders ($(wc -l <<<"$page" | tr -d ' ') lines) and shows report, validate, init and history."

# 3. The installed binary on its own.
scripts/static-binary-check.sh "$dest/usr/local/bin/panelbrief"
echo "install check passed."

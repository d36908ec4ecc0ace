#!/usr/bin/env bash
# Builds PanelBrief for release and installs the `panelbrief` program and its man page:
#
#   scripts/install.sh [PREFIX]        (default PREFIX: /usr/local; or set DESTDIR for packaging)
#
# installs PREFIX/bin/panelbrief and PREFIX/share/man/man1/panelbrief.1 (under DESTDIR when it is
# set). The program is built with the Swift runtime linked in (--static-swift-stdlib), so the
# machine it runs on needs no Swift toolchain; its templates are compiled in, so it needs no files
# beside it. It does need libxlsxwriter's shared library, libxlsxwriter.so.4 (Debian: apt-get
# install libxlsxwriter4, which brings minizip and OpenSSL's libcrypto), SQLite's libsqlite3.so.0,
# libstdc++ and zlib. `panelbrief report --docx/--pdf` also needs pandoc, rsvg-convert and
# LibreOffice, as the README says.
#
# The man page is written by swift-argument-parser's generate-manual tool from the very binary
# that is installed. The tool is built through the package's `generate-manual` plugin
# (`swift package generate-manual --help` builds it and nothing else) and then run directly: the
# plugin itself would build every product again in release without the static runtime, and it
# passes any argument it does not know (such as --product) on to the tool, which then stops with
# exit status 64 (a usage error).
#
# Either both files are installed or neither: everything is built and checked in a scratch folder
# first, and a failing step is named on standard error with exit status 1.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "error: scripts/install.sh: $*; nothing was installed." >&2
  exit 1
}

prefix="${1:-${PREFIX:-/usr/local}}"
destdir="${DESTDIR:-}"
case "$prefix" in
  /*) ;;
  *) fail "PREFIX must be an absolute path (it is '$prefix'); for example $HOME/.local" ;;
esac
case "$destdir" in
  "" | /*) ;;
  *) destdir="$(pwd)/$destdir" ;;
esac
bindir="$destdir$prefix/bin"
mandir="$destdir$prefix/share/man/man1"

scratch="$(mktemp -d)"
staged=()
cleanup() {
  local f
  for f in "${staged[@]+"${staged[@]}"}"; do rm -f "$f"; done
  rm -rf "$scratch"
}
trap cleanup EXIT

# 1. The program, with the Swift runtime linked in.
echo "Building panelbrief for release (--static-swift-stdlib)..."
swift build -c release --static-swift-stdlib --product panelbrief ||
  fail "the release build failed (see above)"
built="$(swift build -c release --static-swift-stdlib --show-bin-path)/panelbrief"
[ -x "$built" ] || fail "the release build made no $built"
cp "$built" "$scratch/panelbrief"
if ldd "$scratch/panelbrief" | grep -E "libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime" >&2; then
  fail "the binary links the Swift runtime (above), so it would not run without the toolchain"
fi
if ldd "$scratch/panelbrief" | grep "not found" >&2; then
  fail "the binary needs a shared library this machine lacks (above)"
fi
version="$(env -i PATH=/usr/bin:/bin "$scratch/panelbrief" --version)" ||
  fail "the built binary does not run ($scratch/panelbrief --version failed)"

# 2. The man page, from that binary's own help. Dated by SOURCE_DATE_EPOCH when it is set (as
# packagers set it), else by the last commit, so that the same sources give the same page.
echo "Building swift-argument-parser's generate-manual tool..."
swift package generate-manual --help >/dev/null ||
  fail "swift package generate-manual could not build swift-argument-parser's generate-manual tool"
tool="$(swift build --show-bin-path)/generate-manual-tool"
if [ ! -x "$tool" ]; then
  tool="$(find .build -name generate-manual-tool -type f -perm -u+x -print 2>/dev/null | head -1)"
fi
[ -n "$tool" ] && [ -x "$tool" ] || fail "the generate-manual plugin built no generate-manual-tool under .build"
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
  date="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)"
elif date="$(git log -1 --format=%cs 2>/dev/null)" && [ -n "$date" ]; then
  :
else
  date="$(date -u +%Y-%m-%d)"
fi
mkdir -p "$scratch/man"
"$tool" "$scratch/panelbrief" --date "$date" --output-directory "$scratch/man" ||
  fail "generate-manual-tool could not write the man page from $scratch/panelbrief"
man="$scratch/man/panelbrief.1"
[ -s "$man" ] || fail "generate-manual-tool wrote no panelbrief.1"
for sub in report validate init history; do
  grep -q "^\.It Em $sub\$" "$man" || fail "the man page it wrote has no '$sub' subcommand"
done

# 3. Install both, or neither: copy each beside its destination under a temporary name, then
# rename both into place.
install -d "$bindir" "$mandir" || fail "cannot create $bindir and $mandir (run as root, or give a PREFIX you can write, such as \$HOME/.local)"
newbin="$bindir/.panelbrief.install-$$"
newman="$mandir/.panelbrief.1.install-$$"
staged=("$newbin" "$newman")
install -m 0755 "$scratch/panelbrief" "$newbin" || fail "cannot write $newbin"
install -m 0644 "$man" "$newman" || fail "cannot write $newman"
mv -f "$newman" "$mandir/panelbrief.1" || fail "cannot write $mandir/panelbrief.1"
if ! mv -f "$newbin" "$bindir/panelbrief"; then
  rm -f "$mandir/panelbrief.1"
  fail "cannot write $bindir/panelbrief"
fi
staged=()

echo "Installed $bindir/panelbrief ($version) and $mandir/panelbrief.1."
echo "It needs these shared libraries at run time (Debian: libxlsxwriter4, libsqlite3-0):"
ldd "$bindir/panelbrief" | grep -E "xlsxwriter|sqlite|minizip" | sed 's/^/  /' || true

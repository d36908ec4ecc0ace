#!/usr/bin/env bash
# Builds PanelBrief for release and installs the `panelbrief` program and its man page:
#
#   scripts/install.sh [PREFIX]        (default PREFIX: /usr/local; or set DESTDIR for packaging)
#
# installs PREFIX/bin/panelbrief and PREFIX/share/man/man1/panelbrief.1. The program is built
# with the Swift runtime linked in (--static-swift-stdlib), so the machine it runs on needs no
# Swift toolchain; its templates are compiled in, so it needs no files beside it. It does need
# libxlsxwriter's shared library, libxlsxwriter.so.4 (Debian: apt-get install libxlsxwriter4,
# which brings minizip and OpenSSL's libcrypto), libstdc++ and zlib, which every Linux has. The man page comes from swift-argument-parser's
# generate-manual plugin. `panelbrief report --docx/--pdf` also needs pandoc, rsvg-convert and
# LibreOffice, as the README says.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-${PREFIX:-/usr/local}}"
destdir="${DESTDIR:-}"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
swift build -c release --static-swift-stdlib --product panelbrief
# Kept aside at once: the plugin below builds the product again, without the static runtime.
cp "$(swift build -c release --show-bin-path)/panelbrief" "$scratch/panelbrief"
bin="$scratch/panelbrief"

# The man page, from the command's own help.
swift package --allow-writing-to-package-directory generate-manual --product panelbrief >/dev/null
man="$(find .build/plugins -name panelbrief.1 -newer Package.swift | head -1)"
[ -n "$man" ] || man="$(find .build/plugins -name panelbrief.1 | head -1)"
if [ -z "$man" ]; then
  echo "error: the generate-manual plugin made no panelbrief.1" >&2
  exit 1
fi

install -d "$destdir$prefix/bin" "$destdir$prefix/share/man/man1"
install -m 0755 "$bin" "$destdir$prefix/bin/panelbrief"
install -m 0644 "$man" "$destdir$prefix/share/man/man1/panelbrief.1"
echo "Installed $destdir$prefix/bin/panelbrief ($("$destdir$prefix/bin/panelbrief" --version)) and $destdir$prefix/share/man/man1/panelbrief.1."
echo "It needs libxlsxwriter's shared library at run time:"
ldd "$destdir$prefix/bin/panelbrief" | grep -E "xlsxwriter|not found" || true

#!/usr/bin/env bash
# Installs what the end-to-end tests need when it is missing: Debian's Chromium
# (the browser) and poppler-utils (pdftotext/pdfinfo, to read the PDF that
# Chromium prints of a published report).
# Needs root (or sudo) and Debian/Ubuntu's apt; otherwise set CHROMIUM_PATH and install poppler-utils yourself.
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$bin" ] || missing+=(chromium)
command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null || missing+=(poppler-utils)
if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi
echo "Installing Debian packages for the end-to-end tests: ${missing[*]}…"
if [ "$(id -u)" = "0" ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Cannot install ${missing[*]} without root: install them (or set CHROMIUM_PATH to a Chromium binary)." >&2; exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
[ -x "$bin" ] && echo "Chromium: $($bin --version)"
echo "pdftotext: $(pdftotext -v 2>&1 | head -1)"

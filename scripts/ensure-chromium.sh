#!/usr/bin/env bash
# Installs Debian's Chromium for the end-to-end tests when it is missing.
# Needs root (or sudo) and Debian/Ubuntu's apt; otherwise set CHROMIUM_PATH.
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$bin" ]; then exit 0; fi
echo "Chromium not found at $bin: installing Debian's chromium package for the end-to-end tests…"
if [ "$(id -u)" = "0" ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Cannot install Chromium without root: install it, or set CHROMIUM_PATH to a Chromium binary." >&2; exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
echo "Chromium installed: $($bin --version)"

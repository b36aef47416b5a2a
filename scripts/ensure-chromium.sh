#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing: as root directly, else through passwordless
# sudo. DOSSIER_CHROMIUM names another binary to use instead (then nothing is installed).
set -euo pipefail

chromium="${DOSSIER_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
if [ -n "${DOSSIER_CHROMIUM:-}" ]; then
  echo "DOSSIER_CHROMIUM=$DOSSIER_CHROMIUM is not an executable file" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  run=()
elif sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "Chromium is missing at $chromium and this user cannot install it: run 'apt-get install -y chromium' as root," >&2
  echo "or set DOSSIER_CHROMIUM to a Chromium binary." >&2
  exit 1
fi

echo "Installing Chromium for the browser tests (apt-get install chromium)…" >&2
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq chromium >/dev/null
[ -x "$chromium" ] || { echo "apt-get installed chromium, but $chromium is still missing" >&2; exit 1; }

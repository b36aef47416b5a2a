#!/usr/bin/env bash
# Installs Debian's PostgreSQL server for the PostgreSQL backend's tests when it is missing: as root directly, else
# through passwordless sudo. The tests start their own throwaway cluster from its binaries
# (/usr/lib/postgresql/<version>/bin); nothing is started or enabled here. DOSSIER_PG_BIN names another folder
# holding initdb, pg_ctl and postgres to use instead (then nothing is installed).
set -euo pipefail

has_server() { [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/postgres" ]; }

if [ -n "${DOSSIER_PG_BIN:-}" ]; then
  has_server "$DOSSIER_PG_BIN" && exit 0
  echo "DOSSIER_PG_BIN=$DOSSIER_PG_BIN does not hold initdb, pg_ctl and postgres" >&2
  exit 1
fi
for bin in /usr/lib/postgresql/*/bin; do
  if has_server "$bin"; then exit 0; fi
done

if [ "$(id -u)" -eq 0 ]; then
  run=()
elif sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "PostgreSQL is missing and this user cannot install it: run 'apt-get install -y postgresql' as root," >&2
  echo "or set DOSSIER_PG_BIN to a folder holding initdb, pg_ctl and postgres." >&2
  exit 1
fi

echo "Installing PostgreSQL for the PostgreSQL backend's tests (apt-get install postgresql)…" >&2
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
# policy-rc.d-less containers may try to start the packaged cluster; the tests never use it, so a failed start is harmless.
"${run[@]}" apt-get install -y -qq postgresql >/dev/null
for bin in /usr/lib/postgresql/*/bin; do
  if has_server "$bin"; then exit 0; fi
done
echo "apt-get installed postgresql, but no /usr/lib/postgresql/*/bin holds initdb, pg_ctl and postgres" >&2
exit 1

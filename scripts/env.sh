# Sourced by scripts/bikva and scripts/run-tests: makes .venv from the committed lock file when it is
# missing or the lock has changed since, then leaves $venv and $root set.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.bikva-lock"
wanted="$(cat "$root/requirements.lock" "$root/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  python="$(command -v python3.11 || command -v python3)"
  echo "bikva: preparing $venv from requirements.lock (first run only) ..." >&2
  "$python" -m venv "$venv"
  log="$venv/bootstrap.log"
  if ! { "$venv/bin/pip" install --disable-pip-version-check --require-hashes -r "$root/requirements.lock" &&
         "$venv/bin/pip" install --disable-pip-version-check --no-deps -e "$root"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "bikva: installing the environment failed; the whole log is in $log" >&2
    exit 1
  fi
  # WeasyPrint draws with Pango from the operating system. Debian-like machines without it
  # get it here when we may install packages; otherwise the import error names what is missing.
  if ! "$venv/bin/python" -c "import weasyprint" 2>/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
  fi
  echo "$wanted" > "$stamp"
fi

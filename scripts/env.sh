# Sourced by scripts/bikva and scripts/run-tests (and run by scripts/activate): makes .venv from the
# committed lock file when it is missing or the lock has changed since, then leaves $venv and
# $root set. The first time takes minutes, so it says on stderr what it is doing and how far it
# has come, in the evaluator's language (BIKVA_LANG, else Danish; [cli.run.setup] in
# templates/i18n/<lang>/cli.toml). pip's own lines go to .venv/bootstrap.log, shown if it fails.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.bikva-lock"
wanted="$(cat "$root/requirements.lock" "$root/pyproject.toml" | sha256sum | cut -d' ' -f1)"

# Says one message of [cli.run.setup] (`_bikva_say KEY name=value ...`), or with `--pip COUNT LOG`
# follows pip's lines on stdin: every line into LOG, and "12 of 142 packages" on stderr (one line
# redrawn on a terminal, every tenth package elsewhere).
_bikva_setup_py='
import os, sys, time, tomllib
root, key, *rest = sys.argv[1:]
lang = (os.environ.get("BIKVA_LANG") or "da")[:2].lower()
catalogue = f"{root}/templates/i18n/{lang}/cli.toml"
if not os.path.exists(catalogue):
    catalogue = f"{root}/templates/i18n/da/cli.toml"
with open(catalogue, "rb") as file:
    words = tomllib.load(file)["cli"]["run"]["setup"]
tty = sys.stderr.isatty()

def say(key, end="\n", **params):
    sys.stderr.write(words[key].format(**params) + end)
    sys.stderr.flush()

if key != "--pip":
    say(key, **dict(item.split("=", 1) for item in rest))
    sys.exit(0)
count, log_path = int(rest[0]), rest[1]
done, started = 0, time.monotonic()
with open(log_path, "a", encoding="utf-8") as log:
    for line in sys.stdin:
        log.write(line)
        # Each package is named once: "Collecting name==1.0" from an index, "Processing
        # /path/name-1.0-....whl" from a local file.
        if line.startswith(("Collecting ", "Processing ")):
            done += 1
            named = os.path.basename(line.split()[1])
            name = named.split("-")[0] if line.startswith("Processing ") else named.split("==")[0]
            if tty:
                say("progress", end="\x1b[K\r", done=done, count=count, name=name)
            elif done % 10 == 0 or done == count:
                say("progress", done=done, count=count, name=name)
        elif line.startswith("Installing collected packages"):
            if tty:
                sys.stderr.write("\x1b[K")
            say("installing", count=done)
    say("installed", count=done, seconds=round(time.monotonic() - started))
'

python="$(command -v python3.11 || command -v python3)"
_bikva_say() { "$python" -c "$_bikva_setup_py" "$root" "$@"; }

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  _bikva_say start venv="$venv"
  "$python" -m venv "$venv"
  log="$venv/bootstrap.log"
  : > "$log"
  count="$(grep -cE '^[A-Za-z0-9._-]+==' "$root/requirements.lock")"
  _bikva_say packages count="$count"
  if ! { "$venv/bin/pip" install --disable-pip-version-check --progress-bar off --require-hashes \
           -r "$root/requirements.lock" 2>&1 | "$python" -c "$_bikva_setup_py" "$root" --pip "$count" "$log" &&
         "$venv/bin/pip" install --disable-pip-version-check --no-deps -e "$root" >>"$log" 2>&1; }; then
    tail -n 30 "$log" >&2
    _bikva_say failed log="$log"
    exit 1
  fi
  # WeasyPrint draws with Pango from the operating system. Debian-like machines without it
  # get it here when we may install packages; otherwise the import error names what is missing.
  if ! "$venv/bin/python" -c "import weasyprint" 2>/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    _bikva_say pango
    apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
  fi
  echo "$wanted" > "$stamp"
  _bikva_say ready
fi


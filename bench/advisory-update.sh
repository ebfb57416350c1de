#!/usr/bin/env bash
# `bulwark db update` end to end on this machine: the shared OSV corpus (Go, PyPI converted from YAML,
# crates.io) as OSV all.zip archives behind a local HTTP server (Python's http.server: Last-Modified and
# If-Modified-Since → 304), then three updates: the first (download, verify, import, swap), one where
# nothing changed (three 304s), and one where a single archive changed (one download, a copy of the
# database with that archive's records replaced, swap). Usage: bench/advisory-update.sh [ADVISORIES] [RUNS]
set -euo pipefail
ADVISORIES=${1:-../shared/advisories}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/bulwark-update-bench.XXXXXX)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

python3 - "$ADVISORIES" "$WORK/mirror" <<'PY'
import json, os, sys, zipfile, yaml
src, out = sys.argv[1], sys.argv[2]
for eco, folder in (("Go", "go"), ("PyPI", "pypi"), ("crates.io", "rustsec")):
    os.makedirs(f"{out}/{eco}", exist_ok=True)
    with zipfile.ZipFile(f"{out}/{eco}/all.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for dirpath, _, files in os.walk(f"{src}/{folder}"):
            for f in sorted(files):
                path = f"{dirpath}/{f}"
                if f.endswith(".json"):
                    z.write(path, f)
                elif f.endswith(".yaml"):
                    with open(path) as h:
                        # BaseLoader: every scalar stays a string, as OSV versions must
                        z.writestr(f[:-5] + ".json", json.dumps(yaml.load(h, Loader=yaml.BaseLoader)))
PY

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/mirror" >/dev/null 2>&1 &
SERVER=$!
sleep 1

dotnet build "$ROOT/src/Bulwark.Cli" -c Release -v q -nologo >/dev/null
CLI="$ROOT/src/Bulwark.Cli/bin/Release/net10.0/Bulwark.Cli.dll"
update() { /usr/bin/time -f "%e s, %M KiB max RSS" dotnet "$CLI" db update --db "$WORK/osv.db" --source "http://127.0.0.1:$PORT" --ecosystems Go,PyPI,crates.io 2>&1 >/dev/null | tail -1; }

du -b "$WORK"/mirror/*/all.zip | awk '{ printf "archive %s: %.1f MiB\n", $2, $1 / 1048576 }'
for run in $(seq "$RUNS"); do
    rm -f "$WORK/osv.db"
    echo "run $run: first update:        $(update)"
    echo "run $run: nothing changed:     $(update)"
    touch "$WORK/mirror/PyPI/all.zip"   # a new Last-Modified: PyPI is downloaded and re-imported
    echo "run $run: one archive changed: $(update)"
done
echo "database: $(du -b "$WORK/osv.db" | awk '{ printf "%.1f MiB", $1 / 1048576 }')"

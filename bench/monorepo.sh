#!/usr/bin/env bash
# Monorepo dependency scan: 50 real lockfiles with about 20,000 components (built by bench/monorepo-corpus.py from
# the lockfile corpus), matched against the shared OSV corpus (Go, PyPI, crates.io), end to end with the CLI.
#
#   bench/monorepo.sh          knobs: RUNS (default 10), ADVISORIES (default ../shared/advisories),
#                              CORPUS (default: ../shared/corpus/lockfiles, else the repository's copy)
#
# Measures, on the same input in the same session:
#   - the scan alone (walk + extract + match, in process): finishedAt - startedAt of bulwark.json, median of RUNS;
#   - the whole command (process start, scan, reports): hyperfine, for the JSON report only and for all four
#     report formats (the default), with the plain build and a ReadyToRun publish;
#   - peak memory: /usr/bin/time -v, maximum resident set size.
# Needs: python3, hyperfine, GNU time. Run it under `flock /tmp/bulwark-build.lock` on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
ADVISORIES=${ADVISORIES:-../shared/advisories}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

python3 bench/monorepo-corpus.py ${CORPUS:+--corpus "$CORPUS"} "$OUT/monorepo"
dotnet build src/Bulwark.Cli -c Release -o "$OUT/jit" >/dev/null
dotnet publish src/Bulwark.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/r2r" >/dev/null
dotnet "$OUT/jit/Bulwark.Cli.dll" db import "$ADVISORIES" --db "$OUT/osv.db"

scan() { # build, formats, output dir
  echo "dotnet $OUT/$1/Bulwark.Cli.dll scan $OUT/monorepo --analyzers dependencies --advisory-db $OUT/osv.db --quiet --format $2 --output $OUT/$3"
}

echo "== input and result"
$(scan jit json check)
python3 - "$OUT/check/bulwark.json" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
files = {c["sourceFile"] for c in d["components"]}
eco = collections.Counter(c["ecosystem"] for c in d["components"])
print(f"{len(files)} lockfiles, {len(d['components'])} components, {len(d['findings'])} findings")
print("per ecosystem:", dict(eco.most_common()))
PY

echo "== scan alone (walk + extract + match, in process), $RUNS runs"
for build in jit r2r; do
  for i in $(seq "$RUNS"); do
    $(scan $build json "inproc-$build-$i")
  done
  python3 - "$OUT" "$build" "$RUNS" <<'PY'
import json, sys, statistics
from datetime import datetime
out, build, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = []
for i in range(1, runs + 1):
    d = json.load(open(f"{out}/inproc-{build}-{i}/bulwark.json"))
    times.append((datetime.fromisoformat(d["finishedAt"]) - datetime.fromisoformat(d["startedAt"])).total_seconds())
print(f"{build}: median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s")
PY
done

echo "== whole command"
hyperfine -N -w 2 -r "$RUNS" \
  -n "jit, json report" "$(scan jit json h1)" \
  -n "jit, all four reports" "$(scan jit gitlab,sarif,cyclonedx,json h2)" \
  -n "r2r, json report" "$(scan r2r json h3)" \
  -n "r2r, all four reports" "$(scan r2r gitlab,sarif,cyclonedx,json h4)"

echo "== peak memory"
for build in jit r2r; do
  for formats in json gitlab,sarif,cyclonedx,json; do
    /usr/bin/time -v $(scan $build $formats "mem") 2>"$OUT/time.txt" >/dev/null
    echo "$build, $formats: $(grep 'Maximum resident' "$OUT/time.txt" | awk '{print $NF}') KB, $(grep 'Elapsed (wall' "$OUT/time.txt" | awk '{print $NF}') wall"
  done
done

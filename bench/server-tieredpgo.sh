#!/usr/bin/env bash
# The server with and without the runtime's profile-guided tiering: runs server benchmarks against the installed
# tool package (what users run) alternately with the default (A) and with DOTNET_TieredPGO=0 in the server's
# environment (B), A B A B …, each run holding the shared build lock on its own.
#
#   bench/server-tieredpgo.sh [SECTIONS] [PAIRS]
#     SECTIONS (default "ingestion steady dashboard triage health"):
#       ingestion  bench/server-ingestion.sh sqlite and postgres, SIZES (default "10000 100000")
#       steady     the list scenarios of bench/server-list-load.sh after a long warm-up (every scenario 15 s, then
#                  each measured 20 s), with the server's CPU per request: throughput once tiering has settled
#       dashboard  bench/server-dashboard.sh
#       triage     bench/server-triage.sh, each run on a fresh copy of the dataset (it changes vulnerabilities)
#       health     /health/live and /health/ready on SQLite, wrk -t2 -c16, 5 s warm-up, 15 s measured
#     PAIRS (default 2): A/B pairs per section; the second pair runs B first.
# BULWARK: an installed tool to reuse (default: packed from this checkout and installed into $OUT/tool, ~4 min).
# PROJECTS, VULNS: the PostgreSQL dataset (default 300 x 1000; made once by bench/server-dataset.sh).
# PostgreSQL: the test server on 127.0.0.1:54329 (eval "$(.ci/postgres.sh)").
# Output: one file per run under $OUT/runs (default OUT=${TMPDIR:-/tmp}/bulwark-bench-pgo).
set -euo pipefail
cd "$(dirname "$0")/.."
sections=${1:-"ingestion steady dashboard triage health"}
pairs=${2:-2}
OUT=${OUT:-${TMPDIR:-/tmp}/bulwark-bench-pgo}
LOCK="flock /tmp/bulwark-build.lock"
SIZES=${SIZES:-"10000 100000"}
export PROJECTS=${PROJECTS:-300}
VULNS=${VULNS:-1000}
mkdir -p "$OUT/runs"
here=$(pwd)/bench

if [ -z "${BULWARK:-}" ]; then
  rm -rf "$OUT/nupkg" "$OUT/tool"
  $LOCK dotnet pack src/Bulwark.Cli -c Release -o "$OUT/nupkg" -v q -nologo >/dev/null
  dotnet tool install --tool-path "$OUT/tool" --add-source "$OUT/nupkg" Bulwark.Cli >/dev/null
  BULWARK=$OUT/tool/bulwark
fi
export BULWARK
grep -h TieredPGO "$(dirname "$(readlink -f "$BULWARK")")"/*.runtimeconfig.json 2>/dev/null || true

pg=postgres://postgres@127.0.0.1:54329
psql_admin() { psql -h 127.0.0.1 -p 54329 -U postgres -d postgres -qAt "$@"; }
dataset() {
  [ -s "$OUT/dataset.token" ] && return
  $LOCK bench/server-dataset.sh "$pg/bulwark_pgo" "$PROJECTS" "$VULNS" | tail -n1 > "$OUT/dataset.token"
}

# run NAME MODE COMMAND…: the command under the lock, with DOTNET_TieredPGO=0 when MODE is B.
run() {
  local name=$1 mode=$2; shift 2
  local out=$OUT/runs/$name-$mode-$(date -u +%H%M%S).txt
  { echo "# $(date -u +%FT%TZ) mode=$mode load=$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$mode" = B ]; then DOTNET_TieredPGO=0 $LOCK "$@"; else $LOCK "$@"; fi || echo "# failed: exit $?"
    echo "# end $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)"; } > "$out" 2>&1
  echo "$out"
}

steady() {
  . "$here/server-start.sh"
  local port=18095 hz npgsql s t0 line req
  npgsql=$(python3 "$here/npgsql-connection.py" "$pg/bulwark_pgo" "Maximum Pool Size=64")
  start_server "$port" "$npgsql"
  hz=$(getconf CLK_TCK)
  for s in project group counts instance; do
    SCENARIO=$s wrk -t2 -c16 -d15s -s "$here/server-list-load.lua" "http://127.0.0.1:$port" >/dev/null
  done
  for s in project group counts instance; do
    t0=$(awk '{print $14 + $15}' "/proc/$server/stat")
    line=$(SCENARIO=$s wrk -t2 -c16 -d20s --timeout 10s -s "$here/server-list-load.lua" "http://127.0.0.1:$port" | grep -E "^$s ")
    req=$(echo "$line" | awk '{print $3}')
    echo "$line  server CPU $(echo "scale=2; ($(awk '{print $14 + $15}' "/proc/$server/stat") - $t0) * 1000 / $hz / $req" | bc) ms/req"
  done
}

health() {
  local port=18096 p
  d=$(mktemp -d)   # d and srv global: the EXIT trap reads them
  $BULWARK serve --urls "http://127.0.0.1:$port" --data "$d" >"$d/log" 2>&1 &
  srv=$!
  trap 'kill $srv; wait $srv 2>/dev/null; rm -rf "$d"' EXIT
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.2; done
  for p in live ready; do
    wrk -t2 -c16 -d5s "http://127.0.0.1:$port/health/$p" >/dev/null
    echo "$p $(wrk -t2 -c16 -d15s "http://127.0.0.1:$port/health/$p" | grep Requests/sec)"
  done
}

one() { # SECTION MODE
  case $1 in
    ingestion) run ingestion-sqlite "$2" bench/server-ingestion.sh sqlite "$SIZES"
               run ingestion-postgres "$2" bench/server-ingestion.sh postgres "$SIZES" ;;
    steady) run steady "$2" bash -c "$(declare -f steady); here=$here pg=$pg; steady" ;;
    dashboard) TOKEN=$(cat "$OUT/dataset.token") run dashboard "$2" bench/server-dashboard.sh "$pg/bulwark_pgo" ;;
    triage) psql_admin -c "DROP DATABASE IF EXISTS bulwark_pgo_t WITH (FORCE)" -c "CREATE DATABASE bulwark_pgo_t TEMPLATE bulwark_pgo"
            TOKEN=$(cat "$OUT/dataset.token") run triage "$2" bench/server-triage.sh "$pg/bulwark_pgo_t" ;;
    health) run health "$2" bash -c "$(declare -f health); BULWARK=$BULWARK; health" ;;
    *) echo "unknown section: $1" >&2; exit 2 ;;
  esac
}

for section in $sections; do
  case $section in steady|dashboard|triage) dataset ;; esac
  for ((i = 0; i < pairs; i++)); do
    if ((i % 2 == 0)); then one "$section" A; one "$section" B; else one "$section" B; one "$section" A; fi
  done
done
psql_admin -c "DROP DATABASE IF EXISTS bulwark_pgo_t WITH (FORCE)" >/dev/null 2>&1 || true

#!/usr/bin/env bash
# Report ingestion through the real server: a `bulwark serve` process (the Release CLI build) on SQLite or
# PostgreSQL, reports POSTed with curl, the server's peak RSS read from /proc (reset before each upload).
#   bench/server-ingestion.sh sqlite|postgres [SIZES]
#     SIZES (default "10000 100000"): for each N, a fresh project with 50,000 existing vulnerabilities
#     (one 50,000-finding report of another scanner), then an N-finding report of new ones, then the next
#     pipeline of that scanner: N findings, half of them seen before, the rest no longer detected.
#   BIG=1000000 bench/server-ingestion.sh sqlite    also one BIG-finding report into an empty project
# PostgreSQL: BULWARK_BENCH_PG (default: the test server, Host=127.0.0.1;Port=54329;Username=postgres);
# a throwaway database is created and dropped.
# Run it under the shared build lock: flock /tmp/bulwark-build.lock bench/server-ingestion.sh sqlite
# BULWARK: the command that runs the CLI, e.g. an installed tool (default: the Release build, built first).
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:?usage: bench/server-ingestion.sh sqlite|postgres [SIZES]}
sizes=${2:-"10000 100000"}
BIG=${BIG:-}
DIR=$(mktemp -d)
PORT=${PORT:-18080}
URL=http://127.0.0.1:$PORT
PG=${BULWARK_BENCH_PG:-Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres}
server_pid=
pgdb=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if [ -n "$pgdb" ]; then psql_admin -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null || true; fi
  rm -rf "$DIR"
}
trap cleanup EXIT
psql_admin() { PGPASSWORD=${PGPASSWORD:-} psql -h 127.0.0.1 -p 54329 -U postgres -d postgres -qAt "$@"; }

[ -n "${BULWARK:-}" ] || dotnet build src/Bulwark.Cli -c Release -v q -nologo >/dev/null
cli=${BULWARK:-dotnet src/Bulwark.Cli/bin/Release/net10.0/Bulwark.Cli.dll}
db_args=(--data "$DIR/data")
if [ "$provider" = postgres ]; then
  pgdb=bulwark_bench_$$
  psql_admin -c "CREATE DATABASE $pgdb" >/dev/null
  db_args+=(--database "${PG/Database=postgres/Database=$pgdb}")
fi

TOKEN=$($cli server create-admin "${db_args[@]}" --username admin 2>/dev/null | tail -n1)
$cli serve --urls "$URL" "${db_args[@]}" --max-report-bytes 4000000000 >"$DIR/server.log" 2>&1 &
server_pid=$!
until curl -sf "$URL/health/ready" >/dev/null; do sleep 0.2; done

api() { curl -sS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
project() { api -d "{\"path\":\"bench/$1\"}" "$URL/api/v1/projects" >/dev/null; }
pipeline() { api -d "{\"ref\":\"main\",\"commit\":\"$(printf '%040x' "$2")\",\"default_branch\":true}" "$URL/api/v1/projects/bench%2F$1/pipelines" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
rss_kb() { awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status"; }
# CPU seconds (user + system) of a process, and of the database's backends (PostgreSQL on this machine):
# how an upload's time splits between the server and the database.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
backend_ticks() {
  [ -n "$pgdb" ] || { echo 0; return; }
  local total=0 pid
  for pid in $(psql_admin -c "SELECT pid FROM pg_stat_activity WHERE datname = '$pgdb'"); do
    total=$((total + $(cpu_ticks "$pid")))
  done
  echo $total
}
hz=$(getconf CLK_TCK)
# upload LABEL PROJECT PIPELINE FILE: the time curl waited for the 201, the server's peak RSS meanwhile.
upload() {
  local label=$1 project=$2 pipeline=$3 file=$4
  echo 5 > "/proc/$server_pid/clear_refs"   # resets VmHWM: the peak below is this upload's
  local seconds server_before=$(cpu_ticks "$server_pid") db_before=$(backend_ticks)
  seconds=$(api -X POST -T "$file" -o "$DIR/answer.json" -w '%{time_total}' "$URL/api/v1/projects/bench%2F$project/pipelines/$pipeline/reports")
  local counts
  counts=$(python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))["reports"][0]
print("new %d, existing %d, no longer detected %d" % (r["new"], r["existing"], r["no_longer_detected"]))' "$DIR/answer.json" 2>/dev/null || head -c 300 "$DIR/answer.json")
  local server_cpu db_cpu
  server_cpu=$(( $(cpu_ticks "$server_pid") - server_before ))
  db_cpu=$(( $(backend_ticks) - db_before ))
  printf '%-8s %-44s %8.2f s  peak RSS %5d MB  CPU: server %6.1f s, database %6.1f s  %s  (%d MB file)\n' "$provider" "$label" "$seconds" $(( $(rss_kb) / 1024 )) \
    "$(echo "$server_cpu / $hz" | bc -l)" "$(echo "$db_cpu / $hz" | bc -l)" "$counts" $(( $(stat -c %s "$file") / 1000000 ))
}

python3 bench/server-ingestion.py 50000 0 seed "$DIR/seed.json"
for n in $sizes; do
  python3 bench/server-ingestion.py "$n" 0 gemnasium "$DIR/new-$n.json"
  python3 bench/server-ingestion.py "$n" $((n / 2)) gemnasium "$DIR/next-$n.json"
  p=p$n
  project $p
  upload "seed: 50,000 findings (another scanner)" $p "$(pipeline $p 1)" "$DIR/seed.json"
  upload "$n new findings, 50,000 existing" $p "$(pipeline $p 2)" "$DIR/new-$n.json"
  upload "next pipeline: $n findings, half seen" $p "$(pipeline $p 3)" "$DIR/next-$n.json"
  rm -f "$DIR/new-$n.json" "$DIR/next-$n.json"
done

if [ -n "$BIG" ]; then
  python3 bench/server-ingestion.py "$BIG" 0 gemnasium "$DIR/big.json"
  project big
  upload "$BIG findings, empty project" big "$(pipeline big 1)" "$DIR/big.json"
fi

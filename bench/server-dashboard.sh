#!/usr/bin/env bash
# Times the security dashboard and component search endpoints over HTTP against a dataset made by
# bench/server-dataset.sh: starts `bulwark serve` on the database, sends each request 3 times to warm up and
# then RUNS times one after another, and prints p50/p95/max per endpoint. Then EXPLAIN ANALYZE of the two
# heaviest aggregates, to show which indexes they use.
#
#   TOKEN=$(flock /tmp/bulwark-build.lock bench/server-dataset.sh "$CONN" 1000 1000 | tail -n1)
#   TOKEN=$TOKEN flock /tmp/bulwark-build.lock bench/server-dashboard.sh "$CONN"
#
# CONN is a libpq URL (postgres://user@host:port/db).
#
# BULWARK: the command that runs the CLI (default: dotnet src/Bulwark.Cli/bin/Release/net10.0/Bulwark.Cli.dll).
set -euo pipefail
conn=${1:?usage: TOKEN=… server-dashboard.sh CONNECTION-URL}
token=${TOKEN:?TOKEN must hold the token printed by server-dataset.sh}
runs=${RUNS:-20}
port=${PORT:-18091}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-start.sh"
npgsql=$(python3 "$here/npgsql-connection.py" "$conn")

start_server "$port" "$npgsql"

measure() {
  local name=$1 url=$2
  for _ in 1 2 3; do curl -fs -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port$url"; done
  for _ in $(seq 1 "$runs"); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "http://127.0.0.1:$port$url"
  done | sort -n | awk -v name="$name" '{ t[NR] = $1 * 1000 } END {
      p50 = t[int((NR + 1) / 2)]; p95 = t[int(NR * 0.95 + 0.999)];
      printf "%-44s p50 %7.1f ms   p95 %7.1f ms   max %7.1f ms\n", name, p50, p95, t[NR] }'
}

echo "runs per endpoint: $runs (sequential, after 3 warm-ups)"
for scope in "groups/bench" "groups/bench%2Fg00" ""; do
  prefix=${scope:+/$scope}
  label=${scope:-instance}
  measure "$label history (30 days)" "/api/v1$prefix/dashboard/history?days=30"
  measure "$label history (365 days)" "/api/v1$prefix/dashboard/history?days=365"
  measure "$label grades" "/api/v1$prefix/dashboard/grades"
  measure "$label remediation (90 days)" "/api/v1$prefix/dashboard/remediation"
  measure "$label ages" "/api/v1$prefix/dashboard/ages"
  measure "$label coverage" "/api/v1$prefix/dashboard/coverage"
done
measure "instance search log4j-core <2.17.1" "/api/v1/dependencies/search?name=log4j-core&below=2.17.1"
measure "project dependency list (200)" "/api/v1/projects/bench%2Fg00%2Fp0000/dependencies?sort=severity_desc"

echo
echo "EXPLAIN ANALYZE: grades (open by project and severity) over all bench projects"
"$psql_bin" "$conn" -At <<'SQL'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT v."ProjectId", v."Severity", count(*)::int
FROM vulnerabilities v
WHERE v."ProjectId" = ANY (ARRAY(SELECT "Id" FROM projects WHERE "PathKey" LIKE 'bench/%')) AND v."State" IN (1, 2)
GROUP BY v."ProjectId", v."Severity";
SQL
echo
echo "EXPLAIN ANALYZE: mean time to remediate (resolved in the last 90 days)"
"$psql_bin" "$conn" -At <<'SQL'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT "Severity", COUNT(*)::int, COALESCE(SUM(EXTRACT(EPOCH FROM ("ResolvedAt" - "DetectedAt"))), 0)::float8
FROM vulnerabilities
WHERE "ProjectId" = ANY (ARRAY(SELECT "Id" FROM projects WHERE "PathKey" LIKE 'bench/%')) AND "State" = 4 AND "ResolvedAt" >= now() - interval '90 days'
GROUP BY "Severity";
SQL

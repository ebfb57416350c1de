#!/usr/bin/env bash
# Times triage over HTTP against a dataset made by bench/server-dataset.sh (1,000 projects x 1,000
# vulnerabilities): one vulnerability's detail, state changes (confirm, dismiss with reason and comment,
# resolve), a severity override, a comment, an issue link, bulk state changes of 100 and 1,000 vulnerabilities
# in one request, and the project's counts afterwards. Starts `bulwark serve` on the database, sends each
# request 3 times to warm up and then RUNS times one after another, and prints p50/p95/max per action. Every
# timed write changes something (a vulnerability not yet in the target state, a bulk set toggled between
# confirmed and detected), so no run is a no-op answered 304.
#
#   TOKEN=$(flock /tmp/bulwark-build.lock bench/server-dataset.sh "$CONN" 1000 1000 | tail -n1)
#   TOKEN=$TOKEN flock /tmp/bulwark-build.lock bench/server-triage.sh "$CONN"
#
# CONN is a libpq URL (postgres://user@host:port/db). The script changes vulnerabilities of bench/g01/p0001,
# bench/g02/p0002 and bench/g03/p0003: make the dataset again before comparing runs.
#
# BULWARK: the command that runs the CLI (default: dotnet src/Bulwark.Cli/bin/Release/net10.0/Bulwark.Cli.dll).
set -euo pipefail
conn=${1:?usage: TOKEN=… server-triage.sh CONNECTION-URL}
token=${TOKEN:?TOKEN must hold the token printed by server-dataset.sh}
runs=${RUNS:-20}
port=${PORT:-18092}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-start.sh"
npgsql=$(python3 "$here/npgsql-connection.py" "$conn")
base="http://127.0.0.1:$port/api/v1"
total=$((runs + 3))

start_server "$port" "$npgsql"

ids() { # PROJECT-PATH CONDITION LIMIT: ids of the project's vulnerabilities, one a line
  "$psql_bin" "$conn" -At -c "SELECT v.\"Id\" FROM vulnerabilities v JOIN projects p ON p.\"Id\" = v.\"ProjectId\"
    WHERE p.\"PathKey\" = '$1' AND $2 ORDER BY v.\"Id\" LIMIT $3"
}

# Distinct vulnerabilities for each single-vulnerability write, so each run is a real change.
mapfile -t confirm < <(ids bench/g01/p0001 '"State" = 1' "$total")
mapfile -t dismiss < <(ids bench/g01/p0001 '"State" = 1' "$((total * 2))" | tail -n "$total")
mapfile -t resolve < <(ids bench/g01/p0001 '"State" = 1' "$((total * 3))" | tail -n "$total")
mapfile -t severity < <(ids bench/g01/p0001 '"Severity" <> 5' "$total")
mapfile -t bulk100 < <(ids bench/g02/p0002 'TRUE' 100)
mapfile -t bulk1000 < <(ids bench/g03/p0003 'TRUE' 1000)
detail=${confirm[0]}
json_ids() { local IFS=,; echo "[$*]"; }
ids100=$(json_ids "${bulk100[@]}")
ids1000=$(json_ids "${bulk1000[@]}")

# request N: prints "METHOD PATH BODY" for run N (0-based, the first 3 are warm-ups).
measure() {
  local name=$1 request=$2 i method path body
  for ((i = 0; i < total; i++)); do
    read -r method path body < <($request "$i")
    local t
    t=$(curl -fsS -o /dev/null -w '%{time_total}' -X "$method" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' ${body:+--data "$body"} "$base$path")
    ((i >= 3)) && echo "$t"
  done | sort -n | awk -v name="$name" '{ t[NR] = $1 * 1000 } END {
      p50 = t[int((NR + 1) / 2)]; p95 = t[int(NR * 0.95 + 0.999)];
      printf "%-52s p50 %7.1f ms   p95 %7.1f ms   max %7.1f ms\n", name, p50, p95, t[NR] }'
}

get_detail() { echo "GET /vulnerabilities/$detail"; }
do_confirm() { echo "POST /vulnerabilities/${confirm[$1]}/confirm {}"; }
do_dismiss() { echo "POST /vulnerabilities/${dismiss[$1]}/dismiss {\"dismissal_reason\":\"false_positive\",\"comment\":\"test fixture, never deployed\"}"; }
do_resolve() { echo "POST /vulnerabilities/${resolve[$1]}/resolve {\"comment\":\"fixed in the next release\"}"; }
do_severity() { echo "POST /vulnerabilities/${severity[$1]}/severity {\"severity\":\"critical\",\"reason\":\"reachable from the public API\"}"; }
do_comment() { echo "POST /vulnerabilities/$detail/comments {\"comment\":\"looked at this, run $1\"}"; }
do_link() { echo "POST /vulnerabilities/$detail/issue_links {\"url\":\"https://tracker.example/issues/$1\",\"title\":\"Fix it ($1)\"}"; }
# Bulk: the same set toggled between confirmed and detected, so every run changes all of it.
toggle() { (($1 % 2 == 0)) && echo confirmed || echo detected; }
do_bulk100() { echo "POST /projects/bench%2Fg02%2Fp0002/vulnerabilities/bulk/state {\"ids\":$ids100,\"state\":\"$(toggle "$1")\"}"; }
do_bulk1000() { echo "POST /projects/bench%2Fg03%2Fp0003/vulnerabilities/bulk/state {\"ids\":$ids1000,\"state\":\"$(toggle "$1")\"}"; }
get_counts() { echo "GET /projects/bench%2Fg03%2Fp0003/vulnerabilities/counts"; }

echo "runs per action: $runs (sequential, after 3 warm-ups)"
measure "GET vulnerability detail" get_detail
measure "confirm one" do_confirm
measure "dismiss one (reason + comment)" do_dismiss
measure "resolve one (comment)" do_resolve
measure "override severity (reason)" do_severity
measure "add a comment" do_comment
measure "link an issue" do_link
measure "bulk state change, 100 in one request" do_bulk100
measure "bulk state change, 1,000 in one request" do_bulk1000
measure "GET project counts after the changes" get_counts
measure "GET vulnerability detail after the changes" get_detail

#!/usr/bin/env bash
# Load benchmark of the vulnerability lists: 16 concurrent clients (wrk, Debian package `wrk`) against a real
# `bulwark serve` on PostgreSQL holding the bench/server-dataset.sh dataset (1,000 projects x 1,000
# vulnerabilities by default). Prints p50/p95/p99 latency and throughput per scenario:
#   project  filtered, sorted first page of one random project's list (4 filter mixes)
#   group    the same on a random subgroup (100 projects, ~100,000 vulnerabilities)
#   counts   counts by severity for a random subgroup
#   instance the top group 'bench' (all 1,000,000 vulnerabilities)
#
#   TOKEN=$(bench/server-dataset.sh "$CONN" 1000 1000 | tail -n1)
#   TOKEN=$TOKEN bench/server-list-load.sh "$CONN"
#
# CONN is a libpq URL (postgres://user@host:port/db); the server gets it as an Npgsql connection string.
set -euo pipefail
conn=${1:?usage: TOKEN=… server-list-load.sh CONNECTION-URL}
export TOKEN=${TOKEN:?TOKEN must hold the token printed by server-dataset.sh}
export PROJECTS=${PROJECTS:-1000}
duration=${DURATION:-30s}
clients=${CLIENTS:-16}
port=${PORT:-18092}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-start.sh"

# postgres://user@host:port/db -> Host=…;Port=…;Username=…;Database=…
npgsql=$(python3 "$here/npgsql-connection.py" "$conn" "Maximum Pool Size=64")

start_server "$port" "$npgsql"

echo "clients: $clients, duration: $duration per scenario, $(nproc) cores, $(date -u +%F)"
for scenario in project group counts instance; do
  # A short warm-up (JIT, connection pool, PostgreSQL buffers), then the measured run.
  SCENARIO=$scenario wrk -t2 -c"$clients" -d5s -s "$here/server-list-load.lua" "http://127.0.0.1:$port" >/dev/null
  SCENARIO=$scenario wrk -t2 -c"$clients" -d"$duration" --timeout 10s -s "$here/server-list-load.lua" "http://127.0.0.1:$port" | grep -E '^(project|group|counts|instance) '
done

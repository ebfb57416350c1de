#!/usr/bin/env bash
# CSV export of the whole bench/server-dataset.sh dataset (group 'bench': 1,000,000 vulnerabilities by default)
# through a real `bulwark serve`: time, rows, bytes, and the server's resident memory sampled every 0.2 s while
# the export runs, with VmHWM (peak) before and after, to show the export streams instead of materialising.
#
#   TOKEN=$(cat token) flock /tmp/bulwark-build.lock bench/server-export.sh "postgres://postgres@127.0.0.1:54329/bulwark_bench"
#
# SCOPE: the export URL path under /api/v1 (default groups/bench/vulnerabilities/export; the instance is
# vulnerabilities/export).
set -euo pipefail
conn=${1:?usage: TOKEN=… server-export.sh CONNECTION-URL}
token=${TOKEN:?TOKEN must hold the token printed by server-dataset.sh}
scope=${SCOPE:-groups/bench/vulnerabilities/export}
port=${PORT:-18494}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-start.sh"
npgsql=$(python3 "$here/npgsql-connection.py" "$conn")

start_server "$port" "$npgsql"
# `dotnet x.dll` is the server process itself (no child), so /proc/$server is the server.
kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$server/status"; }

# Warm up (JIT, pool) with a small export of one project, then note where memory stands.
curl -fs -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/projects/bench%2Fg00%2Fp0000/vulnerabilities/export"
rss_before=$(kb VmRSS)
hwm_before=$(kb VmHWM)

curl -fsS -H "Authorization: Bearer $token" -o "$data/export.csv" \
  -w 'HTTP %{http_code}, first byte after %{time_starttransfer} s, total %{time_total} s, %{size_download} bytes\n' \
  "http://127.0.0.1:$port/api/v1/$scope" &
client=$!
max=0
samples=()
while kill -0 $client 2>/dev/null; do
  rss=$(kb VmRSS)
  (( rss > max )) && max=$rss
  samples+=("$((rss / 1024))")
  sleep 0.2
done
wait $client
rows=$(( $(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))))' "$data/export.csv") - 1 ))
echo "rows: $rows"
echo "server RSS before: $((rss_before / 1024)) MB (VmHWM $((hwm_before / 1024)) MB); max sampled during the export: $((max / 1024)) MB; VmHWM after: $(( $(kb VmHWM) / 1024 )) MB"
n=${#samples[@]}
echo "RSS samples (MB) at 10%..100% of the export: $(for i in 1 2 3 4 5 6 7 8 9 10; do printf '%s ' "${samples[$(( (n - 1) * i / 10 ))]}"; done)"

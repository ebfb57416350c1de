# Sourced by the server benchmarks: start_server PORT NPGSQL-CONNECTION starts `$bulwark serve` on 127.0.0.1:PORT
# against that database with a throwaway data directory, waits until it is ready, and stops it (and removes the
# directory) when the script exits. Sets `server` (its pid: with `dotnet x.dll` the server process itself) and `data`.
# Also sets what every server benchmark uses: `bulwark` (the CLI command; $BULWARK overrides the Release build) and
# `psql_bin`. The sourcing script sets `here` (its own directory) first.
bulwark=${BULWARK:-dotnet ${here:?set here before sourcing server-start.sh}/../src/Bulwark.Cli/bin/Release/net10.0/Bulwark.Cli.dll}
psql_bin=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n1)

start_server() {
  data=$(mktemp -d)
  $bulwark serve --urls "http://127.0.0.1:$1" --data "$data" --database "$2" >"$data/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "server did not become ready on port $1; its log: $data/server.log" >&2
  return 1
}

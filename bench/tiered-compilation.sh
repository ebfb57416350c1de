#!/usr/bin/env bash
# Scans with and without the runtime's tiered compilation. The per-platform tool (self-contained, composite
# ReadyToRun) turns it off in its runtime configuration; `bulwark serve` restarts itself with it on (see
# bench/README.md, "TieredPGO and the server" → "Tiered compilation off for scans"). Each section alternates the
# two modes, "off" and "on" (the other mode first every other round), and prints each mode's median.
#
#   bench/tiered-compilation.sh [SECTIONS] [ROUNDS]
#     SECTIONS (default "kernel history repo protect"):
#       kernel   the tool on the kernel tree: scan --analyzers secrets --format json --quiet (wall, user+sys CPU);
#                the findings of the two modes are compared
#       history  secrets detect over the 400 MB history of bench/secrets-history.sh (HISTORY, made by that script)
#       repo     the README's scan of this checkout (`scan . --output out`): the tool, and the IL-only build
#                (`dotnet Bulwark.Cli.dll`, what `dotnet run` starts), whose configuration keeps tiering
#       protect  secrets protect --staged, a 20-line staged change in the 10,000-file repository of
#                bench/secrets-history.sh (made here if missing), hyperfine -N, 30 runs per mode
#     ROUNDS (default 5): runs per mode in kernel, history and repo
# The tool: TOOL_DIR, a `dotnet publish src/Bulwark.Cli -c Release -r linux-x64` output (default: published into
# $OUT/tool, ~2 min). "off" is the tool as published, "on" the same with DOTNET_TieredCompilation=1 (the variable
# overrides the runtime configuration: exactly what the tool did before the setting). For the IL-only build "on" is
# as built and "off" is DOTNET_TieredCompilation=0. Each section holds the shared build lock while it runs.
# KERNEL_TREE (default /work/bench-data/linux-6.1), OUT (default ${TMPDIR:-/tmp}/bulwark-bench-tiering).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO_ROOT=$(pwd)
sections=${1:-"kernel history repo protect"}
rounds=${2:-5}
has() { case " $sections " in *" $1 "*) return 0;; *) return 1;; esac; }
OUT=${OUT:-${TMPDIR:-/tmp}/bulwark-bench-tiering}
KERNEL=${KERNEL_TREE:-/work/bench-data/linux-6.1}
LOCK="flock /tmp/bulwark-build.lock"
unset DOTNET_TieredCompilation COMPlus_TieredCompilation
mkdir -p "$OUT"

if [ -z "${TOOL_DIR:-}" ]; then
  TOOL_DIR=$OUT/tool
  rm -rf "$TOOL_DIR"
  $LOCK dotnet publish src/Bulwark.Cli -c Release -r linux-x64 -o "$TOOL_DIR" -v q -nologo > /dev/null
fi
TOOL=$TOOL_DIR/Bulwark.Cli
grep -h '"System.Runtime.Tiered' "$TOOL_DIR/Bulwark.Cli.runtimeconfig.json"
IL_DLL=$REPO_ROOT/src/Bulwark.Cli/bin/Release/net10.0/Bulwark.Cli.dll
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%FT%TZ)"

# timed MODE LABEL COMMAND…: one run; appends "wall cpu" to $OUT/LABEL-MODE.times.
timed() {
  local mode=$1 label=$2; shift 2
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$OUT/last.cpu" "$@" > /dev/null 2>&1
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(awk 'NF == 2 && $1 ~ /^[0-9.]+$/ {c = ($1 + $2) * 1000} END {printf "%d", c}' "$OUT/last.cpu")" >> "$OUT/$label-$mode.times"
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

summary() {
  local label=$1 mode
  for mode in off on; do
    printf '%-14s %-3s wall %6s ms (%s)  cpu %6s ms\n' "$label" "$mode" \
      "$(cut -d' ' -f1 "$OUT/$label-$mode.times" | median)" "$(cut -d' ' -f1 "$OUT/$label-$mode.times" | paste -sd' ')" \
      "$(cut -d' ' -f2 "$OUT/$label-$mode.times" | median)"
  done
}

# alternate LABEL OFF-ENV ON-ENV COMMAND…: ROUNDS runs per mode, after one unmeasured run of each.
alternate() {
  local label=$1 off=$2 on=$3; shift 3
  rm -f "$OUT/$label-off.times" "$OUT/$label-on.times"
  env $off "$@" > /dev/null 2>&1; env $on "$@" > /dev/null 2>&1
  local i
  for i in $(seq "$rounds"); do
    if [ $((i % 2)) = 1 ]; then
      timed off "$label" env $off "$@"; timed on "$label" env $on "$@"
    else
      timed on "$label" env $on "$@"; timed off "$label" env $off "$@"
    fi
  done
  summary "$label"
}

findings() { python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["findings"], sort_keys=True))' "$1"; }

if has kernel; then
  echo "== kernel tree: $KERNEL"
  export -f timed alternate summary median
  export OUT rounds
  $LOCK bash -c "alternate kernel DOTNET_NOLOGO=1 DOTNET_TieredCompilation=1 '$TOOL' scan '$KERNEL' --analyzers secrets --format json --output '$OUT/kernel-report' --quiet"
  DOTNET_TieredCompilation=1 $LOCK "$TOOL" scan "$KERNEL" --analyzers secrets --format json --output "$OUT/kernel-on" --quiet || true
  if [ "$(findings "$OUT/kernel-report/bulwark.json")" = "$(findings "$OUT/kernel-on/bulwark.json")" ]; then
    echo "findings: the same in both modes"
  else
    echo "findings: DIFFER between the modes"
  fi
fi

if has history; then
  HISTORY=${HISTORY:-/tmp/bulwark-bench-secrets/history-400}
  echo "== secrets detect over the history in $HISTORY"
  export -f timed alternate summary median
  export OUT rounds
  $LOCK bash -c "cat '$HISTORY'/.git/objects/pack/*.pack > /dev/null
    alternate history DOTNET_NOLOGO=1 DOTNET_TieredCompilation=1 '$TOOL' secrets detect '$HISTORY' -q"
fi

if has repo; then
  echo "== this checkout: scan . --output out"
  $LOCK dotnet build src/Bulwark.Cli -c Release -v q -nologo > /dev/null
  export -f timed alternate summary median
  export OUT rounds
  $LOCK bash -c "alternate repo-tool DOTNET_NOLOGO=1 DOTNET_TieredCompilation=1 '$TOOL' scan . --output '$OUT/repo-out' --quiet || true
    alternate repo-il DOTNET_TieredCompilation=0 DOTNET_NOLOGO=1 dotnet '$IL_DLL' scan . --output '$OUT/repo-out' --quiet || true"
fi

if has protect; then
  MONO=${MONO:-/tmp/bulwark-bench-secrets/mono}
  echo "== secrets protect --staged in $MONO"
  bench/staged-change-repo.sh "$MONO" "$KERNEL"
  FILE=$(git -C "$MONO" ls-files | awk 'NR == 1')
  (cd "$MONO" && $LOCK hyperfine -N -w 3 -r 30 -i --export-markdown "$OUT/protect.md" \
    -n off "env DOTNET_NOLOGO=1 $TOOL secrets protect --staged" \
    -n on "env DOTNET_TieredCompilation=1 $TOOL secrets protect --staged")
  git -C "$MONO" reset -q HEAD -- "$FILE"; git -C "$MONO" checkout -q -- "$FILE"
fi

#!/usr/bin/env bash
# Times `bulwark scan --analyzers none` (the installed .NET tool, what users run) and Bulwark's bare Workspace walk
# against ripgrep's file listing on the Linux kernel tree, like for like, and measures peak memory.
# Figures and how to read them: bench/README.md, "Workspace walk".
#
#   bench/walk.sh            prepare (once), build, check, time, measure memory
#   RUNS=30 bench/walk.sh    more hyperfine runs
#
# Inputs live outside the repository: $BULWARK_BENCH_DATA (default /work/bench-data).
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${BULWARK_BENCH_DATA:-/work/bench-data}
TREE=$DATA/linux-6.1
RUNS=${RUNS:-20}
OUT=${TMPDIR:-/tmp}/bulwark-bench-walk
# Other work on the machine takes the same lock for builds and tests; holding it keeps the timings quiet.
LOCK=${BULWARK_BUILD_LOCK:-/tmp/bulwark-build.lock}

need() {
  command -v "$1" >/dev/null 2>&1 && return
  apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
}
need rg ripgrep
need hyperfine hyperfine
[ -x /usr/bin/time ] || need /usr/bin/time time

if [ ! -d "$TREE" ]; then
  [ -f /usr/src/linux-source-6.1.tar.xz ] || { apt-get update -qq && apt-get install -y -qq linux-source-6.1 >/dev/null; }
  mkdir -p "$DATA"
  tar -xf /usr/src/linux-source-6.1.tar.xz -C "$DATA"
  mv "$DATA/linux-source-6.1" "$TREE"
fi
# Debian's package appends "/*" and "!/debian/" to the top-level .gitignore, which ignores the whole tree;
# drop that block to measure the upstream kernel's rules (idempotent).
sed -i '/^# Debian packaging/,$d' "$TREE/.gitignore"

echo "== build (Release): the CLI as the packed tool (ReadyToRun) and plain JIT; the bare walk native AOT and ReadyToRun"
rm -rf "$OUT/nupkg" "$OUT/tool"
flock "$LOCK" dotnet pack src/Bulwark.Cli -c Release -o "$OUT/nupkg" -v q -nologo >/dev/null
dotnet tool install --tool-path "$OUT/tool" --add-source "$OUT/nupkg" Bulwark.Cli >/dev/null
flock "$LOCK" dotnet build src/Bulwark.Cli -c Release -o "$OUT/cli-jit" -v q -nologo >/dev/null
flock "$LOCK" dotnet publish bench/Bulwark.Bench.Walk/Bulwark.Bench.Walk.csproj -c Release -r linux-x64 \
  -o "$OUT/aot" -v q -nologo >/dev/null
flock "$LOCK" dotnet publish bench/Bulwark.Bench.Walk/Bulwark.Bench.Walk.csproj -c Release -r linux-x64 --self-contained false \
  -p:PublishAot=false -p:PublishReadyToRun=true -o "$OUT/r2r" -v q -nologo >/dev/null
REPORTS="$OUT/reports"
mkdir -p "$REPORTS"
# The command users run, as users run it (reports written, progress as in a CI log).
CLI="$OUT/tool/bulwark scan $TREE --analyzers none --output $REPORTS"
CLI_JIT="dotnet $OUT/cli-jit/Bulwark.Cli.dll scan $TREE --analyzers none --output $REPORTS"
AOT="$OUT/aot/Bulwark.Bench.Walk"
R2R="$OUT/r2r/Bulwark.Bench.Walk"

# Like for like. Bulwark lists hidden files, follows symlinks that stay inside the root, and honours
# .gitignore without needing a .git directory (the tarball has none): rg needs -L --hidden --no-require-git.
# Without ignore rules the pair is --no-ignore against -L -uu.
RG_IGNORE="rg --files -L --hidden --no-require-git $TREE"
RG_ALL="rg --files -L -uu $TREE"

echo "== same files listed?"
for pair in "$AOT $TREE|$RG_IGNORE" "$AOT $TREE --no-ignore|$RG_ALL"; do
  ours=$(${pair%%|*} | sed -E 's/^files ([0-9]+).*/\1/')
  theirs=$(${pair##*|} | wc -l)
  echo "  ${pair%%|*}: $ours files; ${pair##*|}: $theirs files"
  [ "$ours" = "$theirs" ] || { echo "file counts differ: not like for like" >&2; exit 1; }
done
ours=$($CLI 2>/dev/null | sed -n -E 's/^Scanned ([0-9,]+) files.*/\1/p' | tr -d ,)
echo "  bulwark scan --analyzers none: $ours files"
[ "$ours" = "$($RG_IGNORE | wc -l)" ] || { echo "file counts differ: not like for like" >&2; exit 1; }

echo "== warm the page cache"
for _ in 1 2 3; do $AOT "$TREE" >/dev/null; $RG_ALL >/dev/null; done

echo "== time: with ignore rules"
flock "$LOCK" hyperfine -N -w 3 -r "$RUNS" --export-markdown "$OUT/ignore.md" \
  -n "bulwark scan --analyzers none (tool, ReadyToRun)" "$CLI" \
  -n "bulwark scan --analyzers none (JIT)" "$CLI_JIT" \
  -n "walk only (native)" "$AOT $TREE" \
  -n "walk only (ReadyToRun)" "$R2R $TREE" \
  -n "rg --files -L --hidden --no-require-git" "$RG_IGNORE"

echo "== time: without ignore rules (walk only)"
flock "$LOCK" hyperfine -N -w 3 -r "$RUNS" --export-markdown "$OUT/all.md" \
  -n "walk only --no-ignore (native)" "$AOT $TREE --no-ignore" \
  -n "walk only --no-ignore (ReadyToRun)" "$R2R $TREE --no-ignore" \
  -n "rg --files -L -uu" "$RG_ALL"

echo "== where the CLI's time goes: process start (--version), and the scan with reports only in json"
flock "$LOCK" hyperfine -N -w 3 -r "$RUNS" \
  -n "bulwark --version (tool)" "$OUT/tool/bulwark --version" \
  -n "bulwark scan --analyzers none --format json (tool)" "$CLI --format json"

# hyperfine runs one command after the other, so load from other work drifting over a minute skews the
# ratio; alternating the commands run by run and taking medians pairs them under the same load.
interleaved() {
  local -a names=() commands=()
  while [ $# -gt 0 ]; do names+=("$1"); commands+=("$2"); shift 2; done
  local log; log=$(mktemp)
  for _ in $(seq "${ROUNDS:-30}"); do
    for i in "${!commands[@]}"; do
      local start end
      start=$(date +%s%N); ${commands[$i]} >/dev/null 2>&1; end=$(date +%s%N)
      echo "$i $(( (end - start) / 1000 ))" >>"$log"
    done
  done
  local last=$(( ${#commands[@]} - 1 )) reference
  reference=$(awk -v i="$last" '$1 == i { print $2 }' "$log" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  for i in "${!commands[@]}"; do
    awk -v i="$i" '$1 == i { print $2 }' "$log" | sort -n \
      | awk -v name="${names[$i]}" -v ref="$reference" '{ a[NR] = $1 } END { m = a[int((NR + 1) / 2)];
          printf "  %-45s median %6.1f ms  (%.2f x the last line)\n", name, m / 1000, m / ref }'
  done
  rm -f "$log"
}

echo "== interleaved medians, ${ROUNDS:-30} rounds"
flock "$LOCK" bash -c "$(declare -f interleaved); interleaved \
  'bulwark scan --analyzers none (tool)' '$CLI' 'walk only (native)' '$AOT $TREE' \
  'rg --files -L --hidden --no-require-git' '$RG_IGNORE'"
flock "$LOCK" bash -c "$(declare -f interleaved); interleaved \
  'walk only --no-ignore (native)' '$AOT $TREE --no-ignore' 'walk only --no-ignore (ReadyToRun)' '$R2R $TREE --no-ignore' \
  'rg --files -L -uu' '$RG_ALL'"

echo "== peak memory (max RSS): the whole tree, then a third of it"
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'; }
for root in "$TREE" "$TREE/drivers"; do
  echo "  $root: bulwark scan (tool) $(rss $OUT/tool/bulwark scan "$root" --analyzers none --output "$REPORTS") KiB," \
    "walk only (native) $(rss "$AOT" "$root") KiB, walk only (ReadyToRun) $(rss "$R2R" "$root") KiB," \
    "rg $(rss rg --files -L --hidden --no-require-git "$root") KiB"
done

echo "== machine: $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%d); tables in $OUT/*.md"

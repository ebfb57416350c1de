#!/usr/bin/env bash
# Secret detection accuracy on a real tree (the labelled corpus of issue 4):
#   1. scans the unmodified tree (every finding there is reviewed by hand: bench/secrets-kernel-review.md),
#   2. copies it, plants PER_RULE generated secrets of every built-in rule into the copy (C, Python and shell
#      plants inserted into existing sources; the rest in new project files under tools/deploy/), with a manifest,
#   3. scans the copy and scores the report against the manifest: per-rule recall (right rule, exact line) and
#      new false positives (findings that are neither a plant nor a finding of the unmodified tree).
#
#   bench/secrets-accuracy.sh [TREE] [PLANTED]    defaults: /work/corpus/linux, /work/corpus/linux-planted
#   PER_RULE=3 SEED=61 KEEP=dir                   plants per rule, generator seed, keep reports/manifest in dir
#
# TREE is never modified. Exit code 1 when a plant was missed.
set -euo pipefail
cd "$(dirname "$0")/.."
TREE=$(realpath "${1:-/work/corpus/linux}")
PLANTED=${2:-/work/corpus/linux-planted}
PER_RULE=${PER_RULE:-3}
SEED=${SEED:-61}
OUT=${KEEP:-$(mktemp -d)}
mkdir -p "$OUT"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$OUT"' EXIT

dotnet build src/Bulwark.Cli -c Release -o "$OUT/bulwark" >/dev/null
dotnet build bench/Bulwark.Bench.SecretsAccuracy -c Release -o "$OUT/harness" >/dev/null

# Debian's linux-source package appends "/*" and "!/debian/" to the kernel's top-level .gitignore, which hides the
# whole tree from a scan that honours .gitignore (as bulwark and gitleaks do). Both scanned copies get the kernel's
# own .gitignore back; the baseline copy is hard-linked (nothing of TREE is written: the .gitignore is replaced,
# not edited in place).
kernel_gitignore() { # copy
  if [ -f "$1/.gitignore" ] && grep -qx '/\*' "$1/.gitignore"; then
    grep -vx -e '/\*' -e '!/debian/' "$1/.gitignore" > "$1/.gitignore.kernel"
    rm "$1/.gitignore"
    mv "$1/.gitignore.kernel" "$1/.gitignore"
  fi
}
BASE=$PLANTED.base
echo "copying $TREE to $PLANTED (and a hard-linked $BASE)…"
rm -rf "$PLANTED" "$BASE"
cp -a "$TREE" "$PLANTED"
cp -al "$TREE" "$BASE"
kernel_gitignore "$PLANTED"
kernel_gitignore "$BASE"
dotnet "$OUT/harness/Bulwark.Bench.SecretsAccuracy.dll" plant "$PLANTED" "$OUT/manifest.tsv" --per-rule "$PER_RULE" --seed "$SEED"

scan() { # tree, report
  ( cd "$1" && /usr/bin/time -f "  $1: %e s wall, %M KB peak" dotnet "$OUT/bulwark/Bulwark.Cli.dll" secrets detect . --no-git \
      --report-format json --report-path "$2" --exit-code 0 --quiet )
}
echo "scanning (bulwark secrets detect --no-git, all built-in rules)…"
scan "$BASE" "$OUT/baseline.json"
scan "$PLANTED" "$OUT/planted.json"

dotnet "$OUT/harness/Bulwark.Bench.SecretsAccuracy.dll" score "$OUT/manifest.tsv" "$OUT/planted.json" "$OUT/baseline.json"

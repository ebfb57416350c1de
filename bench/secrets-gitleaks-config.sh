#!/bin/sh
# Times `bulwark scan TREE --analyzers secrets` with the built-in rules and with a gitleaks configuration
# (gitleaks' own default config/gitleaks.toml, say), on the IL build, each run twice under the build lock.
# usage: bench/secrets-gitleaks-config.sh CONFIG.toml [TREE=/tmp/ktree]
set -eu
config=$(realpath "$1")
tree=${2:-/tmp/ktree}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$root"
flock /tmp/bulwark-build.lock dotnet build src/Bulwark.Cli -c Release -warnaserror -v q >/dev/null
cli="dotnet src/Bulwark.Cli/bin/Release/net10.0/Bulwark.Cli.dll"
for label in built-in config; do
  for run in 1 2; do
    if [ "$label" = config ]; then extra="--secrets-config $config"; else extra=""; fi
    # shellcheck disable=SC2086
    flock /tmp/bulwark-build.lock /usr/bin/time -f "$label run $run: %e s wall, %U s user, %M KB" \
      $cli scan "$tree" --analyzers secrets --format json --output "$out" $extra >/dev/null 2>"$out/err" || true
    tail -1 "$out/err"
    python3 -c "import json,sys; d=json.load(open('$out/bulwark.json')); print('  findings:', len(d['findings']))" 2>/dev/null || true
  done
done

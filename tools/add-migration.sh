#!/usr/bin/env bash
# Adds an EF Core migration for both database providers after a change to the platform model:
#   tools/add-migration.sh AddSomething
# Needs the dotnet-ef tool (dotnet tool install --tool-path /tmp/ef dotnet-ef --version 10.0.13).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: tools/add-migration.sh MigrationName}
ef=${DOTNET_EF:-dotnet-ef}
command -v "$ef" >/dev/null || ef=/tmp/ef/dotnet-ef
for provider in Sqlite Postgres; do
  "$ef" migrations add "$name" --project src/Bulwark.Platform --startup-project src/Bulwark.Platform \
    --context "${provider}PlatformDbContext" --output-dir "Data/Migrations/$provider" \
    --namespace "Bulwark.Platform.Data.Migrations.$provider" --configuration Release
done

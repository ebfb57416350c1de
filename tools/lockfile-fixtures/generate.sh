#!/bin/bash
# usage: gen.sh TOOL SCENARIO   -> $WORK/out/TOOL/SCENARIO with lockfile, installed tree, gt-*.json
# WORK (default /tmp/lfr) holds src/<scenario> (the projects), bin/ (yarn1, yarn4, pnpm8/9/10, bun wrappers), out/ and copies/.
WORK=${WORK:-/tmp/lfr}; HERE=$(cd "$(dirname "$0")" && pwd)
set -u
TOOL=$1; SC=$2; REG=https://registry.npmjs.org/
OUT=$WORK/out/$TOOL/$SC; rm -rf $OUT; mkdir -p $(dirname $OUT); cp -r $WORK/src/$SC $OUT; cd $OUT
export PATH=$WORK/bin:$PATH
echo "omit-lockfile-registry-resolved=false" > .npmrc
ws() { # rewrite workspace-internal deps to workspace:^ (pnpm, yarn berry, bun)
  node -e '
  const fs=require("fs"),g=require("path");
  for (const f of process.argv.slice(1)) { const p=JSON.parse(fs.readFileSync(f)); for (const k of ["dependencies","devDependencies"]) for (const d in p[k]||{}) if (d.startsWith("@acme/")) p[k][d]="workspace:^"; fs.writeFileSync(f, JSON.stringify(p,null,2)+"\n"); }' $(find . -name package.json -not -path '*/node_modules/*' -not -path './vendor/*')
}
link() { node -e 'const fs=require("fs");const p=JSON.parse(fs.readFileSync("package.json"));if(p.dependencies&&p.dependencies["linked-lib"])p.dependencies["linked-lib"]="link:vendor/linked-lib";fs.writeFileSync("package.json",JSON.stringify(p,null,2)+"\n")'; }
case $TOOL in
  npm3) I="npm install --ignore-scripts"; P="npm ci --ignore-scripts --omit=dev"; O="npm ci --ignore-scripts --omit=optional";;
  npm2) I="npm install --ignore-scripts --lockfile-version 2"; P="npm ci --ignore-scripts --omit=dev"; O="npm ci --ignore-scripts --omit=optional";;
  npm1) I="npm install --ignore-scripts --lockfile-version 1"; P="npm ci --ignore-scripts --omit=dev"; O="npm ci --ignore-scripts --omit=optional";;
  shrinkwrap) I="npm install --ignore-scripts"; P="npm ci --ignore-scripts --omit=dev"; O="npm ci --ignore-scripts --omit=optional";;
  yarn1) I="yarn1 install --ignore-scripts --registry $REG --non-interactive"; P="yarn1 install --ignore-scripts --registry $REG --frozen-lockfile --production"; O="yarn1 install --ignore-scripts --registry $REG --frozen-lockfile --ignore-optional";;
  # npm 6 --no-optional still installs the optional dependencies of dependencies (an npm 6 bug): no such install.
  npm6) I="npm6 install --ignore-scripts"; P="npm6 ci --ignore-scripts --only=prod"; O="";;
  yarn2|yarn3) ws; link; printf 'nodeLinker: node-modules\nnpmRegistryServer: "%s"\nenableScripts: false\nenableTelemetry: false\n' ${REG%/} > .yarnrc.yml; export YARN_ENABLE_IMMUTABLE_INSTALLS=false; I="$TOOL install"; P=""; O="";;
  yarn4) ws; link; printf 'nodeLinker: node-modules\nnpmRegistryServer: "%s"\nenableScripts: false\nenableTelemetry: false\n' ${REG%/} > .yarnrc.yml; export YARN_ENABLE_IMMUTABLE_INSTALLS=false; I="yarn4 install"; P="yarn4 workspaces focus --all --production"; O="";;
  pnpm7|pnpm8|pnpm9|pnpm10) ws; link; [ -d packages ] && printf 'packages:\n  - "packages/*"\n  - "apps/*"\n' > pnpm-workspace.yaml; I="$TOOL install --ignore-scripts"; P="$TOOL install --ignore-scripts --frozen-lockfile --prod"; O="$TOOL install --ignore-scripts --frozen-lockfile --no-optional";;
  bun) ws; link; I="bun install --ignore-scripts --registry $REG --save-text-lockfile"; P="bun install --ignore-scripts --registry $REG --frozen-lockfile --production"; O="bun install --ignore-scripts --registry $REG --frozen-lockfile --omit optional";;
esac
echo "== $I" > gen.log
$I >> gen.log 2>&1 || { echo "install failed"; tail -20 gen.log; exit 1; }
[ $TOOL = shrinkwrap ] && npm shrinkwrap >> gen.log 2>&1
# Yarn Berry adds dependencies no package.json names (node-gyp for packages with a binding.gyp): its own graph too.
case $TOOL in yarn2|yarn3|yarn4) $TOOL info -AR --json > yarn-info.json 2>> gen.log;; esac
node $HERE/ground-truth.js . > gt-full.json
for kind in prod noopt; do
  CMD=$P; [ $kind = noopt ] && CMD=$O
  [ -z "$CMD" ] && continue
  C=$WORK/copies/$TOOL/$SC.$kind; rm -rf $C; mkdir -p $(dirname $C); cp -r $OUT $C; cd $C
  find . -name node_modules -prune -exec rm -rf {} +
  echo "== $CMD" >> $OUT/gen.log; $CMD >> $OUT/gen.log 2>&1 || echo "$kind install failed" >> $OUT/gen.log
  node $HERE/ground-truth.js . > $OUT/gt-$kind.json; cd $OUT
done
ls $OUT

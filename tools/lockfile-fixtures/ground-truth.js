// Ground truth for tests/Bulwark.Analyzers.Dependencies.Tests/testdata/generated (see its README).
// Ground truth from an installed tree: every package folder under node_modules (real dirs, symlinks followed
// only to resolve), its declared runtime dependencies resolved the way Node resolves them, and the importers' direct deps.
// usage: node gt.js PROJECTDIR  -> JSON {installed:[name@version], edges:[a@1 -> b@2], direct:[name@version]}
const fs = require('fs'), path = require('path');
const root = fs.realpathSync(process.argv[2]);
const pkgs = new Map(); // realdir -> {name, version, manifest}
function readPkg(dir) { try { return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')); } catch { return null; } }
function inNodeModules(real) { return real.split(path.sep).includes('node_modules'); }
function walkNm(nm) {
  let entries; try { entries = fs.readdirSync(nm, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    if (e.name === '.bin' || e.name === '.cache' || e.name === '.yarn-state.yml' || e.name === '.package-lock.json' || e.name === '.modules.yaml') continue;
    const full = path.join(nm, e.name);
    if (e.name === '.pnpm' || e.name === '.bun') { for (const k of fs.readdirSync(full, { withFileTypes: true })) if (k.isDirectory() && k.name !== 'node_modules') walkNm(path.join(full, k.name, 'node_modules')); walkNm(path.join(full, 'node_modules')); continue; }
    if (e.name.startsWith('@')) { if (e.isDirectory()) for (const s of fs.readdirSync(full, { withFileTypes: true })) visit(path.join(full, s.name), s); continue; }
    visit(full, e);
  }
}
function visit(dir, dirent) {
  if (dirent.isSymbolicLink()) { try { const r = fs.realpathSync(dir); if (!inNodeModules(r) && readPkg(r)) linkTargets.add(r); } catch {} return; }
  if (!dirent.isDirectory()) return;
  const m = readPkg(dir); if (!m || !m.name) return;
  const real = fs.realpathSync(dir);
  if (!pkgs.has(real)) pkgs.set(real, { id: `${m.name}@${m.version}`, m });
  walkNm(path.join(dir, 'node_modules'));
}
// importers: root + workspace dirs (any dir with package.json outside node_modules that has a node_modules or is linked)
const linkTargets = new Set();
(function findNm(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.isSymbolicLink() || e.name === '.git' || e.name === '.yarn') continue;
    if (e.name === 'node_modules') walkNm(path.join(dir, e.name)); else findNm(path.join(dir, e.name));
  }
})(root);
function resolve(fromReal, name) {
  let dir = fromReal;
  while (true) {
    const cand = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(cand, 'package.json'))) return fs.realpathSync(cand);
    const up = path.dirname(dir); if (up === dir) return null; dir = up;
  }
}
// First-party packages: a package whose name is one of the project's own manifests outside node_modules (workspace
// members, file:/link: folders; Yarn classic and pnpm copy file: folders into node_modules). Not components; what
// they ask for is direct.
const ownNames = new Set();
(function findManifests(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isSymbolicLink() || e.name === 'node_modules' || e.name.startsWith('.')) continue;
    if (e.isDirectory()) findManifests(path.join(dir, e.name));
    else if (e.name === 'package.json' && dir !== root) { const m = readPkg(dir); if (m && m.name) { ownNames.add(m.name); linkTargets.add(dir); } }
  }
})(root);
for (const [real, p] of [...pkgs]) if (ownNames.has(p.m.name)) { pkgs.delete(real); linkTargets.add(real); }
const edges = new Set(), peerEdges = new Set();
for (const [real, p] of pkgs) {
  const deps = { ...(p.m.optionalDependencies || {}), ...(p.m.dependencies || {}) };
  for (const d of Object.keys(deps)) {
    const t = resolve(real, d); if (t && pkgs.has(t)) edges.add(`${p.id} -> ${pkgs.get(t).id}`);
  }
  for (const d of new Set([...Object.keys(p.m.peerDependencies || {}), ...Object.keys(p.m.peerDependenciesMeta || {})])) {
    if (d in deps) continue;
    const t = resolve(real, d); if (t && pkgs.has(t)) peerEdges.add(`${p.id} -> ${pkgs.get(t).id}`);
  }
}
// importers = root and workspace folders found by manifests outside node_modules
const importers = [root];
const rootM = readPkg(root);
let ws = rootM.workspaces; if (ws && !Array.isArray(ws)) ws = ws.packages;
try { const y = fs.readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8'); ws = (ws || []).concat([...y.matchAll(/-\s*['"]?([^'"\n]+)['"]?/g)].map(x => x[1].trim())); } catch {}
for (const pat of ws || []) {
  const base = pat.replace(/\/\*$/, '');
  if (pat.endsWith('/*')) { try { for (const d of fs.readdirSync(path.join(root, base))) if (readPkg(path.join(root, base, d))) importers.push(path.join(root, base, d)); } catch {} }
  else if (readPkg(path.join(root, base))) importers.push(path.join(root, base));
}
const direct = new Set();
for (const imp of new Set([...importers.map(i => fs.realpathSync(i)), ...linkTargets])) {
  const m = readPkg(imp);
  for (const d of Object.keys({ ...(m.dependencies || {}), ...(m.devDependencies || {}), ...(m.optionalDependencies || {}) })) {
    const t = resolve(fs.realpathSync(imp), d); if (t && pkgs.has(t)) direct.add(pkgs.get(t).id);
  }
}
// Packages installed only inside another package that bundles them (its bundleDependencies).
const bundledAt = new Map();
for (const [real, p] of pkgs) {
  const parts = real.split(path.sep); const i = parts.lastIndexOf('node_modules');
  const owner = parts.slice(0, i).join(path.sep); const m = owner && readPkg(owner);
  const list = m ? (m.bundleDependencies || m.bundledDependencies || []) : [];
  const isBundled = Array.isArray(list) && list.includes(p.m.name) && owner.split(path.sep).includes('node_modules');
  bundledAt.set(p.id, (bundledAt.get(p.id) ?? true) && isBundled);
}
const bundled = [...bundledAt].filter(([, b]) => b).map(([id]) => id);
const sort = s => [...s].sort();
console.log(JSON.stringify({ installed: sort(new Set([...pkgs.values()].map(p => p.id))), direct: sort(direct), edges: sort(edges), peerEdges: sort(peerEdges), bundled: sort(bundled) }, null, 1));

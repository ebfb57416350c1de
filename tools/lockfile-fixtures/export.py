# Writes tests/Bulwark.Analyzers.Dependencies.Tests/testdata/generated from $WORK/out (see that README). usage: export.py OUT DEST
# Copies each generated project's lockfile and manifests into the test project and writes expected.json from the
# package manager's installed trees (gt-full/prod/noopt.json written by ground-truth.js).
import json, os, shutil, subprocess, sys
OUT = sys.argv[1]            # /tmp/lfr/out
DEST = sys.argv[2]           # testdata/generated
TOOLS = {
    'npm3': ('npm-lockv3', 'npm', 'package-lock.json'),
    'npm2': ('npm-lockv2', 'npm', 'package-lock.json'),
    'npm1': ('npm-lockv1', 'npm', 'package-lock.json'),
    'shrinkwrap': ('npm-shrinkwrap', 'npm', 'npm-shrinkwrap.json'),
    'npm6': ('npm6-lockv1', 'npm6', 'package-lock.json'),
    'yarn1': ('yarn-v1', 'yarn1', 'yarn.lock'),
    'yarn2': ('yarn-berry-v2', 'yarn2', 'yarn.lock'),
    'yarn3': ('yarn-berry-v3', 'yarn3', 'yarn.lock'),
    'yarn4': ('yarn-berry-v4', 'yarn4', 'yarn.lock'),
    'pnpm7': ('pnpm-v7', 'pnpm7', 'pnpm-lock.yaml'),
    'pnpm8': ('pnpm-v8', 'pnpm8', 'pnpm-lock.yaml'),
    'pnpm9': ('pnpm-v9', 'pnpm9', 'pnpm-lock.yaml'),
    'pnpm10': ('pnpm-v10', 'pnpm10', 'pnpm-lock.yaml'),
    'bun': ('bun', 'bun', 'bun.lock'),
}
env = dict(os.environ, PATH=os.environ.get('WORK', '/tmp/lfr') + '/bin:' + os.environ['PATH'])
def version(cmd):
    return subprocess.run([cmd, '--version'], capture_output=True, text=True, env=env, cwd='/tmp').stdout.strip().splitlines()[-1]
for tool, (folder, exe, lockfile) in TOOLS.items():
    if not os.path.isdir(os.path.join(OUT, tool)):
        continue
    label = {'npm': 'npm', 'npm6': 'npm', 'yarn1': 'yarn', 'yarn2': 'yarn', 'yarn3': 'yarn', 'yarn4': 'yarn', 'pnpm7': 'pnpm', 'pnpm8': 'pnpm', 'pnpm9': 'pnpm', 'pnpm10': 'pnpm', 'bun': 'bun'}[exe]
    tool_version = f'{label} {version(exe)}'
    for scenario in sorted(os.listdir(os.path.join(OUT, tool))):
        src = os.path.join(OUT, tool, scenario)
        if not os.path.exists(os.path.join(src, lockfile)) or not os.path.exists(os.path.join(src, 'gt-full.json')):
            print('skip', tool, scenario); continue
        log = open(os.path.join(src, 'gen.log')).read()
        if 'install failed' in log:
            # The package manager could not install from its own lockfile (npm ci with a v1 lockfile holding a git
            # dependency without a version): there is no ground truth to compare with.
            print('skip (a partial install failed)', tool, scenario); continue
        dst = os.path.join(DEST, folder, scenario)
        shutil.rmtree(dst, ignore_errors=True)
        for dirpath, dirnames, filenames in os.walk(src):
            dirnames[:] = [d for d in dirnames if d not in ('node_modules', '.yarn')]
            for f in filenames:
                if f in (lockfile, 'package.json', 'pnpm-workspace.yaml'):
                    rel = os.path.relpath(os.path.join(dirpath, f), src)
                    os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
                    shutil.copyfile(os.path.join(dirpath, f), os.path.join(dst, rel))
        load = lambda k: json.load(open(os.path.join(src, f'gt-{k}.json'))) if os.path.exists(os.path.join(src, f'gt-{k}.json')) else None
        full, prod, noopt = load('full'), load('prod'), load('noopt')
        commands = [l[3:].strip() for l in open(os.path.join(src, 'gen.log')) if l.startswith('== ')]
        installed = set(full['installed'])
        edges = set(full['edges'])
        info = os.path.join(src, 'yarn-info.json')
        if os.path.exists(info):
            # Yarn Berry's own graph (yarn info -AR): it adds edges no package.json names (node-gyp).
            rows = [json.loads(l) for l in open(info) if l.strip()]
            ids = {r['value']: r['value'][:r['value'].index('@', 1)] + '@' + r['children'].get('Version', '') for r in rows}
            for r in rows:
                for d in r['children'].get('Dependencies', []):
                    a, b = ids.get(r['value']), ids.get(d['locator'])
                    if a in installed and b in installed and f'{a} -> {b}' not in full['peerEdges']:
                        edges.add(f'{a} -> {b}')
        expected = {
            'tool': tool_version,
            'lockfile': lockfile,
            'platform': 'linux-x64',
            'commands': commands,
            'installed': full['installed'],
            'development': sorted(installed - set(prod['installed'])) if prod else None,
            'optional': sorted(installed - set(noopt['installed'])) if noopt else None,
            'direct': full['direct'],
            'edges': sorted(edges),
            'peerEdges': full['peerEdges'],
            'bundled': full.get('bundled', []),
        }
        with open(os.path.join(dst, 'expected.json'), 'w') as f:
            json.dump(expected, f, indent=1); f.write('\n')
        print(folder, scenario, len(full['installed']))

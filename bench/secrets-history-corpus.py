#!/usr/bin/env python3
"""Writes a `git fast-import` stream of a real-shaped history built from a real source tree.

Commits add the tree's text files in path order, a few at a time (so diffs are real code, not noise), and
every fourth commit edits earlier files by replacing a block of lines with real lines taken from another
file. A handful of made-up credentials are planted so the scan has something to find. Deterministic:
the same tree and arguments give the same history.

usage: secrets-history-corpus.py SOURCE_TREE TARGET_MB [FILES_PER_COMMIT] | git fast-import --quiet
"""
import os
import random
import sys

source, target_mb = sys.argv[1], int(sys.argv[2])
per_commit = int(sys.argv[3]) if len(sys.argv) > 3 else 12
rng = random.Random(42)
out = sys.stdout.buffer

PLANTED = [
    b'#define VENDOR_KEY "AKIAZ7Q4MNR2XK5WPL3D" /* planted for the benchmark */\n',
    b'static const char *gh = "ghp_8aJk2LmN4pQr6StU8vWx0YzA2bCd4eFg6HiJ";\n',
    b'slack_webhook = "https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/aBcDeFgHiJkLmNoPqRsTuVwX"\n',
]

def text_files():
    for root, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if d != '.git')
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                if os.path.islink(path) or os.path.getsize(path) > 2_000_000:
                    continue
                with open(path, 'rb') as f:
                    data = f.read()
            except OSError:
                continue
            if b'\0' in data[:8192]:
                continue
            yield os.path.relpath(path, source), data

def blob(data):
    out.write(b'data %d\n' % len(data))
    out.write(data)
    out.write(b'\n')

mark = 0
added = {}
total = 0
budget = target_mb * 1_000_000
when = 1_600_000_000
files = text_files()
done = False
planted = 0
while not done:
    mark += 1
    when += 3600
    changes = []
    if mark % 4 == 0 and len(added) > 10:
        # An edit commit: replace a block of lines in earlier files with real lines from another file.
        for path in rng.sample(sorted(added), 3):
            lines = added[path].splitlines(keepends=True)
            donor = added[rng.choice(sorted(added))].splitlines(keepends=True)
            if not lines or not donor:
                continue
            at = rng.randrange(len(lines))
            cut = rng.randrange(0, min(20, len(lines) - at) + 1)
            take = rng.randrange(1, 40)
            start = rng.randrange(max(1, len(donor) - take))
            new_lines = donor[start:start + take]
            if mark % 400 == 0 and planted < len(PLANTED):
                new_lines.append(PLANTED[planted])
                planted += 1
            lines[at:at + cut] = new_lines
            data = b''.join(lines)
            added[path] = data
            total += sum(len(l) for l in new_lines)
            changes.append((path, data))
    else:
        for _ in range(per_commit):
            item = next(files, None)
            if item is None or total >= budget:
                done = True
                break
            path, data = item
            added[path] = data
            total += len(data)
            changes.append((path, data))
    if not changes:
        continue
    out.write(b'commit refs/heads/main\n')
    out.write(b'mark :%d\n' % mark)
    out.write(b'author Bench Author <bench@example.com> %d +0000\n' % when)
    out.write(b'committer Bench Author <bench@example.com> %d +0000\n' % when)
    blob(b'Commit %d: %s\n' % (mark, changes[0][0].encode()))
    if mark > 1:
        out.write(b'from :%d\n' % previous)
    for path, data in changes:
        out.write(b'M 100644 inline %s\n' % path.encode())
        blob(data)
    previous = mark
    # Edits only keep the latest version of files they touched in memory; drop old big ones now and then.
    if len(added) > 20000:
        for key in rng.sample(sorted(added), 5000):
            del added[key]
print(f'{mark} commits, ~{total / 1e6:.0f} MB of added lines', file=sys.stderr)

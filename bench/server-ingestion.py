#!/usr/bin/env python3
"""Writes a Gemnasium-shaped GitLab dependency scanning report for bench/server-ingestion.sh.

   server-ingestion.py COUNT OFFSET SCANNER PATH

Finding i (OFFSET <= i < OFFSET+COUNT) is the same vulnerability in every report of the same SCANNER, so two
reports overlap where their ranges do. Streams to disk: a million findings never sit in memory.
"""
import sys

count, offset, scanner, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(path, "w", encoding="utf-8", buffering=1 << 20) as out:
    out.write('{"version":"15.2.1","vulnerabilities":[')
    for i in range(offset, offset + count):
        package = f"@acme/lib-{i}"
        cve = f"CVE-2025-{100000 + i}"
        out.write(("," if i != offset else "")
                  + f'{{"id":"{scanner}-{i}","name":"Regular expression denial of service in {package}",'
                  + f'"description":"{package} before 3.1.2 backtracks exponentially on crafted input, letting a remote attacker exhaust the CPU of the process.",'
                  + f'"severity":"{"High" if i % 3 == 0 else "Medium"}","solution":"Upgrade to version 3.1.2 or above.",'
                  + f'"location":{{"file":"apps/web-{i % 60}/package-lock.json","dependency":{{"package":{{"name":"{package}"}},"version":"3.0.{i % 9}"}}}},'
                  + f'"identifiers":[{{"type":"gemnasium","name":"Gemnasium-{i}","value":"{scanner}-{i:08d}"}},{{"type":"cve","name":"{cve}","value":"{cve}"}}],'
                  + f'"links":[{{"url":"https://nvd.nist.gov/vuln/detail/{cve}"}}]}}')
    out.write(f'],"scan":{{"type":"dependency_scanning","status":"success","scanner":{{"id":"{scanner}","name":"{scanner}","vendor":{{"name":"GitLab"}},"version":"5.2.0"}}}}}}')

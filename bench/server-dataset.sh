#!/usr/bin/env bash
# Fills a PostgreSQL database with a server dataset: N projects x M vulnerabilities, generated inside PostgreSQL
# (INSERT ... SELECT over generate_series: nothing crosses the wire) into the schema `bulwark server migrate`
# creates, in the shape the ingestion and triage code write it.
#
#   flock /tmp/bulwark-build.lock bench/server-dataset.sh "postgres://postgres@127.0.0.1:54329/bulwark_bench" [PROJECTS=1000] [VULNS=1000]
#
# The database is created if missing and migrated with the CLI (build src/Bulwark.Cli -c Release first). The
# dataset replaces everything under the group 'bench'. The last stdout line is an administrator API token for
# load clients (made with `bulwark server create-admin`, user bench-admin).
#
# Shape (the load and dashboard benchmarks rely on it):
# - groups: bench (top) > bench/g00..g09 (nested); projects bench/gXX/pNNNN, project n in group n % 10.
# - pipelines: one default-branch pipeline a day for the last 30 days per project, each with the scans that ran:
#   sast (semgrep) and dependency_scanning (gemnasium) daily, secret_detection (gitleaks) until 2 days ago,
#   container_scanning (trivy) daily on even projects and stopped 20 days ago on odd ones (coverage differs).
# - vulnerabilities (M per project): report types sast 50% / dependency_scanning 30% / container_scanning 10% /
#   secret_detection 10% with their scanner; severities critical 5% / high 15% / medium 30% / low 30% /
#   info 15% / unknown 5%; states detected 60% / confirmed 10% / dismissed 15% (all five reasons) /
#   resolved 15% (no longer detected, resolved up to 60 days after detection); detected over the last 365
#   days; identifiers as the scanners report them (semgrep_id + CWE, CVE + GHSA, CVE, gitleaks rule), the
#   primary one in "type:value" form; Data is a GitLab vulnerabilities[] element.
# - findings: one row per vulnerability still detected, in the latest scan of its report type.
# - activities: detected (every vulnerability), state changes (confirmed, dismissed with reason, resolved),
#   no longer detected, a comment on 5%.
# - daily_vulnerability_counts: a row for each day of the last 365 on which the project's open counts changed,
#   computed from the detection and closing times, so today's row equals the open vulnerabilities.
# - project_components: 200 per project in the latest dependency scan, log4j-core at some 2.x in every project.
set -euo pipefail
conn=${1:?usage: server-dataset.sh CONNECTION-URL [PROJECTS] [VULNS_PER_PROJECT]}
projects=${2:-1000}
vulns=${3:-1000}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-start.sh"
npgsql=$(python3 "$here/npgsql-connection.py" "$conn")

db=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlparse(sys.argv[1]).path.lstrip("/"))' "$conn")
server_url=$(python3 -c 'import sys, urllib.parse; u = urllib.parse.urlparse(sys.argv[1]); print(u._replace(path="/postgres").geturl())' "$conn")
if [[ -z $("$psql_bin" "$server_url" -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
  "$psql_bin" "$server_url" -qc "CREATE DATABASE \"$db\""
fi
$bulwark server migrate --database "$npgsql" >&2

start=$(date +%s)
"$psql_bin" "$conn" -v ON_ERROR_STOP=1 -q -v projects="$projects" -v vulns="$vulns" <<'SQL'
\timing off
SET synchronous_commit = off;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
BEGIN;
-- Start over: everything under bench/ goes (cascades to pipelines, scans, vulnerabilities, components, counts).
DELETE FROM projects WHERE "PathKey" LIKE 'bench/%';
DELETE FROM groups WHERE "PathKey" LIKE 'bench/%';
DELETE FROM groups WHERE "PathKey" = 'bench';
INSERT INTO groups ("ParentId", "Path", "PathKey", "Name", "CreatedAt") VALUES (NULL, 'bench', 'bench', 'bench', now());
INSERT INTO groups ("ParentId", "Path", "PathKey", "Name", "CreatedAt")
SELECT (SELECT "Id" FROM groups WHERE "PathKey" = 'bench'), 'bench/g' || lpad(g::text, 2, '0'), 'bench/g' || lpad(g::text, 2, '0'), 'g' || lpad(g::text, 2, '0'), now()
FROM generate_series(0, 9) g;
INSERT INTO projects ("GroupId", "Path", "PathKey", "Name", "DefaultBranch", "CreatedAt")
SELECT gr."Id", gr."Path" || '/p' || lpad(p::text, 4, '0'), gr."PathKey" || '/p' || lpad(p::text, 4, '0'), 'p' || lpad(p::text, 4, '0'), 'main', now() - interval '400 days'
FROM generate_series(0, :projects - 1) p JOIN groups gr ON gr."PathKey" = 'bench/g' || lpad((p % 10)::text, 2, '0')
ORDER BY p;
CREATE TEMP TABLE bench_projects ON COMMIT DROP AS
SELECT "Id" AS id, substr("Name", 2)::int AS n FROM projects WHERE "PathKey" LIKE 'bench/%';

-- A default-branch pipeline a day for 30 days; d = age in days (0 = the latest).
INSERT INTO pipelines ("ProjectId", "Ref", "CommitSha", "Source", "ExternalId", "IsDefaultBranch", "CreatedAt")
SELECT bp.id, 'main', md5(bp.id || ':' || d) || substr(md5(d::text), 1, 8), 'gitlab', 'bench-' || (1000 - d), true, now() - interval '1 hour' - d * interval '1 day'
FROM bench_projects bp CROSS JOIN generate_series(0, 29) d;
INSERT INTO scans ("PipelineId", "ProjectId", "ReportType", "ScannerId", "ScannerName", "Status", "ContentKey", "Format", "CreatedAt",
                   "FindingCount", "NewCount", "ExistingCount", "MergedCount", "NoLongerDetectedCount")
SELECT pl."Id", pl."ProjectId", t.type, t.scanner, t.name, 1, md5(pl."Id"::text || t.type) || ':0', 'gitlab',
       pl."CreatedAt" + interval '5 minutes', 0, 0, 0, 0, 0
FROM pipelines pl JOIN bench_projects bp ON bp.id = pl."ProjectId"
CROSS JOIN LATERAL (SELECT (now() - pl."CreatedAt") AS age) a
CROSS JOIN (VALUES ('sast', 'semgrep', 'Semgrep'), ('dependency_scanning', 'gemnasium', 'Gemnasium'),
                   ('secret_detection', 'gitleaks', 'Gitleaks'), ('container_scanning', 'trivy', 'Trivy')) t(type, scanner, name)
WHERE t.type IN ('sast', 'dependency_scanning')
   OR (t.type = 'secret_detection' AND a.age > interval '2 days')
   OR (t.type = 'container_scanning' AND (bp.n % 2 = 0 OR a.age > interval '20 days'));
CREATE TEMP TABLE latest_scans ON COMMIT DROP AS
SELECT DISTINCT ON ("ProjectId", "ReportType") "ProjectId" AS project_id, "ReportType" AS report_type, "Id" AS scan_id, "PipelineId" AS pipeline_id, "CreatedAt" AS at
FROM scans WHERE "ProjectId" IN (SELECT id FROM bench_projects) ORDER BY "ProjectId", "ReportType", "CreatedAt" DESC;
CREATE UNIQUE INDEX ON latest_scans (project_id, report_type);

-- The vulnerabilities: r, s, t are per-row pseudo-random numbers (detection age, severity, state).
CREATE TEMP TABLE gen ON COMMIT DROP AS
SELECT bp.id AS project_id, bp.n, v,
       CASE WHEN v % 10 < 5 THEN 'sast' WHEN v % 10 < 8 THEN 'dependency_scanning' WHEN v % 10 = 8 THEN 'container_scanning' ELSE 'secret_detection' END AS report_type,
       ((hashtext(bp.id || ':' || v) & 2147483647) % 100000) / 100000.0 AS r,
       ((hashtext(v || ':' || bp.id) & 2147483647) % 100) AS s,
       ((hashtext('st' || bp.id || ':' || v) & 2147483647) % 100) AS t
FROM bench_projects bp CROSS JOIN generate_series(0, :vulns - 1) v;
CREATE TEMP TABLE gen2 ON COMMIT DROP AS
SELECT g.*, ls.scan_id, ls.pipeline_id, ls.at AS seen_at,
       CASE g.report_type WHEN 'sast' THEN 'semgrep' WHEN 'dependency_scanning' THEN 'gemnasium' WHEN 'container_scanning' THEN 'trivy' ELSE 'gitleaks' END AS scanner,
       CASE g.report_type WHEN 'sast' THEN 'Semgrep' WHEN 'dependency_scanning' THEN 'Gemnasium' WHEN 'container_scanning' THEN 'Trivy' ELSE 'Gitleaks' END AS scanner_name,
       CASE WHEN s < 5 THEN 5 WHEN s < 20 THEN 4 WHEN s < 50 THEN 3 WHEN s < 80 THEN 2 WHEN s < 95 THEN 1 ELSE 0 END AS sev,
       CASE WHEN t < 60 THEN 1 WHEN t < 70 THEN 2 WHEN t < 85 THEN 3 ELSE 4 END AS st,
       now() - interval '2 hours' - (r * 365 || ' days')::interval AS detected,
       'CVE-20' || (18 + v % 7) || '-' || (10000 + (hashtext('cve' || g.n || ':' || v) & 2147483647) % 40000) AS cve,
       'CWE-' || (ARRAY[79, 89, 22, 78, 502, 798, 327, 611, 918, 352])[1 + v % 10] AS cwe,
       'pkg-' || (1 + v % 199) AS package,
       'src/service' || (v / 50) || '/Handler' || v || '.cs' AS file
FROM gen g JOIN latest_scans ls ON ls.project_id = g.project_id AND ls.report_type = g.report_type;

INSERT INTO vulnerabilities ("ProjectId", "Uuid", "ReportType", "ScannerId", "ScannerName", "Title", "Description", "Solution",
    "Severity", "ScannerSeverity", "SeverityOverridden", "State", "DismissalReason", "PrimaryIdentifier", "LocationFingerprint",
    "LocationTarget", "Data", "DetectedAt", "LastSeenAt", "LastSeenPipelineId", "ConfirmedAt", "DismissedAt", "ResolvedAt",
    "NoLongerDetected", "NoLongerDetectedAt", "HasIssue", "HasSolution", "UpdatedAt")
SELECT project_id, md5('bench' || project_id || ':' || v)::uuid, report_type, scanner, scanner_name,
       x.title, x.description, x.solution, sev, sev, false, st,
       CASE WHEN st = 3 THEN 1 + v % 5 END,
       x.primary_id, md5(report_type || ':' || x.target), x.target,
       '{"id":"' || md5('bench' || project_id || ':' || v)::uuid || '","category":"' || report_type || '","name":"' || x.title
         || '","description":"' || x.description || '","severity":"'
         || (ARRAY['Unknown', 'Info', 'Low', 'Medium', 'High', 'Critical'])[sev + 1] || '"'
         || CASE WHEN x.solution IS NULL THEN '' ELSE ',"solution":"' || x.solution || '"' END
         || ',"scanner":{"id":"' || scanner || '","name":"' || scanner_name || '"},"identifiers":' || x.identifiers
         || ',"location":' || x.location || '}',
       detected,
       CASE WHEN st = 4 THEN LEAST(now() - interval '1 hour', detected + (r * 60 || ' days')::interval) ELSE seen_at END,
       pipeline_id,
       CASE WHEN st = 2 THEN LEAST(now() - interval '1 hour', detected + interval '1 day') END,
       CASE WHEN st = 3 THEN LEAST(now() - interval '1 hour', detected + interval '2 days') END,
       CASE WHEN st = 4 THEN LEAST(now() - interval '1 hour', detected + (r * 60 || ' days')::interval) END,
       st = 4, CASE WHEN st = 4 THEN LEAST(now() - interval '1 hour', detected + (r * 60 || ' days')::interval) END,
       v % 20 = 0, x.solution IS NOT NULL, now() - interval '1 hour'
FROM gen2
CROSS JOIN LATERAL (SELECT
    CASE report_type
      WHEN 'sast' THEN (ARRAY['Cross-site scripting', 'SQL injection', 'Path traversal', 'OS command injection', 'Unsafe deserialisation',
                              'Hard-coded credential', 'Weak cryptography', 'XML external entity', 'Server-side request forgery', 'Cross-site request forgery'])[1 + v % 10] || ' in Handler' || v
      WHEN 'dependency_scanning' THEN cve || ' in ' || package
      WHEN 'container_scanning' THEN cve || ' in openssl'
      ELSE 'AWS access key' END AS title,
    CASE report_type WHEN 'sast' THEN 'User input reaches a sensitive call in ' || file || ' without validation.'
                     WHEN 'secret_detection' THEN 'A secret is committed to the repository.'
                     ELSE 'A vulnerable version of the package is installed.' END AS description,
    CASE WHEN report_type IN ('dependency_scanning', 'container_scanning') AND v % 4 <> 3 THEN 'Upgrade to a fixed version.'
         WHEN report_type = 'secret_detection' THEN 'Revoke the secret and remove it from history.' END AS solution,
    CASE report_type WHEN 'sast' THEN 'semgrep_id:bulwark.csharp.rule-' || (v % 10)
                     WHEN 'secret_detection' THEN 'gitleaks_rule_id:aws-access-token'
                     ELSE 'cve:' || cve END AS primary_id,
    CASE report_type WHEN 'sast' THEN file || ':' || (v % 400 + 1)
                     WHEN 'dependency_scanning' THEN 'package-lock.json'
                     WHEN 'container_scanning' THEN 'registry.example.com/bench/app:latest'
                     ELSE 'config/settings' || v || '.json' END AS target,
    CASE report_type
      WHEN 'sast' THEN '[{"type":"semgrep_id","name":"bulwark.csharp.rule-' || (v % 10) || '","value":"bulwark.csharp.rule-' || (v % 10) || '"},{"type":"cwe","name":"' || cwe || '","value":"' || substr(cwe, 5) || '"}]'
      WHEN 'dependency_scanning' THEN '[{"type":"cve","name":"' || cve || '","value":"' || cve || '"},{"type":"ghsa","name":"GHSA-' || substr(md5(cve), 1, 4) || '-' || substr(md5(cve), 5, 4) || '-' || substr(md5(cve), 9, 4) || '","value":"GHSA-' || substr(md5(cve), 1, 4) || '-' || substr(md5(cve), 5, 4) || '-' || substr(md5(cve), 9, 4) || '"}]'
      WHEN 'container_scanning' THEN '[{"type":"cve","name":"' || cve || '","value":"' || cve || '"}]'
      ELSE '[{"type":"gitleaks_rule_id","name":"aws-access-token","value":"aws-access-token"}]' END AS identifiers,
    CASE report_type
      WHEN 'sast' THEN '{"file":"' || file || '","start_line":' || (v % 400 + 1) || '}'
      WHEN 'dependency_scanning' THEN '{"file":"package-lock.json","dependency":{"package":{"name":"' || package || '"},"version":"1.' || (v % 10) || '.0"}}'
      WHEN 'container_scanning' THEN '{"image":"registry.example.com/bench/app:latest","operating_system":"debian:12","dependency":{"package":{"name":"openssl"},"version":"3.0.' || (v % 15) || '"}}'
      ELSE '{"file":"config/settings' || v || '.json","start_line":3,"commit":{"sha":"' || md5(v::text) || '"}}' END AS location) x
ORDER BY project_id, v;

CREATE TEMP TABLE bench_vulns ON COMMIT DROP AS
SELECT v."Id" AS id, v."ProjectId" AS project_id, v."ReportType" AS report_type, v."Data"::jsonb -> 'identifiers' AS identifiers
FROM vulnerabilities v WHERE v."ProjectId" IN (SELECT id FROM bench_projects);
INSERT INTO vulnerability_identifiers ("VulnerabilityId", "Type", "Value", "Key", "Name")
SELECT bv.id, i ->> 'type', i ->> 'value', lower(i ->> 'value'), i ->> 'name'
FROM bench_vulns bv CROSS JOIN LATERAL jsonb_array_elements(bv.identifiers) i
ORDER BY bv.id;

-- Findings of the latest scans: what is still detected.
INSERT INTO findings ("ProjectId", "ScanId", "PipelineId", "Ref", "Uuid", "VulnerabilityId", "ReportType", "Severity", "Title",
                      "PrimaryIdentifier", "LocationFingerprint", "Data", "CreatedAt")
SELECT v."ProjectId", ls.scan_id, ls.pipeline_id, 'main', v."Uuid", v."Id", v."ReportType", v."ScannerSeverity", v."Title",
       v."PrimaryIdentifier", v."LocationFingerprint", v."Data", ls.at
FROM vulnerabilities v JOIN latest_scans ls ON ls.project_id = v."ProjectId" AND ls.report_type = v."ReportType"
WHERE NOT v."NoLongerDetected";
UPDATE scans s SET "FindingCount" = c.n, "ExistingCount" = c.n
FROM (SELECT "ScanId", count(*)::int AS n FROM findings WHERE "ProjectId" IN (SELECT id FROM bench_projects) GROUP BY "ScanId") c
WHERE s."Id" = c."ScanId";

-- Activities as ingestion and triage write them (kinds: 1 detected, 2 state changed, 4 no longer detected, 6 commented).
INSERT INTO vulnerability_activities ("VulnerabilityId", "Kind", "At", "ActorId", "ActorName", "From", "To", "Reason", "Comment", "PipelineId", "CommitSha")
SELECT v."Id", 1, v."DetectedAt", NULL::bigint, NULL::text, NULL::text, 'detected', NULL::text, NULL::text, v."LastSeenPipelineId", NULL::text FROM vulnerabilities v JOIN bench_projects bp ON bp.id = v."ProjectId"
UNION ALL
SELECT v."Id", 2, COALESCE(v."ConfirmedAt", v."DismissedAt", v."ResolvedAt"), NULL, 'bench-admin', 'detected',
       CASE v."State" WHEN 2 THEN 'confirmed' WHEN 3 THEN 'dismissed' ELSE 'resolved' END,
       CASE v."DismissalReason" WHEN 1 THEN 'acceptable_risk' WHEN 2 THEN 'false_positive' WHEN 3 THEN 'mitigating_control' WHEN 4 THEN 'used_in_tests' WHEN 5 THEN 'not_applicable' END,
       CASE WHEN v."State" = 3 THEN 'Reviewed by the security team.' END, NULL, NULL
FROM vulnerabilities v JOIN bench_projects bp ON bp.id = v."ProjectId" WHERE v."State" IN (2, 3, 4)
UNION ALL
SELECT v."Id", 4, v."NoLongerDetectedAt", NULL, NULL, NULL, NULL, NULL, 'no longer detected in the default branch', v."LastSeenPipelineId", NULL
FROM vulnerabilities v JOIN bench_projects bp ON bp.id = v."ProjectId" WHERE v."NoLongerDetected"
UNION ALL
SELECT v."Id", 6, v."DetectedAt" + interval '3 hours', NULL, 'bench-admin', NULL, NULL, NULL, 'Looked at this; "fix" planned, see =HYPERLINK note.', NULL, NULL
FROM vulnerabilities v JOIN bench_projects bp ON bp.id = v."ProjectId" WHERE v."Id" % 20 = 7;

-- History: per project and day, open (detected or confirmed) counts by severity, from +1 at detection and -1 at
-- dismissal or resolution; a row only on days something changed, as DailyCounts writes them. Each row's change
-- against the project's previous row (the "...Change" columns the HistoryChanges migration's triggers keep) is that
-- day's sum, written here directly with the triggers off for the bulk insert (they would look up each row's
-- neighbours one by one).
ALTER TABLE daily_vulnerability_counts DISABLE TRIGGER daily_counts_set_change;
ALTER TABLE daily_vulnerability_counts DISABLE TRIGGER daily_counts_after_write;
INSERT INTO daily_vulnerability_counts ("ProjectId", "Day", "Critical", "High", "Medium", "Low", "Info", "Unknown",
                                        "CriticalChange", "HighChange", "MediumChange", "LowChange", "InfoChange", "UnknownChange")
SELECT project_id, to_char(day, 'YYYY-MM-DD'),
       sum(COALESCE(sum(delta) FILTER (WHERE sev = 5), 0)) OVER w, sum(COALESCE(sum(delta) FILTER (WHERE sev = 4), 0)) OVER w,
       sum(COALESCE(sum(delta) FILTER (WHERE sev = 3), 0)) OVER w, sum(COALESCE(sum(delta) FILTER (WHERE sev = 2), 0)) OVER w,
       sum(COALESCE(sum(delta) FILTER (WHERE sev = 1), 0)) OVER w, sum(COALESCE(sum(delta) FILTER (WHERE sev = 0), 0)) OVER w,
       COALESCE(sum(delta) FILTER (WHERE sev = 5), 0), COALESCE(sum(delta) FILTER (WHERE sev = 4), 0),
       COALESCE(sum(delta) FILTER (WHERE sev = 3), 0), COALESCE(sum(delta) FILTER (WHERE sev = 2), 0),
       COALESCE(sum(delta) FILTER (WHERE sev = 1), 0), COALESCE(sum(delta) FILTER (WHERE sev = 0), 0)
FROM (SELECT v."ProjectId" AS project_id, (v."DetectedAt" AT TIME ZONE 'UTC')::date AS day, v."Severity" AS sev, 1 AS delta
      FROM vulnerabilities v JOIN bench_projects bp ON bp.id = v."ProjectId"
      UNION ALL
      SELECT v."ProjectId", (COALESCE(v."DismissedAt", v."ResolvedAt") AT TIME ZONE 'UTC')::date, v."Severity", -1
      FROM vulnerabilities v JOIN bench_projects bp ON bp.id = v."ProjectId" WHERE v."State" IN (3, 4)) e
GROUP BY project_id, day
WINDOW w AS (PARTITION BY project_id ORDER BY day);
ALTER TABLE daily_vulnerability_counts ENABLE TRIGGER daily_counts_set_change;
ALTER TABLE daily_vulnerability_counts ENABLE TRIGGER daily_counts_after_write;

-- Dependency lists: 200 components per project in its latest dependency scan; every project uses log4j-core at some 2.x.
INSERT INTO project_components ("ProjectId", "ScanId", "Name", "NameKey", "Version", "Ecosystem", "Purl", "Licenses", "IsDirect", "IsDevelopment", "File", "VulnerabilityCount")
SELECT ls.project_id, ls.scan_id,
       CASE WHEN c = 0 THEN 'org.apache.logging.log4j:log4j-core' ELSE 'pkg-' || c END,
       CASE WHEN c = 0 THEN 'org.apache.logging.log4j:log4j-core' ELSE 'pkg-' || c END,
       CASE WHEN c = 0 THEN '2.' || (bp.n % 21) || '.' || (bp.n % 3) ELSE '1.' || (c % 10) || '.' || (bp.n % 7) END,
       CASE WHEN c = 0 THEN 'Maven' ELSE 'npm' END,
       CASE WHEN c = 0 THEN 'pkg:maven/org.apache.logging.log4j/log4j-core@2.' || (bp.n % 21) || '.' || (bp.n % 3) ELSE 'pkg:npm/pkg-' || c || '@1.' || (c % 10) || '.' || (bp.n % 7) END,
       CASE WHEN c % 5 = 0 THEN 'Apache-2.0' ELSE 'MIT' END, c % 4 = 0, c % 7 = 0,
       CASE WHEN c = 0 THEN 'pom.xml' ELSE 'package-lock.json' END, 0
FROM latest_scans ls JOIN bench_projects bp ON bp.id = ls.project_id CROSS JOIN generate_series(0, 199) c
WHERE ls.report_type = 'dependency_scanning';
COMMIT;
VACUUM ANALYZE;
SQL
end=$(date +%s)
count=$("$psql_bin" "$conn" -At -c "SELECT count(*) FROM vulnerabilities v JOIN projects p ON p.\"Id\" = v.\"ProjectId\" WHERE p.\"PathKey\" LIKE 'bench/%'")
echo "generated $projects projects, $count vulnerabilities in $((end - start)) s; groups: bench (all), bench/g00..bench/g09" >&2
$bulwark server create-admin --database "$npgsql" --username bench-admin | tail -n1

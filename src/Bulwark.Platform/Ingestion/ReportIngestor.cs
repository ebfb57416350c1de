using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Identity;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Platform.Data;
using Bulwark.Platform.Vulnerabilities;
using Microsoft.EntityFrameworkCore;
using CoreFinding = Bulwark.Core.Findings.Finding;
using StoredFinding = Bulwark.Platform.Data.Finding;

namespace Bulwark.Platform.Ingestion;

/// <summary>
/// Turns an uploaded report into scans, findings and tracked vulnerabilities, in one transaction: the report
/// is stored entirely or not at all. The same report uploaded twice to one pipeline changes nothing, and
/// concurrent uploads never duplicate a vulnerability (the UUID is unique; a conflicting writer retries).
/// </summary>
public sealed class ReportIngestor(PlatformDatabase database, TimeProvider clock)
{
    /// <summary>Findings handled per round trip: bounds memory whatever the report's size.</summary>
    private const int ChunkSize = 500;

    private const int MaxAttempts = 5;

    public async Task<IngestionOutcome> IngestAsync(long projectId, long pipelineId, Stream report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.CanSeek)
        {
            throw new ArgumentException("the report stream must be seekable (spool uploads to a file first)", nameof(report));
        }

        SecurityReport opened;
        try
        {
            var format = SecurityReportReader.DetectFormat(report);
            opened = await SecurityReportReader.OpenAsync(report, format, cancellationToken).ConfigureAwait(false);
        }
        catch (ReportFormatException e)
        {
            throw new ReportRejectedException(e.Message, e) { UnsupportedFormat = e.Message.Contains("not a recognised format", StringComparison.Ordinal) };
        }

        using var parsed = opened;
        var contentHash = await HashAsync(report, cancellationToken).ConfigureAwait(false);
        try
        {
            // Another upload created one of our vulnerabilities first, or the two deadlocked on shared rows: start
            // over (the transaction rolled back) and find them this time.
            return await WriteConflicts.RetryAsync(
                () => IngestOnceAsync(projectId, pipelineId, parsed, contentHash, cancellationToken),
                MaxAttempts, TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
        catch (ReportFormatException e)
        {
            throw new ReportRejectedException(e.Message, e);
        }
    }

    private async Task<IngestionOutcome> IngestOnceAsync(
        long projectId, long pipelineId, SecurityReport report, string contentHash, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var pipeline = await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pipelineId && p.ProjectId == projectId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"pipeline {pipelineId} does not exist in this project");

        var outcomes = new List<ScanOutcome>();
        foreach (var section in report.Sections)
        {
            var contentKey = $"{contentHash}:{section.Index.ToString(CultureInfo.InvariantCulture)}";
            var previous = await db.Scans.AsNoTracking()
                .SingleOrDefaultAsync(s => s.PipelineId == pipelineId && s.ContentKey == contentKey, cancellationToken).ConfigureAwait(false);
            if (previous is not null)
            {
                outcomes.Add(new ScanOutcome(previous.Id, previous.ReportType, previous.ScannerId, previous.FindingCount,
                    previous.NewCount, previous.ExistingCount, previous.MergedCount, previous.NoLongerDetectedCount, Duplicate: true));
                continue;
            }

            outcomes.Add(await IngestSectionAsync(db, pipeline, report, section, contentKey, cancellationToken).ConfigureAwait(false));
        }

        if (pipeline.IsDefaultBranch && outcomes.Any(o => !o.Duplicate))
        {
            await DailyCounts.RecordAsync(db, projectId, clock.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new IngestionOutcome(FormatName(report.Format), outcomes);
    }

    private async Task<ScanOutcome> IngestSectionAsync(
        PlatformDbContext db, Pipeline pipeline, SecurityReport report, ReportSection section, string contentKey,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var reportType = section.ReportType.ToWireName();
        var scan = new Scan
        {
            PipelineId = pipeline.Id,
            ProjectId = pipeline.ProjectId,
            ReportType = reportType,
            ScannerId = Truncate(section.ScannerId, 255),
            ScannerName = Truncate(section.Scanner.Name, 255),
            ScannerVersion = section.Scanner.Version,
            ScannerVendor = section.Scanner.Vendor,
            Status = section.Succeeded ? ScanStatus.Succeeded : ScanStatus.Failed,
            StartedAt = section.StartedAt?.UtcDateTime,
            FinishedAt = section.FinishedAt?.UtcDateTime,
            Messages = section.Messages.Count == 0 ? null : JsonSerializer.Serialize(
                section.Messages.Select(m => new Dictionary<string, string?> { ["level"] = m.Level.ToString().ToLowerInvariant(), ["value"] = m.Path is null ? m.Message : $"{m.Path}: {m.Message}" })),
            ContentKey = contentKey,
            Format = FormatName(report.Format),
            CreatedAt = now,
        };
        db.Scans.Add(scan);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        await using var writer = new SectionWriter(db);
        var projectKey = pipeline.ProjectId.ToString(CultureInfo.InvariantCulture);
        var mergeKeys = new HashSet<UInt128>();
        var seenUuids = new HashSet<Guid>();
        var counts = new Counts();
        var chunk = new List<(CoreFinding Finding, Guid Uuid, string LocationFingerprint)>(ChunkSize);
        await foreach (var finding in report.ReadFindingsAsync(section.Index, cancellationToken).ConfigureAwait(false))
        {
            // The reader has already redacted secret material (FindingRedaction): nothing raw reaches the database.
            if (IsNotAffected(finding))
            {
                continue;
            }

            counts.Findings++;
            var uuid = VulnerabilityIdentity.Compute(finding, projectKey);
            var locationFingerprint = VulnerabilityIdentity.LocationFingerprint(finding.Location);
            if (!seenUuids.Add(uuid) || IsMergedDuplicate(finding, locationFingerprint, mergeKeys))
            {
                counts.Merged++;
                continue;
            }

            chunk.Add((finding, uuid, locationFingerprint));
            if (chunk.Count == ChunkSize)
            {
                await StoreChunkAsync(writer, pipeline, scan, section, chunk, counts, now, cancellationToken).ConfigureAwait(false);
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            await StoreChunkAsync(writer, pipeline, scan, section, chunk, counts, now, cancellationToken).ConfigureAwait(false);
        }

        if (pipeline.IsDefaultBranch && section.Succeeded)
        {
            counts.NoLongerDetected = await MarkNoLongerDetectedAsync(db, writer, pipeline, reportType, scan.ScannerId, now, cancellationToken).ConfigureAwait(false);
        }

        if (section.HasComponents && pipeline.IsDefaultBranch)
        {
            await DependencyList.ReplaceAsync(db, pipeline.ProjectId, scan.Id,
                report.ReadComponentsAsync(section.Index, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        await db.Scans.Where(s => s.Id == scan.Id).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.FindingCount, counts.Findings)
            .SetProperty(s => s.NewCount, counts.New)
            .SetProperty(s => s.ExistingCount, counts.Existing)
            .SetProperty(s => s.MergedCount, counts.Merged)
            .SetProperty(s => s.NoLongerDetectedCount, counts.NoLongerDetected), cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return new ScanOutcome(scan.Id, reportType, scan.ScannerId, counts.Findings, counts.New, counts.Existing, counts.Merged, counts.NoLongerDetected, Duplicate: false);
    }

    /// <summary>A VEX statement in an SBOM saying the product is not affected: not a vulnerability of this project.</summary>
    private static bool IsNotAffected(CoreFinding finding) =>
        finding.GetProperty("vex.state") is "not_affected" or "false_positive" or "resolved";

    /// <summary>
    /// GitLab merges findings of one scan that share a location and any identifier other than a CWE or WASC
    /// class (two rules reporting the same CVE at the same place are one vulnerability).
    /// </summary>
    private static bool IsMergedDuplicate(CoreFinding finding, string locationFingerprint, HashSet<UInt128> mergeKeys)
    {
        var keys = finding.Identifiers
            .Where(i => !i.Type.Equals("cwe", StringComparison.OrdinalIgnoreCase) && !i.Type.Equals("wasc", StringComparison.OrdinalIgnoreCase))
            .Select(i => MergeKey($"{locationFingerprint}|{i.Type.ToLowerInvariant()}:{i.Value}"))
            .ToList();
        if (keys.Any(mergeKeys.Contains))
        {
            return true;
        }

        mergeKeys.UnionWith(keys);
        return false;
    }

    /// <summary>
    /// A merge key kept as 128 bits of its SHA-256 rather than as text: a million-finding report keeps a few
    /// tens of megabytes of keys instead of half a gigabyte, and two different keys never meet by chance.
    /// </summary>
    private static UInt128 MergeKey(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    private static async Task StoreChunkAsync(
        SectionWriter writer, Pipeline pipeline, Scan scan, ReportSection section,
        List<(CoreFinding Finding, Guid Uuid, string LocationFingerprint)> chunk, Counts counts, DateTime now,
        CancellationToken cancellationToken)
    {
        // Rows are touched in UUID order by every upload, so two uploads wait on each other instead of deadlocking.
        chunk.Sort((a, b) => a.Uuid.CompareTo(b.Uuid));
        var existing = await writer.FindAsync(pipeline.ProjectId, chunk.Select(c => c.Uuid).ToArray(), cancellationToken).ConfigureAwait(false);
        var projectKey = pipeline.ProjectId.ToString(CultureInfo.InvariantCulture);

        var created = new List<(Vulnerability Vulnerability, CoreFinding Finding)>();
        var seen = new List<SeenAgain>();
        var activities = new List<VulnerabilityActivity>();
        var rows = new List<(StoredFinding Row, Vulnerability? Created)>(chunk.Count);
        foreach (var (finding, uuid, locationFingerprint) in chunk)
        {
            // Serialised once: the finding and its vulnerability store the same document.
            var data = FindingDocument.Serialize(finding, section.Scanner, projectKey);
            var title = Truncate(FindingDocument.Title(finding), 255);
            var primary = Truncate($"{finding.PrimaryIdentifier.Type}:{finding.PrimaryIdentifier.Value}", 600);
            existing.TryGetValue(uuid, out var known);
            if (known is null)
            {
                counts.New++;
            }
            else
            {
                counts.Existing++;
            }

            Vulnerability? vulnerability = null;
            if (pipeline.IsDefaultBranch)
            {
                if (known is null)
                {
                    vulnerability = new Vulnerability
                    {
                        ProjectId = pipeline.ProjectId,
                        Uuid = uuid,
                        ReportType = scan.ReportType,
                        ScannerId = scan.ScannerId,
                        ScannerName = scan.ScannerName,
                        Title = title,
                        Description = finding.Description,
                        Solution = finding.Solution,
                        Severity = (int)finding.Severity,
                        ScannerSeverity = (int)finding.Severity,
                        State = VulnerabilityState.Detected,
                        PrimaryIdentifier = primary,
                        LocationFingerprint = locationFingerprint,
                        LocationTarget = finding.Location.Target is { } target ? Truncate(target, 1024) : null,
                        Data = data,
                        DetectedAt = now,
                        LastSeenAt = now,
                        LastSeenPipelineId = pipeline.Id,
                        HasSolution = !string.IsNullOrWhiteSpace(finding.Solution),
                        UpdatedAt = now,
                    };
                    created.Add((vulnerability, finding));
                }
                else
                {
                    seen.Add(new SeenAgain(known.Id, title, finding.Description, finding.Solution, data, (int)finding.Severity));
                    Returned(activities, known, pipeline, now);
                }
            }

            rows.Add((new StoredFinding
            {
                ProjectId = pipeline.ProjectId,
                ScanId = scan.Id,
                PipelineId = pipeline.Id,
                Ref = pipeline.Ref,
                Uuid = uuid,
                VulnerabilityId = known?.Id,
                ReportType = scan.ReportType,
                Severity = (int)finding.Severity,
                Title = title,
                PrimaryIdentifier = primary,
                LocationFingerprint = locationFingerprint,
                Data = data,
                CreatedAt = now,
            }, vulnerability));
        }

        // New vulnerabilities first: their ids are needed by their findings, identifiers and activities.
        await writer.AddVulnerabilitiesAsync(created.ConvertAll(c => c.Vulnerability), cancellationToken).ConfigureAwait(false);
        await writer.RefreshAsync(seen, scan.ScannerName, pipeline.Id, now, cancellationToken).ConfigureAwait(false);
        var identifiers = new List<VulnerabilityIdentifier>(created.Count * 2);
        foreach (var (vulnerability, finding) in created)
        {
            foreach (var identifier in finding.Identifiers.DistinctBy(i => (i.Type.ToLowerInvariant(), i.Value)))
            {
                identifiers.Add(new VulnerabilityIdentifier
                {
                    VulnerabilityId = vulnerability.Id,
                    Type = Truncate(identifier.Type, 100),
                    Value = Truncate(identifier.Value, 500),
                    Key = IdentifierKey(identifier.Value),
                    Name = identifier.Name is { } name ? Truncate(name, 500) : null,
                    Url = identifier.Url,
                });
            }

            activities.Add(new VulnerabilityActivity
            {
                VulnerabilityId = vulnerability.Id,
                Kind = ActivityKind.Detected,
                At = now,
                To = "detected",
                PipelineId = pipeline.Id,
                CommitSha = pipeline.CommitSha,
            });
        }

        await writer.AddIdentifiersAsync(identifiers, cancellationToken).ConfigureAwait(false);
        await writer.AddActivitiesAsync(activities, cancellationToken).ConfigureAwait(false);
        var findings = new List<StoredFinding>(rows.Count);
        foreach (var (row, vulnerability) in rows)
        {
            if (vulnerability is not null)
            {
                row.VulnerabilityId = vulnerability.Id;
            }

            findings.Add(row);
        }

        await writer.AddFindingsAsync(findings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The activities of a known vulnerability seen again: back after "no longer detected", a fix that did not hold.</summary>
    private static void Returned(List<VulnerabilityActivity> activities, KnownVulnerability known, Pipeline pipeline, DateTime now)
    {
        if (known.NoLongerDetected)
        {
            activities.Add(new VulnerabilityActivity
            {
                VulnerabilityId = known.Id,
                Kind = ActivityKind.ReturnedAfterNoLongerDetected,
                At = now,
                PipelineId = pipeline.Id,
                CommitSha = pipeline.CommitSha,
                Comment = "detected again after it was no longer detected",
            });
        }

        if (known.State == VulnerabilityState.Resolved)
        {
            // A fix that did not hold: the vulnerability needs triage again (RefreshAsync). Dismissed ones stay dismissed.
            activities.Add(new VulnerabilityActivity
            {
                VulnerabilityId = known.Id,
                Kind = ActivityKind.DetectedAgain,
                At = now,
                From = "resolved",
                To = "detected",
                PipelineId = pipeline.Id,
                CommitSha = pipeline.CommitSha,
                Comment = "resolved vulnerability detected again",
            });
        }
    }

    /// <summary>
    /// Flags what the latest default-branch scan of this report type and scanner no longer contains. A report
    /// that arrives late for an older pipeline flags nothing: only the newest pipeline speaks for the branch.
    /// </summary>
    private static async Task<int> MarkNoLongerDetectedAsync(
        PlatformDbContext db, SectionWriter writer, Pipeline pipeline, string reportType, string scannerId, DateTime now, CancellationToken cancellationToken)
    {
        var newer = await (from s in db.Scans
                           join p in db.Pipelines on s.PipelineId equals p.Id
                           where s.ProjectId == pipeline.ProjectId && s.ReportType == reportType && s.ScannerId == scannerId
                                 && s.Status == ScanStatus.Succeeded && p.IsDefaultBranch && p.Id != pipeline.Id
                                 && (p.CreatedAt > pipeline.CreatedAt || (p.CreatedAt == pipeline.CreatedAt && p.Id > pipeline.Id))
                           select s.Id).AnyAsync(cancellationToken).ConfigureAwait(false);
        if (newer)
        {
            return 0;
        }

        var gone = await db.Vulnerabilities
            .Where(v => v.ProjectId == pipeline.ProjectId && v.ReportType == reportType && v.ScannerId == scannerId
                        && !v.NoLongerDetected && v.State != VulnerabilityState.Resolved && v.LastSeenPipelineId != pipeline.Id)
            .Select(v => v.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var ids in gone.Chunk(ChunkSize))
        {
            await db.Vulnerabilities.Where(v => ids.Contains(v.Id)).ExecuteUpdateAsync(u => u
                .SetProperty(v => v.NoLongerDetected, true)
                .SetProperty(v => v.NoLongerDetectedAt, now)
                .SetProperty(v => v.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
            await writer.AddActivitiesAsync(ids.Select(id => new VulnerabilityActivity
            {
                VulnerabilityId = id,
                Kind = ActivityKind.NoLongerDetected,
                At = now,
                PipelineId = pipeline.Id,
                CommitSha = pipeline.CommitSha,
                Comment = $"no longer detected in the default branch at {pipeline.CommitSha}",
            }).ToList(), cancellationToken).ConfigureAwait(false);
        }

        return gone.Count;
    }

    internal static string IdentifierKey(string value) => Truncate(value.ToLowerInvariant(), 600);

    private static string FormatName(ReportFormat format) => format switch
    {
        ReportFormat.GitLab => "gitlab",
        ReportFormat.Sarif => "sarif",
        ReportFormat.CycloneDx => "cyclonedx",
        ReportFormat.Native => "bulwark",
        ReportFormat.Trivy => "trivy",
        ReportFormat.Gitleaks => "gitleaks",
        ReportFormat.Bandit => "bandit",
        ReportFormat.Semgrep => "semgrep",
        _ => format.ToString().ToLowerInvariant(),
    };

    private static async Task<string> HashAsync(Stream report, CancellationToken cancellationToken)
    {
        report.Position = 0;
        var hash = await SHA256.HashDataAsync(report, cancellationToken).ConfigureAwait(false);
        report.Position = 0;
        return Convert.ToHexStringLower(hash);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private sealed class Counts
    {
        public int Findings { get; set; }

        public int New { get; set; }

        public int Existing { get; set; }

        public int Merged { get; set; }

        public int NoLongerDetected { get; set; }
    }
}

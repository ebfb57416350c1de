using Xunit.Abstractions;
using System.Globalization;
using Bulwark.Core.Identity;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests;

/// <summary>
/// The rows ingestion writes outside EF change tracking (prepared statements on SQLite, array statements on
/// PostgreSQL), read back through EF: every column as the model expects it, across chunk boundaries.
/// </summary>
public sealed class IngestionStorageTests(ITestOutputHelper output)
{
    private const string Project = "acme/storage";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_report_larger_than_a_chunk_stores_linked_vulnerabilities_identifiers_activities_and_findings(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var projectId = await server.CreateProjectAsync(Project);
        var projectKey = projectId.ToString(CultureInfo.InvariantCulture);
        var p1 = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        // 1,200 findings: three chunks of the writer, the last one partial.
        var first = await server.UploadOkAsync(Project, p1, Reports.SastReport(1200));
        Assert.Equal(1200, first["new"]!.GetValue<int>());

        await using (var db = server.Database.CreateContext())
        {
            var vulnerabilities = await db.Vulnerabilities.AsNoTracking().Where(v => v.ProjectId == projectId).ToListAsync();
            Assert.Equal(1200, vulnerabilities.Count);
            var byUuid = vulnerabilities.ToDictionary(v => v.Uuid);
            for (var i = 0; i < 1200; i += 97)
            {
                var finding = Reports.Sast(i);
                var v = byUuid[VulnerabilityIdentity.Compute(finding, projectKey)];
                Assert.Equal(finding.Name, v.Title);
                Assert.Equal((int)finding.Severity, v.Severity);
                Assert.Equal((int)finding.Severity, v.ScannerSeverity);
                Assert.Equal(finding.Solution, v.Solution);
                Assert.Equal(finding.Solution is not null, v.HasSolution);
                Assert.Equal(VulnerabilityState.Detected, v.State);
                Assert.Equal(p1, v.LastSeenPipelineId);
                Assert.Equal(((Bulwark.Core.Findings.SourceLocation)finding.Location).File, v.LocationTarget);
                Assert.InRange(v.DetectedAt, DateTime.UtcNow.AddMinutes(-10), DateTime.UtcNow.AddMinutes(1));
                Assert.Equal(v.DetectedAt, v.LastSeenAt);
                Assert.False(v.NoLongerDetected);
            }

            var ids = vulnerabilities.Select(v => v.Id).ToHashSet();
            var identifiers = await db.VulnerabilityIdentifiers.AsNoTracking().Where(i => ids.Contains(i.VulnerabilityId)).ToListAsync();
            Assert.Equal(2400, identifiers.Count);
            Assert.All(identifiers.GroupBy(i => i.VulnerabilityId), g =>
            {
                Assert.Equal(2, g.Count());
                Assert.Single(g, i => i.Type.Equals("cwe", StringComparison.OrdinalIgnoreCase));
            });
            Assert.All(identifiers, i => Assert.Equal(i.Value.ToLowerInvariant(), i.Key));

            var activities = await db.Activities.AsNoTracking().Where(a => ids.Contains(a.VulnerabilityId)).ToListAsync();
            Assert.Equal(1200, activities.Count);
            Assert.All(activities, a =>
            {
                Assert.Equal(ActivityKind.Detected, a.Kind);
                Assert.Equal(p1, a.PipelineId);
                Assert.Equal(Reports.Sha(1), a.CommitSha);
            });
            Assert.Equal(ids, activities.Select(a => a.VulnerabilityId).ToHashSet());

            var findings = await db.Findings.AsNoTracking().Where(f => f.PipelineId == p1).ToListAsync();
            Assert.Equal(1200, findings.Count);
            Assert.All(findings, f =>
            {
                var v = byUuid[f.Uuid];
                Assert.Equal(v.Id, f.VulnerabilityId);
                Assert.Equal(v.Data, f.Data);
                Assert.Equal(v.Title, f.Title);
                Assert.Equal("main", f.Ref);
            });
        }

        // The next pipeline: 1,000 seen again (one of them resolved meanwhile, one with an overridden severity),
        // 200 no longer detected, 100 new.
        var resolvedUuid = VulnerabilityIdentity.Compute(Reports.Sast(5), projectKey);
        var overriddenUuid = VulnerabilityIdentity.Compute(Reports.Sast(6), projectKey);
        await using (var db = server.Database.CreateContext())
        {
            await db.Vulnerabilities.Where(v => v.Uuid == resolvedUuid).ExecuteUpdateAsync(u => u
                .SetProperty(v => v.State, VulnerabilityState.Resolved).SetProperty(v => v.ResolvedAt, DateTime.UtcNow));
            await db.Vulnerabilities.Where(v => v.Uuid == overriddenUuid).ExecuteUpdateAsync(u => u
                .SetProperty(v => v.Severity, 5).SetProperty(v => v.SeverityOverridden, true));
        }

        var p2 = await server.CreatePipelineAsync(Project, "main", Reports.Sha(2));
        var second = await server.UploadOkAsync(Project, p2, Reports.GitLab(Enumerable.Range(0, 1000).Concat(Enumerable.Range(1200, 100)).Select(Reports.Sast)));
        Assert.Equal(100, second["new"]!.GetValue<int>());
        Assert.Equal(1000, second["existing"]!.GetValue<int>());
        Assert.Equal(200, second["no_longer_detected"]!.GetValue<int>());

        await using (var db = server.Database.CreateContext())
        {
            var all = await db.Vulnerabilities.AsNoTracking().Where(v => v.ProjectId == projectId).ToDictionaryAsync(v => v.Uuid);
            Assert.Equal(1300, all.Count);
            var resolved = all[resolvedUuid];
            Assert.Equal(VulnerabilityState.Detected, resolved.State);
            Assert.Null(resolved.ResolvedAt);
            Assert.Equal(p2, resolved.LastSeenPipelineId);
            Assert.True(resolved.LastSeenAt >= resolved.DetectedAt);
            var overridden = all[overriddenUuid];
            Assert.Equal(5, overridden.Severity);
            Assert.Equal((int)Reports.Sast(6).Severity, overridden.ScannerSeverity);
            Assert.Equal(1100, all.Values.Count(v => v.LastSeenPipelineId == p2));
            Assert.Equal(200, all.Values.Count(v => v.NoLongerDetected && v.NoLongerDetectedAt is not null));

            var kinds = await db.Activities.AsNoTracking()
                .Where(a => a.PipelineId == p2)
                .GroupBy(a => a.Kind)
                .Select(g => new { Kind = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Kind, g => g.Count);
            Assert.Equal(100, kinds[ActivityKind.Detected]);
            Assert.Equal(1, kinds[ActivityKind.DetectedAgain]);
            Assert.Equal(200, kinds[ActivityKind.NoLongerDetected]);

            var findings = await db.Findings.AsNoTracking().Where(f => f.PipelineId == p2).ToListAsync();
            Assert.Equal(1100, findings.Count);
            Assert.All(findings, f => Assert.Equal(all[f.Uuid].Id, f.VulnerabilityId));
        }

        // The third pipeline brings the 200 back: each gets its "returned" activity and loses the flag.
        var p3 = await server.CreatePipelineAsync(Project, "main", Reports.Sha(3));
        var third = await server.UploadOkAsync(Project, p3, Reports.SastReport(1300));
        Assert.Equal(1300, third["existing"]!.GetValue<int>());
        await using (var db = server.Database.CreateContext())
        {
            Assert.Equal(200, await db.Activities.CountAsync(a => a.PipelineId == p3 && a.Kind == ActivityKind.ReturnedAfterNoLongerDetected));
            Assert.Equal(0, await db.Vulnerabilities.CountAsync(v => v.ProjectId == projectId && v.NoLongerDetected));
            Assert.Equal(0, await db.Vulnerabilities.CountAsync(v => v.ProjectId == projectId && v.NoLongerDetectedAt != null));
        }
    }
}

using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Platform.Data;
using Bulwark.Server.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>
/// Vulnerability list pages are written by hand with a JSON writer (VulnerabilityView.WriteSummary) instead of
/// serializing a dictionary per item. The bytes must be the ones the serializer made from the dictionary with the
/// server's JSON options: escaping of markup and non-ASCII text, nulls, times with and without fractions, missing
/// identifiers or location, and the cursor; for a project's list and a group's (which looks up project paths).
/// </summary>
public sealed class ListSerializationTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task List_pages_are_the_bytes_the_serializer_wrote_for_the_summaries(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }

        await DashboardTests.WithVulnerabilitiesAsync(server, "wire/a", Severity.Critical, Severity.High, Severity.Medium, Severity.Low);
        await DashboardTests.WithVulnerabilitiesAsync(server, "wire/sub/b", Severity.Info, Severity.Unknown, Severity.High);
        await using (var db = server.Database.CreateContext())
        {
            var all = await db.Vulnerabilities.OrderBy(v => v.Id).ToListAsync();
            var t = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
            for (var i = 0; i < all.Count; i++)
            {
                var v = all[i];
                switch (i % 4)
                {
                    case 0:
                        v.Title = "<script>alert('x')</script> & \"quoted\" é ü 漢字 \u2028 +";
                        v.State = VulnerabilityState.Dismissed;
                        v.DismissalReason = DismissalReason.UsedInTests;
                        v.DismissedAt = t.AddTicks(1234567);
                        v.Data = """{"identifiers":[{"type":"cwe","name":"CWE-79 <é>","value":"79"}],"location":null,"name":"x"}""";
                        break;
                    case 1:
                        v.State = VulnerabilityState.Confirmed;
                        v.ConfirmedAt = t.AddMilliseconds(500);
                        v.Data = """{"name":"no identifiers nor location"}""";
                        break;
                    case 2:
                        v.State = VulnerabilityState.Resolved;
                        v.ResolvedAt = t;
                        v.NoLongerDetected = true;
                        v.NoLongerDetectedAt = t.AddSeconds(1);
                        v.HasIssue = true;
                        v.HasSolution = true;
                        v.SeverityOverridden = true;
                        break;
                    default:
                        v.Data = """{"identifiers":[],"location":{"file":"src/a b/\u00e9.cs","start_line":3,"nested":{"x":[1,2.5,true,null,"\u003c"]}}}""";
                        break;
                }
            }

            await db.SaveChangesAsync();
        }

        var options = server.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        foreach (var url in new[]
                 {
                     "/api/v1/projects/wire%2Fa/vulnerabilities?limit=3",
                     "/api/v1/groups/wire/vulnerabilities?limit=5&sort=detected_asc",
                     "/api/v1/groups/wire/vulnerabilities?limit=50",
                 })
        {
            using var response = await server.Admin.GetAsync(url);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            using var page = JsonDocument.Parse(body);
            var ids = page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
            Assert.NotEmpty(ids);
            var next = page.RootElement.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.RootElement.GetProperty("next").GetString();

            await using var db = server.Database.CreateContext();
            var rows = await db.Vulnerabilities.AsNoTracking().Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id);
            var paths = await db.Projects.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Path);
            var expected = JsonSerializer.SerializeToUtf8Bytes(
                new { items = ids.Select(id => VulnerabilityView.Summary(rows[id], paths[rows[id].ProjectId])), next }, options);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(body));
            Assert.Equal(expected, body);
        }
    }
}

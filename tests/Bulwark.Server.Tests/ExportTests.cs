using System.Net;
using System.Net.Http.Json;
using System.Text;
using Bulwark.Platform.Data;
using Bulwark.Platform.Triage;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>The CSV export over HTTP: GitLab's columns, RFC 4180, formula injection, filters, scopes, paging.</summary>
public sealed class ExportTests(ITestOutputHelper output)
{
    private const string Project = "acme/payments";

    private static readonly string[] GitLabColumns =
    [
        "Tool", "Scanner Name", "Status", "Vulnerability", "Details", "Severity", "CVE", "CWE", "Other Identifiers",
        "Dismissed At", "Dismissed By", "Confirmed At", "Confirmed By", "Resolved At", "Resolved By", "Detected At",
        "Location", "Issues", "Activity", "Assessment", "Severity Overridden", "Comments", "Full Path", "CVSS Vectors",
        "Dismissal Reason", "Vulnerability ID", "Project Name", "Group Name",
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_export_has_GitLabs_columns_quotes_per_RFC_4180_and_neutralises_formulas(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await server.CreateProjectAsync(Project);
        var hostile = Reports.Sast(0) with
        {
            Name = "=HYPERLINK(\"https://evil.example\",\"click\")",
            Description = "Line one, with a comma\nline two with \"quotes\"",
        };
        var findings = new[] { hostile }.Concat(Enumerable.Range(1, 4).Select(Reports.Sast));
        await server.UploadOkAsync(Project, await server.CreatePipelineAsync(Project, "main", Reports.Sha(1)), Reports.GitLab(findings));
        var items = await server.ListAllAsync(Project);
        var hostileId = items.Single(i => i["title"]!.GetValue<string>().StartsWith('='))["id"]!.GetValue<long>();
        using var dismiss = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{hostileId}/dismiss",
            new { dismissal_reason = "false_positive", comment = "+1 agreed, \"quoted\"" });
        Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);
        using var note = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{hostileId}/comments", new { comment = "@channel -danger" });
        using var link = await server.Admin.PostAsJsonAsync($"/api/v1/vulnerabilities/{hostileId}/issue_links", new { url = "https://jira.example.com/browse/SEC-9" });

        using var response = await server.Admin.GetAsync($"/api/v1/projects/{Uri.EscapeDataString(Project)}/vulnerabilities/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("acme-payments_vulnerabilities_", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var rows = Csv.Parse(text);
        Assert.Equal(GitLabColumns, rows[0]);
        Assert.Equal(VulnerabilityCsvExport.Columns, rows[0]);
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(GitLabColumns.Length, r.Length));

        var row = Row(rows, hostileId);
        Assert.Equal("'=HYPERLINK(\"https://evil.example\",\"click\")", row["Vulnerability"]);
        Assert.Equal("Line one, with a comma\nline two with \"quotes\"", row["Details"]);
        Assert.Contains("\"=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\")\"", text.Replace("'=", "=", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(("sast", "dismissed", "False positive", "admin"), (row["Tool"], row["Status"], row["Dismissal Reason"], row["Dismissed By"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", row["Dismissed At"]);
        Assert.Equal("dismissed (false_positive): +1 agreed, \"quoted\"", row["Assessment"]);
        Assert.EndsWith("|admin|@channel -danger", row["Comments"], StringComparison.Ordinal);
        Assert.Equal("https://jira.example.com/browse/SEC-9", row["Issues"]);
        Assert.Equal("CWE-89", row["CWE"]);
        Assert.Contains("csharp.sql-injection", row["Other Identifiers"], StringComparison.Ordinal);
        Assert.Contains("\"file\":\"src/Payments/", row["Location"], StringComparison.Ordinal);
        Assert.Equal(("payments", "acme", "false", "false"), (row["Project Name"], row["Group Name"], row["Activity"], row["Severity Overridden"]));
        Assert.Equal($"acme/payments/-/security/vulnerabilities/{hostileId}", row["Full Path"]);
        Assert.Equal(string.Empty, row["Confirmed At"]);
    }

    [Fact]
    public async Task Cells_that_a_spreadsheet_would_evaluate_start_with_an_apostrophe()
    {
        foreach (var (value, expected) in new[]
        {
            ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "\"'\rx\""),
            ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("a\nb", "\"a\nb\""), ("1=1", "1=1"),
        })
        {
            var csv = new CsvWriter();
            csv.Cell(value);
            using var writer = new StringWriter();
            await csv.FlushToAsync(writer, CancellationToken.None);
            Assert.Equal(expected, writer.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Exports_take_the_list_filters_and_cover_a_project_a_group_recursively_or_what_the_caller_sees(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        var payments = await server.CreateProjectAsync(Project);
        await server.CreateProjectAsync("acme/core/ledger");
        await server.CreateProjectAsync("other/tool");
        await server.UploadOkAsync(Project, await server.CreatePipelineAsync(Project, "main", Reports.Sha(1)), Reports.SastReport(1200));
        await server.UploadOkAsync("acme/core/ledger", await server.CreatePipelineAsync("acme/core/ledger", "main", Reports.Sha(2)), Reports.SastReport(7));
        await server.UploadOkAsync("other/tool", await server.CreatePipelineAsync("other/tool", "main", Reports.Sha(3)), Reports.SastReport(3));

        // More rows than a page: every one exactly once, oldest (lowest id) first.
        var all = await ExportAsync(server.Admin, $"/api/v1/projects/{Uri.EscapeDataString(Project)}/vulnerabilities/export");
        Assert.Equal(1200, all.Count - 1);
        var exported = all.Skip(1).Select(r => long.Parse(r[25], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(exported.Order().Distinct(), exported);

        var critical = await ExportAsync(server.Admin, $"/api/v1/projects/{Uri.EscapeDataString(Project)}/vulnerabilities/export?severity=critical");
        Assert.Equal((await server.ListAllAsync(Project, "&severity=critical")).Count, critical.Count - 1);
        Assert.All(critical.Skip(1), r => Assert.Equal("critical", r[5]));

        var group = await ExportAsync(server.Admin, "/api/v1/groups/acme/vulnerabilities/export?report_type=sast");
        Assert.Equal(1207, group.Count - 1);
        Assert.Equal(new[] { "acme", "acme/core" }, group.Skip(1).Select(r => r[27]).Distinct().Order().ToArray());
        var instance = await ExportAsync(server.Admin, "/api/v1/vulnerabilities/export");
        Assert.Equal(1210, instance.Count - 1);

        using var reporter = await Members.AddAsync(server, "reporter", Role.Reporter, payments);
        var mine = await ExportAsync(reporter, "/api/v1/vulnerabilities/export?severity=critical");
        Assert.Equal(critical.Count, mine.Count);
        using var bad = await server.Admin.GetAsync("/api/v1/vulnerabilities/export?state=open");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var unknown = await server.Admin.GetAsync("/api/v1/groups/nope/vulnerabilities/export");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<List<string[]>> ExportAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return Csv.Parse(text);
    }

    private static Dictionary<string, string> Row(List<string[]> rows, long id)
    {
        var header = rows[0];
        var row = rows.Single(r => r[Array.IndexOf(header, "Vulnerability ID")] == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return header.Select((name, i) => (name, value: row[i])).ToDictionary(x => x.name, x => x.value);
    }

    /// <summary>A strict RFC 4180 reader: CRLF between records, quoted fields with doubled quotes.</summary>
    private static class Csv
    {
        public static List<string[]> Parse(string text)
        {
            var rows = new List<string[]>();
            var row = new List<string>();
            var cell = new StringBuilder();
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == '"' && cell.Length == 0)
                {
                    i++;
                    while (true)
                    {
                        Assert.True(i < text.Length, "unterminated quoted field");
                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                cell.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        cell.Append(text[i++]);
                    }

                    Assert.True(i == text.Length || text[i] is ',' or '\r', $"a quoted field must end at a separator (offset {i})");
                    continue;
                }

                switch (text[i])
                {
                    case ',':
                        row.Add(cell.ToString());
                        cell.Clear();
                        i++;
                        break;
                    case '\r':
                        Assert.Equal('\n', text[i + 1]);
                        row.Add(cell.ToString());
                        cell.Clear();
                        rows.Add([.. row]);
                        row.Clear();
                        i += 2;
                        break;
                    default:
                        Assert.False(text[i] is '"' or '\n', $"an unquoted field holds a quote or line feed at offset {i}");
                        cell.Append(text[i++]);
                        break;
                }
            }

            Assert.Empty(row);
            return rows;
        }
    }
}

using System.Text;
using System.Text.Json;
using Bulwark.Analyzers.Secrets.Reports;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Analyzers.Secrets.Tests.Sources;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Tests.Reports;

public sealed class GitleaksJsonReportTests
{
    private static readonly Commit HistoryCommit = new(
        "0123456789abcdef0123456789abcdef01234567", "Grace Hopper", "grace@example.com",
        new DateTimeOffset(2024, 3, 1, 14, 30, 0, TimeSpan.FromHours(2)), "Add client");

    private static Leak LeakIn(Commit commit, string? decoded = null) => new()
    {
        RuleId = "test-token",
        Description = "Test service token",
        Tags = EquatableArray.Of("test", "api"),
        Secret = SourceRules.Secret1,
        Match = $"TOKEN={SourceRules.Secret1}",
        Entropy = 4.53,
        File = "config/app.env",
        Commit = commit,
        StartLine = 3,
        EndLine = 3,
        StartColumn = 7,
        EndColumn = 34,
        Decoded = decoded,
    };

    private static JsonElement WriteOne(Finding finding)
    {
        using var buffer = new MemoryStream();
        GitleaksJsonReport.Write(buffer, [finding]);
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone()[0];
    }

    [Fact]
    public void Entries_have_exactly_gitleaks_fields_in_gitleaks_order()
    {
        var entry = WriteOne(SecretFindings.ToFinding(LeakIn(HistoryCommit)));

        Assert.Equal(
            ["RuleID", "Description", "StartLine", "EndLine", "StartColumn", "EndColumn", "Match", "Secret", "File", "SymlinkFile",
             "Commit", "Entropy", "Author", "Email", "Date", "Message", "Tags", "Fingerprint"],
            entry.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void A_history_finding_carries_its_commit_in_gitleaks_shapes_and_is_redacted()
    {
        var entry = WriteOne(SecretFindings.ToFinding(LeakIn(HistoryCommit)));

        Assert.Equal("test-token", entry.GetProperty("RuleID").GetString());
        Assert.Equal("Test service token", entry.GetProperty("Description").GetString());
        Assert.Equal(3, entry.GetProperty("StartLine").GetInt32());
        Assert.Equal(7, entry.GetProperty("StartColumn").GetInt32());
        Assert.Equal("tok_…", entry.GetProperty("Secret").GetString());
        Assert.Equal("TOKEN=tok_…", entry.GetProperty("Match").GetString());
        Assert.Equal(HistoryCommit.Sha, entry.GetProperty("Commit").GetString());
        Assert.Equal("2024-03-01T12:30:00Z", entry.GetProperty("Date").GetString());
        Assert.Equal("Grace Hopper", entry.GetProperty("Author").GetString());
        Assert.Equal(4.53, entry.GetProperty("Entropy").GetDouble(), 3);
        Assert.Equal(["test", "api"], entry.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal($"{HistoryCommit.Sha}:config/app.env:test-token:3", entry.GetProperty("Fingerprint").GetString());
    }

    [Fact]
    public void A_working_tree_finding_has_an_empty_commit_and_a_commitless_fingerprint_and_no_redact_shows_the_secret()
    {
        var entry = WriteOne(SecretFindings.ToFinding(LeakIn(Commit.WorkingTree), redact: false));

        Assert.Equal("", entry.GetProperty("Commit").GetString());
        Assert.Equal("", entry.GetProperty("Date").GetString());
        Assert.Equal(SourceRules.Secret1, entry.GetProperty("Secret").GetString());
        Assert.Equal("config/app.env:test-token:3", entry.GetProperty("Fingerprint").GetString());
    }

    [Fact]
    public void Decoded_findings_get_gitleaks_decoding_tags()
    {
        var entry = WriteOne(SecretFindings.ToFinding(LeakIn(Commit.WorkingTree, decoded: "base64,hex")));

        Assert.Equal(["test", "api", "decoded:base64", "decoded:hex", "decode-depth:2"],
            entry.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
    }

    [Fact]
    public void A_report_reads_back_field_for_field()
    {
        using var buffer = new MemoryStream();
        var finding = SecretFindings.ToFinding(LeakIn(HistoryCommit));
        GitleaksJsonReport.Write(buffer, [finding]);
        buffer.Position = 0;

        var read = Assert.Single(GitleaksJsonReport.Read(buffer));

        Assert.Equal(GitleaksJsonReport.From(finding) with { Tags = [] }, read with { Tags = [] });
        Assert.Equal(["test", "api"], read.Tags);
    }

    [Fact]
    public void Non_ascii_text_is_written_as_is()
    {
        using var buffer = new MemoryStream();
        GitleaksJsonReport.Write(buffer, [SecretFindings.ToFinding(LeakIn(HistoryCommit with { Author = "Zoë Ünal" }))]);

        Assert.Contains("Zoë Ünal", Encoding.UTF8.GetString(buffer.ToArray()), StringComparison.Ordinal);
    }
}

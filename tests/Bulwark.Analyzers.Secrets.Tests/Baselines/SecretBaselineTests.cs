using System.Text;
using Bulwark.Analyzers.Secrets.Baselines;
using Bulwark.Analyzers.Secrets.Reports;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Analyzers.Secrets.Tests.Sources;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Tests.Baselines;

public sealed class SecretBaselineTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static Leak LeakAt(string secret, int line, string file = "app.env", string sha = Sha) => new()
    {
        RuleId = "test-token",
        Description = "Test service token",
        Secret = secret,
        Match = secret,
        File = file,
        Commit = new Commit(sha),
        StartLine = line,
        EndLine = line,
        StartColumn = 1,
        EndColumn = secret.Length,
    };

    private static SecretBaseline Baseline(string json) => SecretBaseline.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static SecretBaseline GitleaksBaselineOf(bool redact, params Leak[] leaks)
    {
        using var buffer = new MemoryStream();
        GitleaksJsonReport.Write(buffer, leaks.Select(l => SecretFindings.ToFinding(l, redact)));
        return SecretBaseline.Read(new MemoryStream(buffer.ToArray()));
    }

    [Fact]
    public void A_gitleaks_baseline_hides_the_same_finding_by_fingerprint_even_redacted()
    {
        var known = LeakAt(SourceRules.Secret1, 3);
        var baseline = GitleaksBaselineOf(redact: true, known);

        Assert.Equal("gitleaks", baseline.Format);
        Assert.Equal([LeakAt(SourceRules.Secret2, 9)], baseline.NewOnly([known, LeakAt(SourceRules.Secret2, 9)]));
    }

    [Fact]
    public void An_unredacted_baseline_also_hides_the_same_secret_after_its_line_moved_or_another_commit_touched_it()
    {
        var baseline = GitleaksBaselineOf(redact: false, LeakAt(SourceRules.Secret1, 3));

        Assert.True(baseline.Contains(LeakAt(SourceRules.Secret1, 40, sha: "fedcba9876543210fedcba9876543210fedcba98")));
        Assert.False(baseline.Contains(LeakAt(SourceRules.Secret1, 40, file: "other.env")));
        Assert.False(baseline.Contains(LeakAt(SourceRules.Secret2, 3, sha: "fedcba9876543210fedcba9876543210fedcba98")));
    }

    [Fact]
    public void A_staged_finding_matches_a_history_entry_of_the_same_file_rule_and_line()
    {
        var baseline = GitleaksBaselineOf(redact: true, LeakAt(SourceRules.Secret1, 3));

        Assert.True(baseline.Contains(LeakAt(SourceRules.Secret1, 3) with { Commit = Commit.WorkingTree }));
    }

    [Fact]
    public void A_gitlab_secret_detection_report_from_gitlabs_analyzer_is_a_baseline()
    {
        var baseline = Baseline($$"""
            {
              "version": "15.2.1",
              "vulnerabilities": [
                {
                  "id": "27d2322d519c94f803ffed1cf6d14e455df97e5a0668e229eb853fdb0d277d2c",
                  "category": "secret_detection",
                  "name": "Test service token",
                  "severity": "Critical",
                  "raw_source_code_extract": "{{SourceRules.Secret1}}",
                  "scanner": { "id": "gitleaks", "name": "Gitleaks" },
                  "location": { "file": "app.env", "commit": { "sha": "{{Sha}}" }, "start_line": 3 },
                  "identifiers": [ { "type": "gitleaks_rule_id", "name": "Gitleaks rule ID test-token", "value": "test-token" } ]
                }
              ],
              "scan": { "type": "secret_detection", "status": "success" }
            }
            """);

        Assert.Equal("gitlab", baseline.Format);
        Assert.True(baseline.Contains(LeakAt(SourceRules.Secret1, 3)));
        Assert.True(baseline.Contains(LeakAt(SourceRules.Secret1, 12, sha: "fedcba9876543210fedcba9876543210fedcba98")));
        Assert.False(baseline.Contains(LeakAt(SourceRules.Secret2, 3, sha: "fedcba9876543210fedcba9876543210fedcba98")));
    }

    [Fact]
    public void Our_gitlab_report_is_matched_through_the_secret_hash_in_its_details()
    {
        var hash = SecretFindings.SecretHash("test-token", SourceRules.Secret1);
        var baseline = Baseline($$"""
            {
              "vulnerabilities": [
                {
                  "name": "Test service token",
                  "raw_source_code_extract": "tok_…",
                  "location": { "file": "app.env", "commit": { "sha": "0000000" }, "start_line": 3 },
                  "identifiers": [ { "type": "bulwark_secrets", "name": "test-token", "value": "test-token" } ],
                  "details": { "bulwark_properties": { "name": "Bulwark properties", "type": "named-list", "items": {
                    "secret": { "name": "secret", "type": "text", "value": "tok_…" },
                    "secret-hash": { "name": "secret-hash", "type": "text", "value": "{{hash}}" } } } }
                }
              ]
            }
            """);

        Assert.True(baseline.Contains(LeakAt(SourceRules.Secret1, 30)));
        Assert.False(baseline.Contains(LeakAt(SourceRules.Secret2, 30)));
    }

    [Fact]
    public void Bulwark_native_findings_are_a_baseline()
    {
        var hash = SecretFindings.SecretHash("test-token", SourceRules.Secret2);
        var baseline = Baseline($$"""
            { "findings": [ { "ruleId": "test-token",
                "location": { "file": "app.env", "startLine": 5, "commit": { "sha": "{{Sha}}" } },
                "properties": [ { "key": "secret-hash", "value": "{{hash}}" } ] } ] }
            """);

        Assert.Equal("bulwark", baseline.Format);
        Assert.True(baseline.Contains(LeakAt(SourceRules.Secret2, 5)));
        Assert.True(baseline.Contains(LeakAt(SourceRules.Secret2, 50)));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"something\": 1}")]
    [InlineData("[1, 2, 3]")]
    public void Anything_else_is_a_format_error_naming_the_file(string text)
    {
        var error = Assert.Throws<BaselineFormatException>(() => SecretBaseline.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "old.json"));

        Assert.Contains("old.json", error.Message, StringComparison.Ordinal);
    }
}

public sealed class IgnoredFingerprintsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bulwark-ignore-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Leak LeakAt(string sha, int line) => new()
    {
        RuleId = "test-token",
        Description = "Test service token",
        Secret = SourceRules.Secret1,
        Match = SourceRules.Secret1,
        File = "app.env",
        Commit = new Commit(sha),
        StartLine = line,
        EndLine = line,
        StartColumn = 1,
        EndColumn = 28,
    };

    [Fact]
    public void Fingerprints_in_either_ignore_file_are_ignored_with_or_without_a_commit()
    {
        File.WriteAllText(Path.Combine(_root, ".bulwarkignore-secrets"), "# reviewed: test fixture\napp.env:test-token:3\n");
        File.WriteAllText(Path.Combine(_root, ".gitleaksignore"), "abc123:app.env:test-token:9  # one commit only\n");

        var ignored = IgnoredFingerprints.Load(_root);

        Assert.True(ignored.Contains(LeakAt("anything", 3)));
        Assert.True(ignored.Contains(LeakAt(Commit.WorkingTreeSha, 3)));
        Assert.True(ignored.Contains(LeakAt("abc123", 9)));
        Assert.False(ignored.Contains(LeakAt("def456", 9)));
        Assert.False(ignored.Contains(LeakAt("abc123", 4)));
    }
}

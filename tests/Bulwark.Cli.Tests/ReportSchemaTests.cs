using Bulwark.Core.Tests.Reports;

namespace Bulwark.Cli.Tests;

/// <summary>The reports a real <c>bulwark scan</c> writes are valid against the official schemas.</summary>
public sealed class ReportSchemaTests : IDisposable
{
    private static readonly SchemaValidator Schemas = new();
    private readonly TempTree _tree = new();
    private readonly TempTree _out = new();

    public ReportSchemaTests()
    {
        // A small service with several kinds of leaks, as a real repository might have them.
        _tree
            .File("deploy/.env", "AWS_ACCESS_KEY_ID=AKIAZ7Q4MNR2XK5WPL3D\nSTRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc2Lq9Vx\n")
            .File("app/settings.py", "DATABASES = {'default': 'postgres://app:Vq8#zR2!pLm4@db.internal:5432/app'}\n")
            .File("web/src/api.ts", "export const client = new Api({ token: 'xoxb-2817364592-5829374651029-Qm8ZrT2vLp9XwN4cKj7HsB3e' });\n")
            .File("README.md", "# Payments service\n\nRun `make dev`.\n")
            .File("web/package.json", """{ "name": "payments-web", "version": "1.4.0", "dependencies": { "lodash": "^4.17.20" } }""")
            .File("web/package-lock.json", """
                {
                  "name": "payments-web",
                  "version": "1.4.0",
                  "lockfileVersion": 3,
                  "requires": true,
                  "packages": {
                    "": { "name": "payments-web", "version": "1.4.0", "dependencies": { "lodash": "^4.17.20" } },
                    "node_modules/lodash": {
                      "version": "4.17.20",
                      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz",
                      "integrity": "sha512-PlhdFcillOINfeV7Ni6oF1TAEayyZBoZ8bcshTHqOYJYlrqzRK5hagpagky5o4HfCzzd1TRkXPMFq6cKk9rGmA==",
                      "license": "MIT"
                    }
                  }
                }
                """);
    }

    public void Dispose()
    {
        _tree.Dispose();
        _out.Dispose();
    }

    [Fact]
    public void Every_report_written_by_a_scan_is_valid_against_its_official_schema()
    {
        var outcome = BulwarkProcess.Run(_tree.Root, "scan", _tree.Root, "--output", _out.Root);
        Assert.True(outcome.ExitCode == 0, outcome.All);

        var gitlab = File.ReadAllText(Path.Combine(_out.Root, "gl-secret-detection-report.json"));
        Assert.Contains("\"vulnerabilities\"", gitlab, StringComparison.Ordinal);
        Schemas.AssertValid(SchemaValidator.GitLab("secret-detection-report-format.json"), gitlab);
        Schemas.AssertValid(SchemaValidator.Sarif, File.ReadAllText(Path.Combine(_out.Root, "bulwark.sarif")));
        var bom = File.ReadAllText(Path.Combine(_out.Root, "bulwark.cdx.json"));
        Schemas.AssertValid(SchemaValidator.CycloneDx, bom);
        Assert.Contains("pkg:npm/lodash@4.17.20", bom, StringComparison.Ordinal);
        Schemas.AssertValid(SchemaValidator.GitLab("dependency-scanning-report-format.json"),
            File.ReadAllText(Path.Combine(_out.Root, "gl-dependency-scanning-report.json")));
    }

    [Fact]
    public void The_gitlab_report_has_findings_with_working_tree_commits()
    {
        var outcome = BulwarkProcess.Run(_tree.Root, "scan", _tree.Root, "--output", _out.Root, "--format", "gitlab");
        Assert.True(outcome.ExitCode == 0, outcome.All);
        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_out.Root, "gl-secret-detection-report.json")));
        var vulnerabilities = report.RootElement.GetProperty("vulnerabilities").EnumerateArray().ToList();
        Assert.True(vulnerabilities.Count >= 3, $"expected the planted AWS, Stripe and Postgres secrets at least; got {vulnerabilities.Count}");
        Assert.All(vulnerabilities, v => Assert.Equal("0000000", v.GetProperty("location").GetProperty("commit").GetProperty("sha").GetString()));
    }
}

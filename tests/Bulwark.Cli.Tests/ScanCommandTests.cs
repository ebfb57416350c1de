using System.Diagnostics;
using System.Text.Json;

namespace Bulwark.Cli.Tests;

/// <summary><c>bulwark scan</c> end to end, spawned as a process on real trees.</summary>
public sealed class ScanCommandTests : IDisposable
{
    // Made-up but real-shaped: AWS access key ids are AKIA + 16 chars of [A-Z2-7].
    private const string AwsKeyId = "AKIAZ7Q4MNR2XK5WPL3D";
    private const string IgnoredAwsKeyId = "AKIAQ2WERT7YUIOPL5KJ";

    private readonly TempTree _tree = new();
    private readonly TempTree _out = new();

    public ScanCommandTests()
    {
        _tree
            .File(".gitignore", "node_modules/\n*.log\n")
            .File("src/app.py", "import os\n\nDB_HOST = os.environ.get('DB_HOST', 'localhost')\n\ndef main():\n    print('hello')\n")
            .File("config/deploy.env", $"REGION=eu-west-1\nAWS_ACCESS_KEY_ID={AwsKeyId}\nLOG_LEVEL=info\n")
            .File("node_modules/pkg/index.js", $"const key = '{IgnoredAwsKeyId}';\n")
            .File("debug.log", $"leaked {IgnoredAwsKeyId}\n")
            .File("README.md", "# Demo service\n\nNothing to see here.\n");
        _tree.Bytes("assets/logo.bin", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x00, 0x0D]);
    }

    public void Dispose()
    {
        _tree.Dispose();
        _out.Dispose();
    }

    private BulwarkProcess.Outcome Scan(params string[] extra) =>
        BulwarkProcess.Run(_tree.Root, ["scan", _tree.Root, "--output", _out.Root, .. extra]);

    [Fact]
    public void Version_prints_a_version_and_exits_0()
    {
        var outcome = BulwarkProcess.Run(_tree.Root, "--version");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", outcome.StandardOutput.Trim());
    }

    [Fact]
    public void Scan_writes_every_report_format_and_exits_0_without_fail_on()
    {
        var outcome = Scan();

        Assert.True(outcome.ExitCode == 0, outcome.All);
        foreach (var name in new[] { "gl-secret-detection-report.json", "bulwark.sarif", "bulwark.cdx.json", "bulwark.json" })
        {
            Assert.True(File.Exists(Path.Combine(_out.Root, name)), $"{name} missing; output: {outcome.All}");
            Assert.Contains(name, outcome.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Planted_secret_is_found_where_it_is_and_gitignored_files_are_not_scanned()
    {
        var outcome = Scan("--format", "gitlab");
        Assert.True(outcome.ExitCode == 0, outcome.All);

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out.Root, "gl-secret-detection-report.json")));
        var locations = report.RootElement.GetProperty("vulnerabilities").EnumerateArray()
            .Select(v => v.GetProperty("location"))
            .Select(l => (File: l.GetProperty("file").GetString(), Line: l.GetProperty("start_line").GetInt32()))
            .ToList();

        Assert.Contains(("config/deploy.env", 2), locations);
        Assert.DoesNotContain(locations, l => l.File!.StartsWith("node_modules/", StringComparison.Ordinal) || l.File == "debug.log");
    }

    [Fact]
    public void A_secret_inside_an_archive_in_the_tree_is_reported_at_its_path_inside_the_archive()
    {
        _tree.Bytes("vendor/a.zip", Zip("inner/settings.properties", $"region=eu-west-1\naws.key={IgnoredAwsKeyId}\n"));

        var outcome = Scan("--analyzers", "secrets", "--format", "gitlab,json");
        Assert.True(outcome.ExitCode == 0, outcome.All);

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out.Root, "gl-secret-detection-report.json")));
        var locations = report.RootElement.GetProperty("vulnerabilities").EnumerateArray()
            .Select(v => (File: v.GetProperty("location").GetProperty("file").GetString(), Rule: v.GetProperty("identifiers")[0].GetProperty("value").GetString(),
                Line: v.GetProperty("location").GetProperty("start_line").GetInt32()))
            .ToList();
        Assert.Contains(("vendor/a.zip!inner/settings.properties", "aws-access-key-id", 2), locations);
        Assert.Contains(("config/deploy.env", "aws-access-key-id", 2), locations);
        Assert.DoesNotContain(IgnoredAwsKeyId, outcome.All, StringComparison.Ordinal);
    }

    private static byte[] Zip(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Secrets_are_redacted_in_reports_and_output_unless_no_redact()
    {
        var redacted = Scan();
        Assert.True(redacted.ExitCode == 0, redacted.All);
        Assert.DoesNotContain(AwsKeyId, redacted.All, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_out.Root))
        {
            Assert.DoesNotContain(AwsKeyId, File.ReadAllText(file), StringComparison.Ordinal);
        }

        var plain = Scan("--no-redact", "--format", "json");
        Assert.True(plain.ExitCode == 0, plain.All);
        Assert.Contains(AwsKeyId, File.ReadAllText(Path.Combine(_out.Root, "bulwark.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_on_exits_1_at_or_above_the_threshold_and_0_below_it()
    {
        var high = Scan("--fail-on", "low");
        Assert.True(high.ExitCode == 1, high.All);

        File.Delete(_tree.Path("config/deploy.env"));
        var clean = Scan("--fail-on", "low");
        Assert.True(clean.ExitCode == 0, clean.All);
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("--fail-on", "severe")]
    [InlineData("--format", "pdf")]
    [InlineData("--analyzers", "astrology")]
    [InlineData("--max-file-size", "ten")]
    public void Usage_errors_exit_2_and_name_the_option(params string[] args)
    {
        var outcome = Scan(args);
        Assert.True(outcome.ExitCode == 2, outcome.All);
        Assert.Contains(args[0].TrimStart('-').Split('-')[0], outcome.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Missing_directory_exits_2_and_names_it()
    {
        var missing = _tree.Path("does-not-exist");
        var outcome = BulwarkProcess.Run(_tree.Root, "scan", missing);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("does-not-exist", outcome.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyzers_none_walks_the_tree_without_findings()
    {
        var outcome = Scan("--analyzers", "none", "--format", "json", "--fail-on", "info");
        Assert.True(outcome.ExitCode == 0, outcome.All);
        using var native = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out.Root, "bulwark.json")));
        // Redirected output (CI logs, grep) keeps the summary on one line whatever its length.
        Assert.Contains(outcome.StandardOutput.Split('\n'), line => line.StartsWith("Scanned ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(" unreadable.", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyzers_command_lists_the_secrets_analyzer_and_its_capabilities()
    {
        var outcome = BulwarkProcess.Run(_tree.Root, "analyzers");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("secrets", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("secret_detection", outcome.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Interrupt_stops_the_scan_cleanly_and_exits_3()
    {
        // Enough files that the scan is still walking when the signal arrives.
        for (var d = 0; d < 60; d++)
        {
            var dir = _tree.Path($"bulk/d{d}");
            Directory.CreateDirectory(dir);
            for (var f = 0; f < 500; f++)
            {
                File.WriteAllText(Path.Combine(dir, $"f{f}.txt"), "token = 'not a secret at all'\n");
            }
        }

        var outcome = BulwarkProcess.Run(_tree.Root, (process, stderr) =>
        {
            // Signal only once the scan has started, so the CLI's handler is in place.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!stderr().Contains("scanning", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            Thread.Sleep(TimeSpan.FromMilliseconds(100));
            using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }, "scan", _tree.Root, "--output", _out.Root, "--format", "gitlab");

        Assert.True(outcome.ExitCode == 3, outcome.All);
        Assert.Contains("incomplete", outcome.StandardError, StringComparison.OrdinalIgnoreCase);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out.Root, "gl-secret-detection-report.json")));
        Assert.Equal("failure", report.RootElement.GetProperty("scan").GetProperty("status").GetString());
    }
}

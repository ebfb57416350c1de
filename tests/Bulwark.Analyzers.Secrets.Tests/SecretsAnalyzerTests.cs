using System.Text;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Secrets.Tests;

public sealed class SecretsAnalyzerTests : IDisposable
{
    private const string Token = "acme_live_Q7x2Kd9mVw4ZtB8nLp3cYh6dFj1sGe5R";
    private const string ValidGitHubToken = "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";
    private const string BadChecksumGitHubToken = "ghp_R7x2Kq9mVw4ZtB8nLp3cYh6dFj1sGe3gpLyF";

    private const string Config = """
        title = "test config"

        [[rules]]
        id = "acme-service-token"
        description = "Acme internal service token"
        regex = '''(?:TOKEN\s*=\s*")?\b(acme_live_[[:alnum:]]{32})\b'''
        keywords = ["acme_live"]
        tags = ["internal", "acme"]
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("bulwark-secrets-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_scan_reports_redacted_findings_with_gitleaks_fingerprints()
    {
        Write(".gitleaks.toml", Config);
        Write("src/config.py", $"# settings\nTOKEN = \"{Token}\"\n");

        var result = Scan();

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ReportType.SecretDetection, "secrets", "acme-service-token"), (finding.ReportType, finding.Analyzer, finding.RuleId));
        Assert.Equal(Identifier.Rule("secrets", "acme-service-token"), finding.PrimaryIdentifier);
        Assert.Contains(Identifier.Cwe(798), finding.Identifiers);
        Assert.Equal("Acme internal service token", finding.Name);
        Assert.Equal(new SecretLocation("src/config.py", Commit.WorkingTree, 2, 2, 1, 51), finding.Location);
        Assert.Equal("acme…", finding.GetProperty("secret"));
        Assert.Equal("TOKEN = \"acme…", finding.GetProperty("match"));
        Assert.Equal("src/config.py:acme-service-token:2", finding.GetProperty("fingerprint"));
        Assert.Equal("unchecked", finding.GetProperty("validity"));
        Assert.Equal("internal,acme", finding.GetProperty("tags"));
        Assert.True(double.Parse(finding.GetProperty("entropy")!, System.Globalization.CultureInfo.InvariantCulture) > 4);
        Assert.Null(finding.RawSourceCodeExtract);
        Assert.DoesNotContain(Token, string.Join("|", finding.Properties.Select(p => p.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public void No_redact_shows_the_secret_and_its_extract()
    {
        Write(".gitleaks.toml", Config);
        Write("a.env", $"TOKEN={Token}\n");

        var finding = Assert.Single(Scan(noRedact: true).Findings);

        Assert.Equal(Token, finding.GetProperty("secret"));
        Assert.Equal(Token, finding.RawSourceCodeExtract);
    }

    [Fact]
    public void Binary_files_are_skipped_and_counted()
    {
        Write(".gitleaks.toml", Config);
        File.WriteAllBytes(Path.Combine(_root, "blob.bin"), [0, 1, 2, .. Encoding.ASCII.GetBytes(Token)]);

        var result = Scan();

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.Walk!.BinaryFiles);
    }

    [Fact]
    public void Utf16_files_with_a_byte_order_mark_are_scanned_as_text_in_the_tree_and_in_archives()
    {
        // Windows PowerShell 5 saves scripts and Out-File output as UTF-16LE with a byte order mark.
        Write(".gitleaks.toml", Config);
        var utf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        byte[] script = [.. utf16.GetPreamble(), .. utf16.GetBytes($"Set-StrictMode -Version Latest\r\n$TOKEN = \"{Token}\"\r\n")];
        File.WriteAllBytes(Path.Combine(_root, "Set-Agent.ps1"), script);
        File.WriteAllBytes(Path.Combine(_root, "scripts.zip"), Zip(("agent/Set-Agent.ps1", script)));

        var result = Scan();

        Assert.Equal(
            [new SecretLocation("Set-Agent.ps1", Commit.WorkingTree, 2, 2, 2, 52), new SecretLocation("scripts.zip!agent/Set-Agent.ps1", Commit.WorkingTree, 2, 2, 2, 52)],
            result.Findings.Select(f => (SecretLocation)f.Location).OrderBy(l => l.File, StringComparer.Ordinal));
        Assert.Equal(0, result.Walk!.BinaryFiles);
    }

    [Fact]
    public void Invalid_utf8_around_a_secret_does_not_hide_it()
    {
        Write(".gitleaks.toml", Config);
        var bytes = new List<byte> { 0xC3, 0x28, 0xFF, (byte)'\n' };
        bytes.AddRange(Encoding.ASCII.GetBytes($"key: {Token}"));
        bytes.AddRange([0xE2, 0x82, (byte)'\n', 0xF0, 0x9F]);
        File.WriteAllBytes(Path.Combine(_root, "latin1.txt"), [.. bytes]);

        var finding = Assert.Single(Scan().Findings);

        Assert.Equal(new SecretLocation("latin1.txt", Commit.WorkingTree, 2, 2, 6, 47), finding.Location);
    }

    [Fact]
    public void Inline_allow_comments_and_ignore_files_leave_findings_out()
    {
        Write(".gitleaks.toml", Config);
        Write("allowed.py", $"TOKEN = \"{Token}\"  # gitleaks:allow\n");
        Write("ignored.py", $"TOKEN = \"{Token}\"\n");
        Write("ignored-too.py", $"\nTOKEN = \"{Token}\"\n");
        Write("kept.py", $"TOKEN = \"{Token}\"\n");
        Write(".gitleaksignore", "# reviewed: test fixtures\nignored.py:acme-service-token:1\n");
        Write(".bulwarkignore-secrets", "0000000:ignored-too.py:acme-service-token:2 # working tree commit form\nignored-too.py:acme-service-token:2\n");

        var result = Scan();

        Assert.Equal(["kept.py"], result.Findings.Select(f => ((SecretLocation)f.Location).File));
        Assert.Contains(result.Warnings, w => w.Level == WarningLevel.Info && w.Message.Contains("2 finding(s) left out", StringComparison.Ordinal));
    }

    [Fact]
    public void The_config_file_itself_is_not_scanned()
    {
        Write(".gitleaks.toml", Config + $"\n# for example {Token}\n");

        Assert.Empty(Scan().Findings);
    }

    [Fact]
    public void The_config_option_names_a_file_relative_to_the_root()
    {
        Write("security/secrets.toml", Config);
        Write("a.txt", Token);

        Assert.Single(Scan(options: new Dictionary<string, string> { ["secrets.config"] = "security/secrets.toml" }).Findings);
        Assert.Throws<SecretConfigException>(() => SecretsAnalyzerRegistration.Create(Settings(new Dictionary<string, string> { ["secrets.config"] = "missing.toml" })));
    }

    [Fact]
    public void Without_a_config_the_built_in_rules_are_used()
    {
        Assert.Same(SecretsConfig.BuiltIn, SecretsAnalyzerRegistration.LoadConfig(Settings()));
        Write(".bulwark/secrets.toml", Config);
        Assert.Equal("test config", SecretsAnalyzerRegistration.LoadConfig(Settings()).Title);
    }

    [Fact]
    public void An_invalid_config_fails_the_analyzer_creation_naming_the_file()
    {
        Write("gitleaks.toml", "[[rules]]\nid = \"bad\"\nregex = '''(?<=x)y'''\n");

        var error = Assert.Throws<SecretConfigException>(() => SecretsAnalyzerRegistration.Create(Settings()));

        Assert.Contains("gitleaks.toml", error.Message, StringComparison.Ordinal);
        Assert.Contains("bad", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checksum_failures_are_dropped_and_counted_unless_show_invalid_is_set()
    {
        var config = new SecretsConfig
        {
            Rules =
            [
                new SecretRule
                {
                    Id = "github-pat",
                    Description = "GitHub token",
                    Regex = "ghp_[A-Za-z0-9]{36}",
                    Keywords = EquatableArray.Of("ghp_"),
                    Validator = SecretValidator.GitHubChecksum,
                },
            ],
        };
        Write("tokens.txt", $"{ValidGitHubToken}\n{BadChecksumGitHubToken}\n");

        var result = Scan(config);
        Assert.Equal(["format-valid"], result.Findings.Select(f => f.GetProperty("validity")));
        Assert.Contains(result.Warnings, w => w.Message.Contains("1 hit(s) failed their format check", StringComparison.Ordinal));

        var shown = Scan(config, new Dictionary<string, string> { ["secrets.show-invalid"] = "true" });
        Assert.Equal(["format-valid", "format-invalid"], shown.Findings.Select(f => f.GetProperty("validity")));
    }

    [Fact]
    public void The_analyzer_describes_itself_for_the_catalog()
    {
        var analyzer = SecretsAnalyzerRegistration.Create(Settings());

        Assert.Equal(("secrets", ReportType.SecretDetection), (analyzer.Descriptor.Name, analyzer.Descriptor.ReportType));
        Assert.Equal(AnalyzerCapabilities.None, analyzer.Descriptor.Capabilities);
        Assert.False(analyzer.Accepts(new WorkspaceEntry(Path.Combine(_root, "yarn.lock"), "yarn.lock", 10)));
        Assert.True(analyzer.Accepts(new WorkspaceEntry(Path.Combine(_root, "a.cs"), "a.cs", 10)));

        var archive = new WorkspaceEntry(Path.Combine(_root, "lib/app.JAR"), "lib/app.JAR", 10);
        var image = new WorkspaceEntry(Path.Combine(_root, "logo.bin"), "logo.bin", 10);
        Assert.True(analyzer.AcceptsBinaryFile(archive));
        Assert.False(analyzer.AcceptsBinaryFile(image));
        Assert.Equal(128L * 1024 * 1024, analyzer.MaxFileSizeFor(archive));
        Assert.Null(analyzer.MaxFileSizeFor(image));
    }

    [Fact]
    public void Archives_in_the_tree_are_opened_and_their_entries_reported_under_the_archive_path()
    {
        Write(".gitleaks.toml", Config);
        var inner = Zip(("config/app.properties", $"name=orders\ntoken={Token}\n"));
        File.WriteAllBytes(Path.Combine(_root, "dist.zip"), Zip(("lib/orders.jar", inner)));
        using (var tar = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(tar, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            using (var writer = new System.Formats.Tar.TarWriter(gzip))
            {
                var entry = new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "etc/secrets.env")
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"\n\nTOKEN={Token}\n")),
                };
                writer.WriteEntry(entry);
            }

            File.WriteAllBytes(Path.Combine(_root, "backup.tgz"), tar.ToArray());
        }

        var result = Scan();

        Assert.Equal(
            [("backup.tgz!etc/secrets.env", 3), ("dist.zip!lib/orders.jar!config/app.properties", 2)],
            result.Findings.Select(f => ((SecretLocation)f.Location).File).Zip(result.Findings.Select(f => ((SecretLocation)f.Location).StartLine)));
        Assert.Equal(0, result.Walk!.BinaryFiles);
    }

    [Fact]
    public void A_damaged_archive_is_a_warning_naming_it_and_the_scan_goes_on()
    {
        Write(".gitleaks.toml", Config);
        File.WriteAllBytes(Path.Combine(_root, "broken.zip"), [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3]);
        Write("app.env", $"TOKEN={Token}\n");

        var result = Scan();

        Assert.Equal(["app.env"], result.Findings.Select(f => ((SecretLocation)f.Location).File));
        Assert.Contains(result.Warnings, w => w.Path == "broken.zip" && w.Message.Contains("could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public void The_analyzer_keeps_every_leak_in_full_for_front_ends_and_reports_the_rest_redacted()
    {
        Write(".gitleaks.toml", Config);
        Write("kept.py", $"TOKEN = \"{Token}\"\n");
        Write("ignored.py", $"TOKEN = \"{Token}\"\n");
        Write(".gitleaksignore", "ignored.py:acme-service-token:1\n");
        var analyzer = SecretsAnalyzerRegistration.Create(Settings());

        var result = Run(analyzer, Settings());

        Assert.Equal(["kept.py"], result.Findings.Select(f => ((SecretLocation)f.Location).File));
        Assert.Equal(["ignored.py", "kept.py"], analyzer.Leaks.Select(l => l.File).Order(StringComparer.Ordinal));
        Assert.All(analyzer.Leaks, l => Assert.Equal(Token, l.Secret));
    }

    private static byte[] Zip(params (string Name, string Text)[] entries) =>
        Zip([.. entries.Select(e => (e.Name, Encoding.UTF8.GetBytes(e.Text)))]);

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private ScanResult Scan(bool noRedact = false, Dictionary<string, string>? options = null) =>
        Run(SecretsAnalyzerRegistration.Create(Settings(options, noRedact)), Settings(options, noRedact));

    private ScanResult Scan(SecretsConfig config, Dictionary<string, string>? options = null) =>
        Run(SecretsAnalyzerRegistration.Create(Settings(options), config), Settings(options));

    private static ScanResult Run(IAnalyzer analyzer, ScanSettings settings) =>
        new ScanRunner([analyzer]).Run(new ScanOptions { Settings = settings, MaxParallelism = 2 }, ToolInfo.Bulwark("test"));

    private ScanSettings Settings(Dictionary<string, string>? options = null, bool noRedact = false) => new()
    {
        Root = _root,
        NoRedact = noRedact,
        Options = options ?? [],
    };

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}

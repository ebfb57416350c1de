using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Bulwark.Cli.Tests;

/// <summary><c>bulwark secrets detect|protect</c> end to end: the real process on real git repositories.</summary>
public sealed class SecretsCommandTests : IDisposable
{
    // Made-up but real-shaped AWS access key ids (AKIA + 16 of [A-Z2-7]).
    private const string KeyA = "AKIAZ7Q4MNR2XK5WPL3D";
    private const string KeyB = "AKIAQ2WERT7YUIOPL5KJ";
    private const string KeyC = "AKIAR3TY6UIOPLKJ7HGF";

    private readonly TempTree _repo = new();
    private readonly TempTree _out = new();
    private int _clock;

    public SecretsCommandTests() => Git("init", "-q", "-b", "main");

    public void Dispose()
    {
        _repo.Dispose();
        _out.Dispose();
    }

    private BulwarkProcess.Outcome Bulwark(params string[] args) => BulwarkProcess.Run(_repo.Root, args);

    private string Commit(string message, string author = "Ada Lovelace")
    {
        Git("add", "-A");
        GitAs(author, "commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    private JsonElement[] GitleaksReport(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(_out.Path(name)));
        return [.. document.RootElement.Clone().EnumerateArray()];
    }

    [Fact]
    public void Detect_finds_a_secret_removed_from_the_tree_in_the_commit_that_added_it_and_exits_1()
    {
        _repo.File("deploy.env", $"REGION=eu-west-1\nAWS_ACCESS_KEY_ID={KeyA}\n");
        var added = Commit("Add deploy settings", author: "Grace Hopper");
        _repo.File("deploy.env", "REGION=eu-west-1\n");
        Commit("Remove the key");

        var outcome = Bulwark("secrets", "detect", "--report-path", _out.Path("leaks.json"));

        Assert.True(outcome.ExitCode == 1, outcome.All);
        Assert.Contains("aws-access-key-id", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("deploy.env:2", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(added[..7], outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("AKIA…", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, outcome.All, StringComparison.Ordinal);

        var leak = Assert.Single(GitleaksReport("leaks.json"));
        Assert.Equal(added, leak.GetProperty("Commit").GetString());
        Assert.Equal("Grace Hopper", leak.GetProperty("Author").GetString());
        Assert.Equal("Add deploy settings", leak.GetProperty("Message").GetString());
        Assert.Equal(2, leak.GetProperty("StartLine").GetInt32());
        Assert.Equal(19, leak.GetProperty("StartColumn").GetInt32());
        Assert.Equal($"{added}:deploy.env:aws-access-key-id:2", leak.GetProperty("Fingerprint").GetString());
    }

    [Fact]
    public void The_json_report_has_gitleaks_field_names_and_no_redact_shows_the_secret()
    {
        _repo.File("a.env", $"KEY={KeyA}\n");
        Commit("Add key");

        var outcome = Bulwark("secrets", "detect", "--report-format", "gitleaks", "--report-path", _out.Path("g.json"), "--no-redact");

        Assert.True(outcome.ExitCode == 1, outcome.All);
        var leak = Assert.Single(GitleaksReport("g.json"));
        Assert.Equal(
            ["RuleID", "Description", "StartLine", "EndLine", "StartColumn", "EndColumn", "Match", "Secret", "File", "SymlinkFile",
             "Commit", "Entropy", "Author", "Email", "Date", "Message", "Tags", "Fingerprint"],
            leak.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(KeyA, leak.GetProperty("Secret").GetString());
    }

    [Fact]
    public void Log_opts_limit_detect_to_a_range()
    {
        _repo.File("old.env", $"KEY={KeyA}\n");
        Commit("Old key");
        Git("checkout", "-q", "-b", "topic");
        _repo.File("new.env", $"KEY={KeyB}\n");
        var topic = Commit("New key");

        var outcome = Bulwark("secrets", "detect", "--log-opts", "main..topic", "--report-path", _out.Path("range.json"));

        Assert.True(outcome.ExitCode == 1, outcome.All);
        var leak = Assert.Single(GitleaksReport("range.json"));
        Assert.Equal(topic, leak.GetProperty("Commit").GetString());
        Assert.Equal("new.env", leak.GetProperty("File").GetString());
    }

    [Fact]
    public void A_clean_history_exits_0_and_exit_code_sets_the_code_for_leaks()
    {
        _repo.File("readme.md", "# Nothing here\n");
        Commit("Readme");
        var clean = Bulwark("secrets", "detect");
        Assert.True(clean.ExitCode == 0, clean.All);

        _repo.File("x.env", $"K={KeyA}\n");
        Commit("Key");
        var custom = Bulwark("secrets", "detect", "--exit-code", "42");
        Assert.True(custom.ExitCode == 42, custom.All);
    }

    [Fact]
    public void Protect_staged_blocks_a_staged_secret_with_where_and_how_to_allow_it()
    {
        _repo.File("app.py", "import os\n");
        Commit("App");
        _repo.File("app.py", $"import os\nKEY = '{KeyA}'\n");
        Git("add", "app.py");

        var outcome = Bulwark("secrets", "protect", "--staged");

        Assert.True(outcome.ExitCode == 1, outcome.All);
        Assert.Contains("app.py:2", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("aws-access-key-id", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("AKIA…", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("bulwark:allow", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(".bulwarkignore-secrets", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("app.py:aws-access-key-id:2", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, outcome.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Protect_staged_passes_clean_changes_allowed_lines_and_ignored_fingerprints()
    {
        _repo.File("app.py", "import os\n");
        Commit("App");
        _repo.File("app.py", "import os\nprint('hello')\n");
        _repo.File("unstaged.env", $"K={KeyB}\n");
        Git("add", "app.py");
        var clean = Bulwark("secrets", "protect", "--staged");
        Assert.True(clean.ExitCode == 0, clean.All);

        _repo.File("fixture.py", $"KEY = '{KeyA}'  # bulwark:allow\n");
        Git("add", "fixture.py");
        var allowed = Bulwark("secrets", "protect", "--staged");
        Assert.True(allowed.ExitCode == 0, allowed.All);

        _repo.File("other.py", $"KEY = '{KeyC}'\n");
        Git("add", "other.py");
        Assert.Equal(1, Bulwark("secrets", "protect", "--staged").ExitCode);
        _repo.File(".bulwarkignore-secrets", "# reviewed\nother.py:aws-access-key-id:1\n");
        var ignored = Bulwark("secrets", "protect", "--staged");
        Assert.True(ignored.ExitCode == 0, ignored.All);
    }

    [Fact]
    public void Detect_stdin_reports_piped_text_under_stdin()
    {
        var outcome = RunWithInput($"line one\nexport AWS_ACCESS_KEY_ID={KeyB}\n",
            "secrets", "detect", "--stdin", "--report-path", _out.Path("stdin.json"));

        Assert.True(outcome.ExitCode == 1, outcome.All);
        var leak = Assert.Single(GitleaksReport("stdin.json"));
        Assert.Equal("stdin", leak.GetProperty("File").GetString());
        Assert.Equal(2, leak.GetProperty("StartLine").GetInt32());
    }

    [Fact]
    public void No_git_scans_the_directory_decoding_base64_and_opening_nested_archives()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"aws_access_key_id={KeyA}"));
        _repo.File("values.yaml", $"name: svc\nblob: {encoded}\n");
        _repo.Bytes("dist/release.zip", Zip(("lib/app.jar", Zip(("config/app.properties", Encoding.UTF8.GetBytes($"name=x\nkey={KeyB}\n"))))));

        var outcome = Bulwark("secrets", "detect", "--no-git", ".", "--report-path", _out.Path("dir.json"));

        Assert.True(outcome.ExitCode == 1, outcome.All);
        var leaks = GitleaksReport("dir.json");
        var decoded = Assert.Single(leaks, l => l.GetProperty("File").GetString() == "values.yaml");
        Assert.Equal(2, decoded.GetProperty("StartLine").GetInt32());
        Assert.Equal(7, decoded.GetProperty("StartColumn").GetInt32());
        Assert.Contains("decoded:base64", decoded.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains(leaks, l => l.GetProperty("File").GetString() == "dist/release.zip!lib/app.jar!config/app.properties"
            && l.GetProperty("StartLine").GetInt32() == 2);
        Assert.Equal("", decoded.GetProperty("Commit").GetString());
    }

    [Fact]
    public void A_baseline_report_hides_known_findings_and_new_ones_still_fail()
    {
        _repo.File("a.env", $"KEY={KeyA}\n");
        Commit("Known key");
        var first = Bulwark("secrets", "detect", "--report-path", _out.Path("baseline.json"));
        Assert.True(first.ExitCode == 1, first.All);

        var again = Bulwark("secrets", "detect", "--baseline", _out.Path("baseline.json"));
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Contains("1 already in the baseline", again.StandardError, StringComparison.Ordinal);

        _repo.File("b.env", $"KEY={KeyB}\n");
        Commit("New key");
        var after = Bulwark("secrets", "detect", "--baseline", _out.Path("baseline.json"), "--report-path", _out.Path("new.json"));
        Assert.True(after.ExitCode == 1, after.All);
        Assert.Equal("b.env", Assert.Single(GitleaksReport("new.json")).GetProperty("File").GetString());
    }

    [Fact]
    public void A_gitleaks_report_with_unredacted_secrets_baselines_a_secret_that_moved()
    {
        _repo.File("a.env", $"KEY={KeyA}\n");
        var sha = Commit("Key");
        File.WriteAllText(_out.Path("gitleaks.json"), $$"""
            [{"Description":"AWS","StartLine":1,"EndLine":1,"StartColumn":5,"EndColumn":24,"Match":"KEY={{KeyA}}","Secret":"{{KeyA}}",
              "File":"a.env","SymlinkFile":"","Commit":"{{sha}}","Entropy":3.9,"Author":"Ada Lovelace","Email":"ada@example.com",
              "Date":"2024-03-01T12:00:00Z","Message":"Key","Tags":[],"RuleID":"aws-access-key-id","Fingerprint":"{{sha}}:a.env:aws-access-key-id:1"}]
            """);
        _repo.File("a.env", $"# moved down\nREGION=eu\nKEY={KeyA}\n");
        Commit("Move the key");

        var outcome = Bulwark("secrets", "detect", "--baseline", _out.Path("gitleaks.json"));

        Assert.True(outcome.ExitCode == 0, outcome.All);
    }

    [Fact]
    public void Not_a_git_repository_is_a_usage_error_that_suggests_no_git()
    {
        using var plain = new TempTree();
        plain.File("x.txt", "hello\n");

        var outcome = BulwarkProcess.Run(plain.Root, "secrets", "detect");

        Assert.True(outcome.ExitCode == 2, outcome.All);
        Assert.Contains("not a git repository", outcome.StandardError, StringComparison.Ordinal);
        Assert.Contains("--no-git", outcome.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--report-format", "pdf")]
    [InlineData("--decode-depth", "-1")]
    [InlineData("--baseline", "missing-report.json")]
    [InlineData("--log-opts", "'unclosed")]
    public void Bad_options_exit_2_and_name_the_option(string option, string value)
    {
        Commit("Empty");

        var outcome = Bulwark("secrets", "detect", option, value);

        Assert.True(outcome.ExitCode == 2, outcome.All);
        Assert.Contains(option.TrimStart('-'), outcome.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Protect_with_an_invalid_rule_file_exits_2_naming_the_file_and_rule_even_while_git_runs()
    {
        Commit("Empty");
        _repo.File("app.env", $"KEY={KeyA}\n");
        Git("add", "app.env");
        _repo.File(".gitleaks.toml", "[[rules]]\nid = \"broken-rule\"\nregex = \"(unclosed\"\n");

        var outcome = Bulwark("secrets", "protect", "--staged");

        Assert.True(outcome.ExitCode == 2, outcome.All);
        Assert.Contains("broken-rule", outcome.StandardError, StringComparison.Ordinal);
        Assert.Contains(".gitleaks.toml", outcome.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_history_scan_prints_the_configuration_warnings_once()
    {
        // A gitleaks v7 leftover: gitleaks v8 ignores [whitelist] silently; the warning says it is not read.
        _repo.File(".gitleaks.toml", "[extend]\nuseDefault = true\n[whitelist]\nfiles = [\"^vendor/\"]\n");
        _repo.File("app.env", $"KEY={KeyA}\n");
        Commit("Add config");

        var outcome = Bulwark("secrets", "detect");

        Assert.True(outcome.ExitCode == 1, outcome.All);
        var warning = Assert.Single(outcome.StandardError.Split('\n'), l => l.Contains("unknown key 'whitelist'", StringComparison.Ordinal));
        Assert.StartsWith("warning: ", warning, StringComparison.Ordinal);
        Assert.Contains(".gitleaks.toml: top level:", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_is_reachable_by_name_and_listed_in_the_root_help()
    {
        var help = Bulwark("--help");
        Assert.True(help.ExitCode == 0, help.All);
        foreach (var command in new[] { "scan", "analyzers", "db", "deps", "secrets", "serve", "server", "upload" })
        {
            Assert.Contains(command, help.StandardOutput, StringComparison.Ordinal);
            var outcome = Bulwark(command, "--help");
            Assert.True(outcome.ExitCode == 0, $"{command}: {outcome.All}");
        }

        var typo = Bulwark("secret", "detect");
        Assert.True(typo.ExitCode == 2, typo.All);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private string Git(params string[] args) => GitAs("Ada Lovelace", args);

    private string GitAs(string author, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = _repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var date = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(_clock++).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["GIT_AUTHOR_NAME"] = author;
        info.Environment["GIT_AUTHOR_EMAIL"] = "dev@example.com";
        info.Environment["GIT_COMMITTER_NAME"] = author;
        info.Environment["GIT_COMMITTER_EMAIL"] = "dev@example.com";
        info.Environment["GIT_AUTHOR_DATE"] = date;
        info.Environment["GIT_COMMITTER_DATE"] = date;
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {stderr.Result}");
        return stdout;
    }

    /// <summary>Runs the CLI with text on its standard input (BulwarkProcess has no stdin).</summary>
    private BulwarkProcess.Outcome RunWithInput(string input, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _repo.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(BulwarkProcess.CliAssembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CI"] = "true";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "bulwark did not finish");
        return new BulwarkProcess.Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}

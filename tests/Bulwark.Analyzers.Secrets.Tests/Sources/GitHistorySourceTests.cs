using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Core;

namespace Bulwark.Analyzers.Secrets.Tests.Sources;

public sealed class GitHistorySourceTests : IDisposable
{
    private readonly GitRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private SourceScan Scan(GitHistoryOptions? options = null) =>
        new GitHistorySource(_repo.Root).Scan(SourceRules.Scanner(), options);

    [Fact]
    public void Secret_added_then_removed_is_still_found_in_the_commit_that_added_it()
    {
        _repo.Write("app.py", "import os\n\nAPI_TOKEN = \"" + SourceRules.Secret1 + "\"\n");
        var added = _repo.Commit("Add client\n\nWith a body line.", "Grace Hopper", "grace@example.com");
        _repo.Write("app.py", "import os\n\nAPI_TOKEN = os.environ['API_TOKEN']\n");
        _repo.Commit("Read token from env");

        var leak = Assert.Single(Scan().Leaks);

        Assert.Equal("test-token", leak.RuleId);
        Assert.Equal(SourceRules.Secret1, leak.Secret);
        Assert.Equal("app.py", leak.File);
        Assert.Equal(3, leak.StartLine);
        Assert.Equal(14, leak.StartColumn);
        Assert.Equal(added, leak.Commit.Sha);
        Assert.Equal("Grace Hopper", leak.Commit.Author);
        Assert.Equal("grace@example.com", leak.Commit.Email);
        Assert.Equal(GitRepo.DateOf(0), leak.Commit.Date);
        Assert.Equal("Add client\n\nWith a body line.", leak.Commit.Message);
        Assert.Equal($"{added}:app.py:test-token:3", leak.Fingerprint);
    }

    [Fact]
    public void Added_lines_keep_their_line_numbers_in_the_new_file_across_hunks()
    {
        var lines = Enumerable.Range(1, 40).Select(i => $"line {i}").ToList();
        _repo.Write("notes.txt", string.Join('\n', lines) + "\n");
        _repo.Commit("Notes");
        lines.Insert(4, $"key {SourceRules.Secret1}");
        lines.Insert(30, $"other {SourceRules.Secret2}");
        _repo.Write("notes.txt", string.Join('\n', lines) + "\n");
        var edit = _repo.Commit("Edit notes");

        var leaks = Scan().Leaks;

        Assert.Equal([(5, edit), (31, edit)], leaks.Select(l => (l.StartLine, l.Commit.Sha)).ToList());
    }

    [Fact]
    public void A_renamed_file_is_not_rescanned_and_its_new_lines_are_reported_under_the_new_path()
    {
        var body = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"SETTING_{i}=value{i}"));
        _repo.Write("config/a.env", $"TOKEN={SourceRules.Secret1}\n{body}\n");
        var first = _repo.Commit("Add config");
        _repo.Git("mv", "config/a.env", "config/b.env");
        _repo.Write("config/b.env", $"TOKEN={SourceRules.Secret1}\n{body}\nSECOND={SourceRules.Secret2}\n");
        var renamed = _repo.Commit("Rename config and add a token");

        var leaks = Scan().Leaks;

        Assert.Equal(2, leaks.Count);
        Assert.Contains(leaks, l => l.Secret == SourceRules.Secret1 && l.File == "config/a.env" && l.Commit.Sha == first && l.StartLine == 1);
        Assert.Contains(leaks, l => l.Secret == SourceRules.Secret2 && l.File == "config/b.env" && l.Commit.Sha == renamed && l.StartLine == 12);
    }

    [Fact]
    public void Binary_files_are_skipped_and_counted()
    {
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0x01 }.Concat(System.Text.Encoding.ASCII.GetBytes(SourceRules.Secret3)).ToArray();
        _repo.WriteBytes("logo.png", bytes);
        _repo.Write("readme.md", "hello\n");
        _repo.Commit("Add logo");

        var scan = Scan();

        Assert.Empty(scan.Leaks);
        Assert.Equal(1, scan.Statistics.BinaryFiles);
    }

    [Fact]
    public void A_utf16_file_with_a_byte_order_mark_added_in_history_is_scanned_as_text()
    {
        // As Windows PowerShell 5 saves a script: UTF-16LE, byte order mark, CRLF.
        var utf16 = new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        _repo.WriteBytes("Set-Agent.ps1", [.. utf16.GetPreamble(), .. utf16.GetBytes($"Set-StrictMode -Version Latest\r\n$token = \"{SourceRules.Secret1}\"\r\n")]);
        _repo.Commit("Add agent script");

        var scan = Scan();

        var leak = Assert.Single(scan.Leaks);
        Assert.Equal(("Set-Agent.ps1", 2, SourceRules.Secret1), (leak.File, leak.StartLine, leak.Secret));
        Assert.Equal(0, scan.Statistics.BinaryFiles);
    }

    [Fact]
    public void An_archive_added_or_changed_in_history_is_opened_from_its_blob()
    {
        static byte[] Zip(string name, string content)
        {
            using var buffer = new MemoryStream();
            using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            using (var writer = new StreamWriter(zip.CreateEntry(name).Open()))
            {
                writer.Write(content);
            }

            return buffer.ToArray();
        }

        _repo.WriteBytes("dist/app.jar", Zip("config/app.properties", $"name=x\ntoken={SourceRules.Secret1}\n"));
        var added = _repo.Commit("Add the build output");
        _repo.WriteBytes("dist/app.jar", Zip("config/app.properties", $"name=x\ntoken={SourceRules.Secret2}\n"));
        var changed = _repo.Commit("Rebuild");

        var leaks = new GitHistorySource(_repo.Root).Scan(SourceRules.Scanner(), new GitHistoryOptions { Archives = new ArchiveScanner() }).Leaks;

        Assert.Contains(leaks, l => l.File == "dist/app.jar!config/app.properties" && l.Commit.Sha == added && l.Secret == SourceRules.Secret1 && l.StartLine == 2);
        Assert.Contains(leaks, l => l.File == "dist/app.jar!config/app.properties" && l.Commit.Sha == changed && l.Secret == SourceRules.Secret2);
    }

    [Fact]
    public void A_merge_reports_lines_from_the_branch_once_and_lines_only_the_merge_added()
    {
        _repo.Write("base.txt", "base\n");
        _repo.Commit("Base");
        _repo.Git("checkout", "-q", "-b", "feature");
        _repo.Write("feature.txt", $"token {SourceRules.Secret1}\n");
        var feature = _repo.Commit("Feature");
        _repo.Git("checkout", "-q", "main");
        _repo.Write("main.txt", "main work\n");
        _repo.Commit("Main work");

        // An "evil merge": the merge commit itself adds a line no parent has.
        _repo.Merge("feature", "Merge feature", noCommit: true);
        _repo.Write("base.txt", $"base\nmerged {SourceRules.Secret2}\n");
        _repo.Git("add", "base.txt");
        var merge = _repo.CommitStaged("Merge feature");

        var leaks = Scan().Leaks;

        Assert.Equal(2, leaks.Count);
        Assert.Contains(leaks, l => l.Secret == SourceRules.Secret1 && l.Commit.Sha == feature && l.File == "feature.txt");
        Assert.Contains(leaks, l => l.Secret == SourceRules.Secret2 && l.Commit.Sha == merge && l.File == "base.txt" && l.StartLine == 2);
    }

    [Fact]
    public void Log_options_limit_the_scan_to_a_range()
    {
        _repo.Write("a.txt", $"old {SourceRules.Secret1}\n");
        _repo.Commit("Old secret on main");
        _repo.Git("checkout", "-q", "-b", "topic");
        _repo.Write("b.txt", $"new {SourceRules.Secret2}\n");
        var topic = _repo.Commit("New secret on topic");

        var leak = Assert.Single(Scan(new GitHistoryOptions { LogOptions = ["main..topic"] }).Leaks);

        Assert.Equal(SourceRules.Secret2, leak.Secret);
        Assert.Equal(topic, leak.Commit.Sha);
    }

    [Fact]
    public void Every_ref_is_scanned_by_default()
    {
        _repo.Write("a.txt", "a\n");
        _repo.Commit("Base");
        _repo.Git("checkout", "-q", "-b", "side");
        _repo.Write("b.txt", $"side {SourceRules.Secret2}\n");
        _repo.Commit("Side branch secret");
        _repo.Git("checkout", "-q", "main");

        Assert.Single(Scan().Leaks);
    }

    [Fact]
    public void A_directory_that_is_not_a_repository_is_a_usage_error()
    {
        using var plain = new GitRepo(init: false);

        var error = Assert.Throws<GitSourceException>(() => new GitHistorySource(plain.Root).Scan(SourceRules.Scanner()));

        Assert.True(error.IsUsageError);
        Assert.Contains("not a git repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_range_is_a_usage_error()
    {
        _repo.Write("a.txt", "a\n");
        _repo.Commit("Base");

        var error = Assert.Throws<GitSourceException>(() => Scan(new GitHistoryOptions { LogOptions = ["no-such-branch..main"] }));

        Assert.True(error.IsUsageError, error.Message);
    }

    [Fact]
    public void A_shallow_clone_is_scanned_as_far_as_it_goes_with_a_warning()
    {
        _repo.Write("a.txt", $"one {SourceRules.Secret1}\n");
        _repo.Commit("One");
        _repo.Write("b.txt", $"two {SourceRules.Secret2}\n");
        _repo.Commit("Two");
        using var clone = new GitRepo(init: false);
        clone.Git("clone", "-q", "--depth", "1", $"file://{_repo.Root}", ".");

        var scan = new GitHistorySource(clone.Root).Scan(SourceRules.Scanner());

        Assert.Contains(scan.Warnings, w => w.Message.Contains("shallow", StringComparison.Ordinal));
        Assert.Contains(scan.Leaks, l => l.Secret == SourceRules.Secret2);
    }

    [Fact]
    public void A_huge_single_line_is_cut_into_overlapping_pieces_and_every_secret_is_found_once_at_its_column()
    {
        // 600 KB on one line, pieces of 64 KB: secrets sit right across several cuts.
        var line = new char[600_000];
        Array.Fill(line, 'x');
        var columns = new[] { 10, 65_530, 131_060, 300_000, 599_970 };
        foreach (var column in columns)
        {
            line[column - 2] = ' ';
            SourceRules.Secret1.CopyTo(0, line, column - 1, SourceRules.Secret1.Length);
            line[column - 1 + SourceRules.Secret1.Length] = ' ';
        }

        _repo.Write("dist/app.min.js", "header\n" + new string(line) + "\n");
        _repo.Commit("Minified bundle");

        var leaks = Scan(new GitHistoryOptions { PieceLimit = 64 * 1024 }).Leaks;

        Assert.Equal(columns, leaks.Select(l => l.StartColumn).ToArray());
        Assert.All(leaks, l => Assert.Equal(2, l.StartLine));
    }

    [Fact]
    public void Many_lines_cut_into_pieces_keep_their_line_numbers()
    {
        var lines = Enumerable.Range(1, 20_000).Select(i => i % 4_999 == 0 ? $"k{i} {SourceRules.Secret3}" : $"value number {i} of the generated file").ToList();
        _repo.Write("big.txt", string.Join('\n', lines) + "\n");
        _repo.Commit("Big file");

        var leaks = Scan(new GitHistoryOptions { PieceLimit = 32 * 1024 }).Leaks;

        Assert.Equal([4_999, 9_998, 14_997, 19_996], leaks.Select(l => l.StartLine).ToArray());
    }
}

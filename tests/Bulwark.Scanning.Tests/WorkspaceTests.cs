using Bulwark.Core;
using Bulwark.Scanning.Tests.Fixtures;
using Bulwark.Scanning.Walk;

namespace Bulwark.Scanning.Tests;

public sealed class WorkspaceTests : IDisposable
{
    private readonly TemporaryTree _tree = new();

    // Every walk test runs on both directory readers, with and without read-ahead threads.
    public static readonly TheoryData<string, int> Walkers = new()
    {
        { "default", 0 },
        { "default", 2 },
        { "portable", 0 },
        { "portable", 2 },
    };

    public void Dispose() => _tree.Dispose();

    [Theory]
    [MemberData(nameof(Walkers))]
    public void Files_come_depth_first_in_ordinal_name_order(string reader, int readAhead)
    {
        foreach (var path in new[] { "c.txt", "b/d/e.txt", "B.txt", "a.txt", "b/c.txt", "b/a/z.txt", "b/a/y.txt", "b.txt" })
        {
            _tree.File(path);
        }

        var walked = Walk(reader, readAhead);

        Assert.Equal(["B.txt", "a.txt", "b/a/y.txt", "b/a/z.txt", "b/c.txt", "b/d/e.txt", "b.txt", "c.txt"], walked);
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void Entries_carry_full_path_relative_path_and_length(string reader, int readAhead)
    {
        _tree.File("dir/file.txt", "hello");
        var workspace = Create(reader, readAhead);

        var entry = Assert.Single(workspace.Enumerate());

        Assert.Equal(_tree.PathOf(Path.Combine("dir", "file.txt")), entry.FullPath);
        Assert.Equal("dir/file.txt", entry.RelativePath);
        Assert.Equal(5, entry.Length);
        // The walk makes the OS path on first use; the entry equals one made with it.
        var made = new WorkspaceEntry(_tree.PathOf(Path.Combine("dir", "file.txt")), "dir/file.txt", 5);
        Assert.Equal(made, entry);
        Assert.Equal(made.GetHashCode(), entry.GetHashCode());
        Assert.NotEqual(made with { }, new WorkspaceEntry("/elsewhere/dir/file.txt", "dir/file.txt", 5));
    }

    [Fact]
    public void Without_measured_sizes_the_walk_lists_the_same_files_with_unknown_lengths_and_no_bytes()
    {
        _tree.File("dir/file.txt", "hello").File("other.txt", "hi");
        var measured = Create().Enumerate().ToList();
        var workspace = Create(options: new WorkspaceOptions { MeasureSizes = false });

        var listed = workspace.Enumerate().ToList();

        Assert.Equal(measured.Select(e => e.RelativePath), listed.Select(e => e.RelativePath));
        Assert.Equal([5L, 2L], measured.Select(e => e.Length));
        if (OperatingSystem.IsLinux())
        {
            // The listing gives names and types; only the portable reader may know sizes for free.
            Assert.All(listed, e => Assert.Equal(-1, e.Length));
            Assert.Equal(0, workspace.Statistics.BytesSeen);
        }
    }

    [Fact]
    public void Large_tree_walks_identically_on_every_reader_and_thread_count()
    {
        for (var d = 0; d < 60; d++)
        {
            for (var f = 0; f < 25; f++)
            {
                _tree.File($"d{d % 7}/s{d}/n{(d * 31 + f * 17) % 50}.txt", new string('x', f));
            }
        }

        _tree.File(".gitignore", "*7.txt\n!d3/**/n17.txt\n");
        _tree.File("d2/.gitignore", "s9/\n");

        var expected = Walk("default", 0);
        Assert.NotEmpty(expected);
        foreach (var (reader, threads) in new[] { ("default", 1), ("default", 3), ("portable", 0), ("portable", 2) })
        {
            Assert.Equal(expected, Walk(reader, threads));
        }
    }

    [Fact]
    public void More_subdirectories_than_the_read_ahead_queue_holds_are_all_walked()
    {
        var count = ReadAhead.MaxPending + 100;
        for (var i = 0; i < count; i++)
        {
            _tree.File($"d{i:D5}/f");
        }

        var walked = Walk("default", 2);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"d{i:D5}/f"), walked);
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void Deeper_gitignore_overrides_shallower(string reader, int readAhead)
    {
        _tree.File(".gitignore", "*.txt\n")
            .File("sub/.gitignore", "!keep.txt\n")
            .File("a.txt").File("sub/keep.txt").File("sub/other.txt").File("sub/deeper/keep.txt");

        Assert.Equal([".gitignore", "sub/.gitignore", "sub/deeper/keep.txt", "sub/keep.txt"], Walk(reader, readAhead));
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void File_cannot_be_reincluded_when_its_parent_directory_is_excluded(string reader, int readAhead)
    {
        _tree.File(".gitignore", "build/\n!build/keep.txt\n")
            .File("build/keep.txt").File("build/out.o")
            .File("build/.gitignore", "!*\n");

        Assert.Equal([".gitignore"], Walk(reader, readAhead));
    }

    [Fact]
    public void Excluding_a_directory_contents_instead_lets_a_file_back_in()
    {
        _tree.File(".gitignore", "build/*\n!build/keep.txt\n").File("build/keep.txt").File("build/out.o");

        Assert.Equal([".gitignore", "build/keep.txt"], Walk());
    }

    [Fact]
    public void Ignore_file_that_is_itself_ignored_still_applies()
    {
        // The Linux kernel's top-level .gitignore starts with ".*" and lets its .gitignore files back in.
        _tree.File(".gitignore", ".*\n").File("sub/.gitignore", "*.o\n").File("sub/a.o").File("sub/a.c").File(".hidden");

        Assert.Equal(["sub/a.c"], Walk());
    }

    [Fact]
    public void Git_info_exclude_applies_below_every_gitignore()
    {
        _tree.Directory(".git/info")
            .File(".git/info/exclude", "*.secret\n*.tmp\n")
            .File(".gitignore", "!keep.tmp\n")
            .File("a.secret").File("b.tmp").File("keep.tmp").File("c.txt");

        Assert.Equal([".gitignore", "c.txt", "keep.tmp"], Walk());
    }

    [Fact]
    public void Gitignore_is_not_applied_when_turned_off()
    {
        _tree.Directory(".git/info").File(".git/info/exclude", "*.a\n").File(".gitignore", "*.b\n").File("x.a").File("x.b");

        var walked = Walk(options: new WorkspaceOptions { RespectGitIgnore = false });

        Assert.Equal([".gitignore", "x.a", "x.b"], walked);
    }

    [Fact]
    public void Bulwarkignore_excludes_at_any_level()
    {
        _tree.File(".bulwarkignore", "fixtures/\n")
            .File("src/.bulwarkignore", "*.snap\n")
            .File("fixtures/fake-key.pem").File("src/a.cs").File("src/a.snap").File("b.snap");

        Assert.Equal([".bulwarkignore", "b.snap", "src/.bulwarkignore", "src/a.cs"], Walk());
    }

    [Fact]
    public void Bulwarkignore_negation_outranks_gitignore()
    {
        // Scans may want what git does not track, such as a local .env file.
        _tree.File(".gitignore", ".env\n*.log\n").File(".bulwarkignore", "!.env\n").File(".env").File("a.log");

        Assert.Equal([".bulwarkignore", ".env", ".gitignore"], Walk());
    }

    [Fact]
    public void Bulwarkignore_is_not_applied_when_turned_off()
    {
        _tree.File(".bulwarkignore", "*.txt\n").File("a.txt");

        Assert.Equal([".bulwarkignore", "a.txt"], Walk(options: new WorkspaceOptions { RespectBulwarkIgnore = false }));
    }

    [Fact]
    public void Exclude_option_uses_gitignore_syntax_relative_to_the_root()
    {
        _tree.File("vendor/lib.js").File("src/vendor/own.js").File("docs/a.md").File("docs/deep/b.md").File("README.md")
            .File("src/keep.log").File("src/drop.log");
        var options = new WorkspaceOptions { Excludes = ["/vendor/", "docs/*.md", "*.log", "!keep.log"] };

        Assert.Equal(["README.md", "docs/deep/b.md", "src/keep.log", "src/vendor/own.js"], Walk(options: options));
    }

    [Fact]
    public void Exclude_option_outranks_ignore_files()
    {
        _tree.File(".gitignore", "!*.log\n").File("a.log");

        Assert.Equal([".gitignore"], Walk(options: new WorkspaceOptions { Excludes = ["*.log"] }));
    }

    [Fact]
    public void Exclude_negation_lets_back_in_what_an_ignore_file_leaves_out()
    {
        _tree.File(".gitignore", "*.log\n").File(".bulwarkignore", "*.tmp\n").File("keep.log").File("drop.log").File("keep.tmp");

        var walked = Walk(options: new WorkspaceOptions { Excludes = ["!keep.log", "!keep.tmp"] });

        Assert.Equal([".bulwarkignore", ".gitignore", "keep.log", "keep.tmp"], walked);
    }

    [Fact]
    public void Deeper_bulwarkignore_overrides_shallower()
    {
        _tree.File(".bulwarkignore", "*.snap\n").File("sub/.bulwarkignore", "!keep.snap\n")
            .File("a.snap").File("keep.snap").File("sub/keep.snap").File("sub/other.snap");

        Assert.Equal([".bulwarkignore", "sub/.bulwarkignore", "sub/keep.snap"], Walk());
    }

    [Fact]
    public void A_source_outranks_a_weaker_one_however_deep_the_weaker_file_is()
    {
        // The root .bulwarkignore decides before any .gitignore is asked, even one deeper down.
        _tree.File(".bulwarkignore", "*.tmp\n!*.log\n")
            .File("sub/.gitignore", "!*.tmp\n*.log\n")
            .File("sub/a.tmp").File("sub/a.log").File("sub/a.c");

        Assert.Equal([".bulwarkignore", "sub/.gitignore", "sub/a.c", "sub/a.log"], Walk());
    }

    [Fact]
    public void Gitignore_applies_without_a_git_directory()
    {
        _tree.File(".gitignore", "*.o\n").File("a.o").File("a.c");

        Assert.Equal([".gitignore", "a.c"], Walk());
    }

    [Fact]
    public void Ignore_files_above_the_scanned_directory_are_not_read()
    {
        _tree.Directory(".git/info").File(".git/info/exclude", "*.h\n").File(".gitignore", "*.c\n").File(".bulwarkignore", "*.txt\n")
            .File("src/a.c").File("src/a.h").File("src/a.txt");

        var walked = new Workspace(_tree.PathOf("src")).Enumerate().Select(e => e.RelativePath);

        Assert.Equal(["a.c", "a.h", "a.txt"], walked);
    }

    [Fact]
    public void Hidden_files_and_directories_are_walked()
    {
        _tree.File(".env", "TOKEN=x").File(".config/app.json").File("a.txt");

        Assert.Equal([".config/app.json", ".env", "a.txt"], Walk());
    }

    [Fact]
    public void Patterns_are_case_sensitive()
    {
        _tree.File(".gitignore", "*.LOG\nBuild/\n").File("a.log").File("b.LOG").File("build/x").File("Build/y");

        Assert.Equal([".gitignore", "a.log", "build/x"], Walk());
    }

    [Fact]
    public void An_ignore_file_that_cannot_be_read_is_a_warning_and_its_rules_are_not_applied()
    {
        // A directory named .gitignore cannot be read as a file (whoever runs the test, root included).
        _tree.Directory(".gitignore").File("sub/.bulwarkignore/x").File("a.log").File("sub/b.log");
        var workspace = new Workspace(_tree.Root);

        var walked = workspace.Enumerate().Select(e => e.RelativePath).ToList();

        Assert.Equal(["a.log", "sub/.bulwarkignore/x", "sub/b.log"], walked);
        Assert.Equal([".gitignore", "sub/.bulwarkignore"], workspace.Warnings.Select(w => w.Path));
        Assert.All(workspace.Warnings, w =>
        {
            Assert.Equal(WarningLevel.Warning, w.Level);
            Assert.StartsWith("cannot read ignore file, its rules are not applied: ", w.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void Git_directory_and_git_file_are_never_entered(string reader, int readAhead)
    {
        _tree.File(".git/HEAD", "ref: refs/heads/main").File(".git/objects/ab/cdef").File("sub/.git", "gitdir: ../.git/modules/sub")
            .File("sub/code.c").File("a.txt");

        Assert.Equal(["a.txt", "sub/code.c"], Walk(reader, readAhead));
    }

    [Fact]
    public void Nested_repository_starts_its_own_gitignore_chain()
    {
        _tree.File(".gitignore", "*.c\n").File("a.c")
            .Directory("nested/.git/info").File("nested/.git/info/exclude", "*.h\n").File("nested/b.c").File("nested/b.h");

        Assert.Equal([".gitignore", "nested/b.c"], Walk());
    }

    [Fact]
    public void Submodule_with_a_git_file_starts_its_own_gitignore_chain()
    {
        _tree.File(".gitignore", "*.c\n").File("a.c").File("module/.git", "gitdir: ../.git/modules/module").File("module/b.c");

        Assert.Equal([".gitignore", "module/b.c"], Walk());
    }

    [Fact]
    public void Nested_repository_does_not_inherit_the_outer_info_exclude_but_keeps_bulwarkignore_and_excludes()
    {
        _tree.Directory(".git/info").File(".git/info/exclude", "*.h\n")
            .File(".bulwarkignore", "*.snap\n")
            .Directory("nested/.git").File("nested/.gitignore", "*.o\n")
            .File("nested/a.h").File("nested/a.snap").File("nested/a.o").File("nested/a.tmp").File("nested/a.c");

        var walked = Walk(options: new WorkspaceOptions { Excludes = ["*.tmp"] });

        Assert.Equal([".bulwarkignore", "nested/.gitignore", "nested/a.c", "nested/a.h"], walked);
    }

    [Fact]
    public void Outer_rules_still_decide_whether_a_nested_repository_is_walked()
    {
        _tree.File(".gitignore", "vendor/\n").Directory("vendor/lib/.git").File("vendor/lib/a.c").File("b.c");

        Assert.Equal([".gitignore", "b.c"], Walk());
    }

    [Fact]
    public void Byte_order_mark_is_not_part_of_the_first_pattern()
    {
        _tree.File(".gitignore", "\uFEFFsecret.txt\n").File("secret.txt");

        Assert.Equal([".gitignore"], Walk());
    }

    [UnixFact]
    public void Symlink_inside_the_root_is_followed_under_the_link_path()
    {
        _tree.File("real/a.txt", "hello").Symlink("dirlink", "real").Symlink("filelink", "real/a.txt");
        var workspace = new Workspace(_tree.Root);

        var entries = workspace.Enumerate().ToList();

        Assert.Equal(["dirlink/a.txt", "filelink", "real/a.txt"], entries.Select(e => e.RelativePath));
        Assert.All(entries, e => Assert.Equal(5, e.Length));
        Assert.Equal(_tree.PathOf("dirlink/a.txt"), entries[0].FullPath);
        Assert.Empty(workspace.Warnings);
    }

    [UnixFact]
    public void Symlink_loop_is_reported_once_and_the_walk_finishes()
    {
        _tree.File("a/file.txt").Symlink("a/up", "..").Symlink("a/self", ".")
            .File("x/f").Symlink("x/toy", "../y").File("y/g").Symlink("y/tox", "../x");
        var workspace = new Workspace(_tree.Root);

        var walked = workspace.Enumerate().Select(e => e.RelativePath).ToList();

        Assert.Equal(["a/file.txt", "x/f", "x/toy/g", "y/g", "y/tox/f"], walked);
        Assert.Equal(["a/self", "a/up", "x/toy/tox", "y/tox/toy"], workspace.Warnings.Select(w => w.Path));
        Assert.All(workspace.Warnings, w =>
        {
            Assert.Equal(WarningLevel.Info, w.Level);
            Assert.Contains("loop", w.Message, StringComparison.Ordinal);
        });
    }

    [UnixFact]
    public void Symlink_leading_outside_the_root_is_not_followed()
    {
        using var outside = new TemporaryTree();
        outside.File("private/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----");
        _tree.File("inside.txt").Symlink("out", outside.PathOf("private")).Symlink("outfile", outside.PathOf("private/id_rsa"))
            .Symlink("sneaky", "../" + Path.GetFileName(outside.Root));
        var workspace = new Workspace(_tree.Root);

        var walked = workspace.Enumerate().Select(e => e.RelativePath).ToList();

        Assert.Equal(["inside.txt"], walked);
        Assert.Equal(["out", "outfile", "sneaky"], workspace.Warnings.Select(w => w.Path));
        Assert.All(workspace.Warnings, w => Assert.Contains("outside the scanned root", w.Message, StringComparison.Ordinal));
        Assert.Equal(0, workspace.Statistics.UnreadableFiles);
    }

    [UnixFact]
    public void Root_reached_through_a_symlink_still_follows_links_inside_it()
    {
        _tree.File("project/src/a.txt").Symlink("project/link", "src").Symlink("alias", "project");

        var walked = new Workspace(_tree.PathOf("alias")).Enumerate().Select(e => e.RelativePath);

        Assert.Equal(["link/a.txt", "src/a.txt"], walked);
    }

    [UnixFact]
    public void Dangling_symlink_is_a_warning_naming_the_path_and_the_os_error()
    {
        _tree.File("ok.txt").Symlink("broken", "nowhere");
        var workspace = new Workspace(_tree.Root);

        var walked = workspace.Enumerate().Select(e => e.RelativePath).ToList();

        Assert.Equal(["ok.txt"], walked);
        var warning = Assert.Single(workspace.Warnings);
        Assert.Equal("broken", warning.Path);
        Assert.Equal(WarningLevel.Warning, warning.Level);
        Assert.Contains("No such file or directory", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, workspace.Statistics.UnreadableFiles);
    }

    [UnixFact]
    public void Ignored_dangling_symlink_is_not_a_warning()
    {
        _tree.File(".gitignore", "broken\n").Symlink("broken", "nowhere");
        var workspace = new Workspace(_tree.Root);

        _ = workspace.Enumerate().ToList();

        Assert.Empty(workspace.Warnings);
    }

    [LinuxFact]
    public void Named_pipe_is_skipped_with_a_notice_instead_of_blocking_the_scan()
    {
        _tree.File("a.txt").Fifo("pipe");
        var workspace = new Workspace(_tree.Root);

        var walked = workspace.Enumerate().Select(e => e.RelativePath).ToList();

        Assert.Equal(["a.txt"], walked);
        var warning = Assert.Single(workspace.Warnings);
        Assert.Equal("pipe", warning.Path);
        Assert.Equal(WarningLevel.Info, warning.Level);
    }

    [LinuxFact]
    public void Socket_is_skipped_with_a_notice()
    {
        _tree.File("a.txt");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream,
            System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(_tree.PathOf("agent.sock")));
        var workspace = new Workspace(_tree.Root);

        var walked = workspace.Enumerate().Select(e => e.RelativePath).ToList();

        Assert.Equal(["a.txt"], walked);
        var warning = Assert.Single(workspace.Warnings);
        Assert.Equal("agent.sock", warning.Path);
        Assert.Equal(WarningLevel.Info, warning.Level);
        Assert.Equal(new WalkStatistics(1, 1, 0, 0, 0, 0), workspace.Statistics);
    }

    [LinuxFact]
    public void Symlink_to_a_named_pipe_is_skipped_with_a_notice()
    {
        _tree.File("a.txt").Fifo("pipe").Symlink("link", "pipe");
        var workspace = new Workspace(_tree.Root);

        var walked = workspace.Enumerate().Select(e => e.RelativePath).ToList();

        Assert.Equal(["a.txt"], walked);
        Assert.Equal(["link", "pipe"], workspace.Warnings.Select(w => w.Path));
        Assert.All(workspace.Warnings, w => Assert.Equal(WarningLevel.Info, w.Level));
        Assert.Contains("symbolic link to a pipe", workspace.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, workspace.Statistics.UnreadableFiles);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("portable")]
    public void Directory_removed_during_the_walk_is_a_warning_naming_it(string reader)
    {
        // Without read-ahead, "b" is opened only when the walk reaches it, after "a.txt" was handed out.
        _tree.File("a.txt").File("b/c.txt").File("d.txt");
        var workspace = Create(reader, readAhead: 0);
        var walked = new List<string>();

        foreach (var entry in workspace.Enumerate())
        {
            walked.Add(entry.RelativePath);
            if (entry.RelativePath == "a.txt")
            {
                Directory.Delete(_tree.PathOf("b"), recursive: true);
            }
        }

        Assert.Equal(["a.txt", "d.txt"], walked);
        var warning = Assert.Single(workspace.Warnings);
        Assert.Equal("b", warning.Path);
        Assert.StartsWith("cannot read directory: ", warning.Message, StringComparison.Ordinal);
        Assert.True(warning.Message.Length > "cannot read directory: ".Length, "the OS error is named");
        Assert.Equal(1, workspace.Statistics.UnreadableFiles);
    }

    [Fact]
    public void Missing_root_is_a_warning_not_an_exception()
    {
        var workspace = new Workspace(_tree.PathOf("does-not-exist"));

        Assert.Empty(workspace.Enumerate());
        Assert.Equal(".", Assert.Single(workspace.Warnings).Path);
    }

    [Fact]
    public void Statistics_count_files_bytes_and_ignored_entries()
    {
        _tree.File(".gitignore", "*.log\nbuild/\n").File("a.txt", "12345").File("b/c.txt", "123").File("x.log")
            .File("build/1.o").File("build/2.o");
        var workspace = new Workspace(_tree.Root);

        _ = workspace.Enumerate().ToList();

        // .gitignore (13 bytes) + a.txt + b/c.txt; x.log and build/ are two ignored entries.
        Assert.Equal(new WalkStatistics(3, 13 + 5 + 3, 2, 0, 0, 0), workspace.Statistics);
    }

    [Fact]
    public void A_second_walk_starts_from_fresh_counts()
    {
        _tree.File("a.txt");
        var workspace = new Workspace(_tree.Root);

        _ = workspace.Enumerate().ToList();
        _ = workspace.Enumerate().ToList();

        Assert.Equal(1, workspace.Statistics.FilesSeen);
    }

    [Fact]
    public void Cancellation_stops_the_walk()
    {
        _tree.File("a.txt").File("b.txt");
        using var cancellation = new CancellationTokenSource();
        var workspace = new Workspace(_tree.Root);

        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var _ in workspace.Enumerate(cancellation.Token))
            {
                cancellation.Cancel();
            }
        });
    }

    [Fact]
    public void Stopping_early_releases_the_read_ahead_threads()
    {
        for (var i = 0; i < 50; i++)
        {
            _tree.File($"d{i}/f.txt");
        }

        var first = new Workspace(_tree.Root, new WorkspaceOptions { ReadAheadThreads = 2 }).Enumerate().First();

        Assert.Equal("d0/f.txt", first.RelativePath);
    }

    private Workspace Create(string reader = "default", int? readAhead = null, WorkspaceOptions? options = null)
    {
        options ??= new WorkspaceOptions();
        options = options with { ReadAheadThreads = readAhead ?? options.ReadAheadThreads };
        return reader == "portable"
            ? new Workspace(_tree.Root, options, new PortableDirectoryReader())
            : new Workspace(_tree.Root, options);
    }

    private List<string> Walk(string reader = "default", int? readAhead = null, WorkspaceOptions? options = null) =>
        Create(reader, readAhead, options).Enumerate().Select(e => e.RelativePath).ToList();
}

using System.Collections.Concurrent;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Tests.Fixtures;

namespace Bulwark.Scanning.Tests;

/// <summary>How the runner hands files to analyzers: which files, in which form, under which size cap.</summary>
public sealed class ScanRunnerTests : IDisposable
{
    private const long TextCap = 1024;

    private readonly TemporaryTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Binary_files_are_handed_only_to_analyzers_that_accept_them_by_name()
    {
        Bytes("bundle.zip", 40);
        Bytes("image.bin", 40);
        _tree.File("notes.txt", "plain text");
        var archives = new RecordingAnalyzer("archives", binaryExtension: ".zip");
        var text = new RecordingAnalyzer("text");

        var result = Run(archives, text);

        Assert.Equal(["bundle.zip", "notes.txt"], archives.Seen.Keys.Order(StringComparer.Ordinal));
        Assert.True(archives.Seen["bundle.zip"]);
        Assert.Equal(["notes.txt"], text.Seen.Keys);
        Assert.Equal(1, result.Walk!.BinaryFiles);
    }

    [Fact]
    public void An_analyzer_may_read_chosen_files_above_the_scan_cap_and_other_files_stay_capped()
    {
        Bytes("big.zip", (int)TextCap * 4);
        _tree.File("big.txt", new string('a', (int)TextCap * 2));
        _tree.File("huge.zip.txt", new string('a', (int)TextCap * 2));
        Bytes("too-big.zip", (int)TextCap * 9);
        var archives = new RecordingAnalyzer("archives", binaryExtension: ".zip", largerCap: TextCap * 8);

        var result = Run(archives);

        Assert.Equal(["big.zip"], archives.Seen.Keys);
        Assert.Equal(3, result.Walk!.OversizedFiles);
        Assert.Contains(result.Warnings, w => w.Path == "too-big.zip" && w.Message.Contains("size cap", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Path == "big.txt" && w.Message.Contains("size cap", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_is_read_once_and_offered_under_each_analyzers_own_cap()
    {
        Bytes("mid.zip", (int)TextCap * 2);
        var archives = new RecordingAnalyzer("archives", binaryExtension: ".zip", largerCap: TextCap * 8);
        var capped = new RecordingAnalyzer("capped", binaryExtension: ".zip");

        var result = Run(archives, capped);

        Assert.Equal(["mid.zip"], archives.Seen.Keys);
        Assert.Empty(capped.Seen);
        Assert.Equal(0, result.Walk!.OversizedFiles);
        Assert.Equal(1, result.Analyzers.Single(a => a.Name == "archives").FilesAnalyzed);
    }

    [Fact]
    public void A_file_at_the_cap_is_read_and_one_byte_more_is_skipped_and_counted()
    {
        _tree.File("at-cap.txt", new string('a', (int)TextCap));
        _tree.File("over-cap.txt", new string('a', (int)TextCap + 1));
        var text = new RecordingAnalyzer("text");

        var result = Run(text);

        Assert.Equal(["at-cap.txt"], text.Seen.Keys);
        Assert.Equal(1, result.Walk!.OversizedFiles);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("over-cap.txt", WarningLevel.Info), (warning.Path, warning.Level));
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_counted_with_a_warning_naming_it_and_the_scan_goes_on()
    {
        _tree.File("a.txt").File("gone.txt").File("z.txt");
        // Deleted after the walk listed it and before the runner opens it.
        var text = new RecordingAnalyzer("text", beforeRead: entry =>
        {
            if (entry.RelativePath == "gone.txt")
            {
                File.Delete(entry.FullPath);
            }
        });

        var result = Run(text);

        Assert.Equal(["a.txt", "z.txt"], text.Seen.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, result.Walk!.UnreadableFiles);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("gone.txt", WarningLevel.Warning), (warning.Path, warning.Level));
        Assert.StartsWith("could not read file: ", warning.Message, StringComparison.Ordinal);
        Assert.True(result.Completed);
    }

    [Fact]
    public void Without_analyzers_no_file_is_opened_so_nothing_is_read_or_counted_binary_oversized_or_unreadable()
    {
        Bytes("image.bin", 40);
        _tree.File("big.txt", new string('a', (int)TextCap * 2));

        var result = Run();

        Assert.Equal(new WalkStatistics(2, 0, 0, 0, 0, 0), result.Walk);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Bytes_seen_are_the_sizes_of_the_files_opened_for_an_analyzer_oversized_ones_included()
    {
        _tree.File("a.txt", new string('a', 100));
        _tree.File("b.txt", new string('b', 300));
        _tree.File("big.txt", new string('c', (int)TextCap + 1));
        Bytes("skipped.zip", 40);
        var text = new RecordingAnalyzer("text", accepts: entry => entry.RelativePath.EndsWith(".txt", StringComparison.Ordinal));

        var result = Run(text);

        Assert.Equal(["a.txt", "b.txt"], text.Seen.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(4, result.Walk!.FilesSeen);
        Assert.Equal(100 + 300 + TextCap + 1, result.Walk.BytesSeen);
        Assert.Equal(1, result.Walk.OversizedFiles);
    }

    [Fact]
    public void The_size_cap_applies_to_the_size_a_file_has_when_it_is_read_not_when_it_was_listed()
    {
        _tree.File("grows.txt", "small").File("stays.txt", "small");
        // Grows past the cap after the walk listed it and before the runner opens it.
        var text = new RecordingAnalyzer("text", beforeRead: entry =>
        {
            if (entry.RelativePath == "grows.txt")
            {
                File.AppendAllText(entry.FullPath, new string('x', (int)TextCap));
            }
        });

        var result = Run(text);

        Assert.Equal(["stays.txt"], text.Seen.Keys);
        Assert.Equal(1, result.Walk!.OversizedFiles);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("grows.txt", warning.Path);
        Assert.Equal($"skipped: {TextCap + 5} bytes is over the size cap", warning.Message);
    }

    private ScanResult Run(params IAnalyzer[] analyzers) =>
        new ScanRunner(analyzers).Run(
            new ScanOptions { Settings = new ScanSettings { Root = _tree.Root, MaxFileSize = TextCap }, MaxParallelism = 2 },
            ToolInfo.Bulwark("test"));

    /// <summary>A file whose head has NUL bytes, as archives and images do.</summary>
    private void Bytes(string relative, int length)
    {
        var content = new byte[length];
        for (var i = 0; i < length; i++)
        {
            content[i] = (byte)(i % 7 == 0 ? 0 : 'a' + (i % 26));
        }

        File.WriteAllBytes(_tree.PathOf(relative), content);
    }

    /// <summary>Records which files it was given and whether their content was binary.</summary>
    private sealed class RecordingAnalyzer(string name, string? binaryExtension = null, long? largerCap = null,
        Action<WorkspaceEntry>? beforeRead = null, Func<WorkspaceEntry, bool>? accepts = null)
        : IAnalyzer
    {
        public ConcurrentDictionary<string, bool> Seen { get; } = new(StringComparer.Ordinal);

        public AnalyzerDescriptor Descriptor { get; } = new(name, "1", "records files", ReportType.SecretDetection, "any");

        private bool Chosen(WorkspaceEntry entry) =>
            binaryExtension is not null && entry.RelativePath.EndsWith(binaryExtension, StringComparison.Ordinal);

        public long? MaxFileSizeFor(WorkspaceEntry entry) => Chosen(entry) ? largerCap : null;

        public bool AcceptsBinaryFile(WorkspaceEntry entry) => Chosen(entry);

        public bool Accepts(WorkspaceEntry entry)
        {
            beforeRead?.Invoke(entry);
            return accepts?.Invoke(entry) ?? true;
        }

        public void Analyze(FileContent file, AnalysisContext context) => Seen[file.Entry.RelativePath] = file.IsBinary;
    }
}

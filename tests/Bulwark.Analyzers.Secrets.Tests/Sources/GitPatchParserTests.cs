using System.Text;
using Bulwark.Analyzers.Secrets.Sources;

namespace Bulwark.Analyzers.Secrets.Tests.Sources;

public sealed class GitPatchParserTests
{
    private const string Stream =
        "\0aaaa1111\0Ada Lovelace\0ada@example.com\02024-03-01T12:00:00+00:00\0Subject line\n\ndiff --git a/x b/x\nbody\n\0\n" +
        "\n" +
        "diff --git a/src/app.py b/src/app.py\n" +
        "index 1111111..2222222 100644\n" +
        "--- a/src/app.py\n" +
        "+++ b/src/app.py\n" +
        "@@ -3,0 +4,2 @@ def main():\n" +
        "+first added\r\n" +
        "+++ looks like a header but is content\n" +
        "@@ -10 +12 @@\n" +
        "-removed line\n" +
        "+replacement\n" +
        "\\ No newline at end of file\n" +
        "diff --git a/old name.txt b/new name.txt\n" +
        "similarity index 90%\n" +
        "rename from old name.txt\n" +
        "rename to new name.txt\n" +
        "--- a/old name.txt\n" +
        "+++ b/new name.txt\n" +
        "@@ -1,0 +2 @@\n" +
        "+renamed edit\n" +
        "diff --git a/logo.png b/logo.png\n" +
        "new file mode 100644\n" +
        "index 0000000..3333333\n" +
        "Binary files /dev/null and b/logo.png differ\n" +
        "diff --git \"a/caf\\303\\251.txt\" \"b/caf\\303\\251.txt\"\n" +
        "--- \"a/caf\\303\\251.txt\"\n" +
        "+++ \"b/caf\\303\\251.txt\"\n" +
        "@@ -0,0 +1 @@\n" +
        "+unicode path\n" +
        "\0bbbb2222\0Grace Hopper\0grace@example.com\02024-03-02T12:00:00+00:00\0Merge branch\0\n" +
        "\n" +
        "diff --cc merged.txt\n" +
        "index 4444444,5555555..6666666\n" +
        "--- a/merged.txt\n" +
        "+++ b/merged.txt\n" +
        "@@@ -1,1 -1,1 +1,3 @@@\n" +
        "- ours\n" +
        " -theirs\n" +
        "++evil line\n" +
        "+ from theirs\n" +
        " +from ours\n";

    [Fact]
    public void Reports_commits_files_binaries_and_added_lines_with_new_file_line_numbers()
    {
        var events = Parse(Encoding.UTF8.GetBytes(Stream), pieceSize: int.MaxValue);

        Assert.Equal(
        [
            "commit aaaa1111|Ada Lovelace|ada@example.com|2024-03-01T12:00:00+00:00|Subject line\n\ndiff --git a/x b/x\nbody",
            "file src/app.py",
            "4: first added",
            "5: ++ looks like a header but is content",
            "12: replacement",
            "end",
            "file new name.txt",
            "2: renamed edit",
            "end",
            "binary logo.png",
            "file café.txt",
            "1: unicode path",
            "end",
            "commit bbbb2222|Grace Hopper|grace@example.com|2024-03-02T12:00:00+00:00|Merge branch",
            "file merged.txt",
            "1: evil line",
            "end",
        ], events);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(64)]
    public void Gives_the_same_events_whatever_pieces_the_stream_arrives_in(int pieceSize)
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);

        Assert.Equal(Parse(bytes, int.MaxValue), Parse(bytes, pieceSize));
    }

    private static List<string> Parse(byte[] bytes, int pieceSize)
    {
        var sink = new RecordingSink();
        var parser = new GitPatchParser(sink);
        for (var i = 0; i < bytes.Length; i += pieceSize)
        {
            parser.Feed(bytes.AsSpan(i, Math.Min(pieceSize, bytes.Length - i)));
        }

        parser.Complete();
        return sink.Events;
    }

    private sealed class RecordingSink : IPatchSink
    {
        private readonly List<byte> _line = [];
        private int _lineNumber;

        public List<string> Events { get; } = [];

        public void OnCommit(CommitHeader commit) =>
            Events.Add($"commit {commit.Sha}|{commit.Author}|{commit.Email}|{commit.Date}|{commit.Message}");

        public void OnFile(string path) => Events.Add($"file {path}");

        public void OnBinaryFile(string path) => Events.Add($"binary {path}");

        public void OnAddedLineStart(int lineNumber)
        {
            _lineNumber = lineNumber;
            _line.Clear();
        }

        public void OnAddedBytes(ReadOnlySpan<byte> bytes) => _line.AddRange(bytes.ToArray());

        public void OnAddedLineEnd() => Events.Add($"{_lineNumber}: {Encoding.UTF8.GetString([.. _line])}");

        public void OnFileEnd() => Events.Add("end");
    }
}

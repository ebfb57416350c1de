using System.Text;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>A commit as the history stream describes it (fields from our <c>git log --format</c>).</summary>
internal sealed record CommitHeader(string Sha, string Author, string Email, string Date, string Message);

/// <summary>What <see cref="GitPatchParser"/> tells as it reads a patch stream.</summary>
internal interface IPatchSink
{
    void OnCommit(CommitHeader commit);

    /// <summary>A text file with at least one hunk begins; <paramref name="path"/> is the new path.</summary>
    void OnFile(string path);

    /// <summary>A binary file was added or changed; git shows no lines for it.</summary>
    void OnBinaryFile(string path);

    /// <summary>An added line starts; its content follows in one or more <see cref="OnAddedBytes"/> calls.</summary>
    void OnAddedLineStart(int lineNumber);

    void OnAddedBytes(ReadOnlySpan<byte> bytes);

    void OnAddedLineEnd();

    void OnFileEnd();

    /// <summary>A <c>--raw</c> line of the stream: a file the commit added, as a blob to read (<c>git log --raw</c>).</summary>
    void OnAddedBlob(string blobSha, string path)
    {
    }
}

/// <summary>
/// Reads the output of <c>git log -p</c> / <c>git diff</c> incrementally, in whatever pieces it arrives, and
/// reports only what a secret scan needs: commits, file paths and added lines with their new-file line
/// numbers. Nothing is buffered beyond one header line: an added line of 50 MB streams through in pieces.
/// Handles two-way hunks and dense combined hunks of merges (<c>--cc</c>), where only lines new to every
/// parent count as added (a line taken from one parent was already scanned in that parent's commit).
/// </summary>
internal sealed class GitPatchParser
{
    /// <summary>Commit header fields are NUL-separated, so a message can hold any text: sha, author, email, date, message.</summary>
    public const string LogFormat = "%x00%H%x00%an%x00%ae%x00%aI%x00%B%x00";

    private const int CommitFieldCount = 5;
    private const int MaxHeaderLine = 16 * 1024;
    private const int MaxMessage = 16 * 1024;

    private readonly IPatchSink _sink;
    private readonly List<byte> _line = new(256);
    private readonly List<byte> _field = new(256);
    private readonly string[] _fields = new string[CommitFieldCount];
    private State _state = State.LineStart;
    private int _fieldIndex;

    private bool _inHunk;
    private int _parents = 1;
    private int _newLine;
    private int _prefixLength;
    private int _prefixPlus;
    private bool _prefixMinus;
    private string? _path;
    private bool _fileAnnounced;
    private bool _pendingCarriageReturn;

    public GitPatchParser(IPatchSink sink) => _sink = sink;

    private enum State
    {
        LineStart,
        CommitFields,
        CollectLine,
        HunkPrefix,
        AddedLine,
        SkipLine,
    }

    /// <summary>Reads a whole stream through a fixed buffer.</summary>
    public void Parse(Stream stream, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Feed(buffer.AsSpan(0, read));
        }

        Complete();
    }

    public void Feed(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            switch (_state)
            {
                case State.LineStart:
                    i = StartLine(data, i);
                    break;
                case State.CommitFields:
                    i = ReadCommitFields(data, i);
                    break;
                case State.HunkPrefix:
                    i = ReadHunkPrefix(data, i);
                    break;
                case State.AddedLine:
                    i = ReadAddedBytes(data, i);
                    break;
                case State.CollectLine:
                    i = CollectHeaderLine(data, i);
                    break;
                case State.SkipLine:
                    var newline = data[i..].IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        return;
                    }

                    i += newline + 1;
                    _state = State.LineStart;
                    break;
            }
        }
    }

    /// <summary>The stream ended: closes whatever is open.</summary>
    public void Complete()
    {
        switch (_state)
        {
            case State.AddedLine:
                EndAddedLine();
                break;
            case State.CollectLine when _line.Count > 0:
                HandleHeaderLine(CollectionsMarshalSpan(_line));
                break;
        }

        _state = State.LineStart;
        EndFile();
    }

    private int StartLine(ReadOnlySpan<byte> data, int i)
    {
        var first = data[i];
        if (first == 0)
        {
            EndFile();
            _inHunk = false;
            _fieldIndex = 0;
            _field.Clear();
            _state = State.CommitFields;
            return i + 1;
        }

        if (_inHunk)
        {
            switch (first)
            {
                case (byte)'+' or (byte)'-' or (byte)' ':
                    _prefixLength = 0;
                    _prefixPlus = 0;
                    _prefixMinus = false;
                    _state = State.HunkPrefix;
                    return i;
                case (byte)'\\':
                    // "\ No newline at end of file"
                    _state = State.SkipLine;
                    return i;
                default:
                    _inHunk = false;
                    break;
            }
        }

        _line.Clear();
        _state = State.CollectLine;
        return i;
    }

    private int ReadCommitFields(ReadOnlySpan<byte> data, int i)
    {
        while (i < data.Length)
        {
            var b = data[i++];
            if (b != 0)
            {
                if (_field.Count < MaxMessage)
                {
                    _field.Add(b);
                }

                continue;
            }

            _fields[_fieldIndex++] = Encoding.UTF8.GetString(CollectionsMarshalSpan(_field));
            _field.Clear();
            if (_fieldIndex == CommitFieldCount)
            {
                _sink.OnCommit(new CommitHeader(_fields[0], _fields[1], _fields[2], _fields[3], _fields[4].TrimEnd()));
                _path = null;
                _state = State.SkipLine;
                return i;
            }
        }

        return i;
    }

    private int ReadHunkPrefix(ReadOnlySpan<byte> data, int i)
    {
        while (i < data.Length && _prefixLength < _parents)
        {
            var b = data[i];
            switch (b)
            {
                case (byte)'+':
                    _prefixPlus++;
                    break;
                case (byte)'-':
                    _prefixMinus = true;
                    break;
                case (byte)' ':
                    break;
                default:
                    // Malformed or shorter than the prefix (a bare "-" line): not an added line.
                    _state = b == (byte)'\n' ? State.LineStart : State.SkipLine;
                    return b == (byte)'\n' ? i + 1 : i;
            }

            _prefixLength++;
            i++;
        }

        if (_prefixLength < _parents)
        {
            return i;
        }

        if (_prefixMinus)
        {
            _state = State.SkipLine;
        }
        else if (_prefixPlus == _parents)
        {
            _sink.OnAddedLineStart(_newLine++);
            _pendingCarriageReturn = false;
            _state = State.AddedLine;
        }
        else
        {
            // Context, or a merge line that one parent already had.
            _newLine++;
            _state = State.SkipLine;
        }

        return i;
    }

    private int ReadAddedBytes(ReadOnlySpan<byte> data, int i)
    {
        var rest = data[i..];
        var newline = rest.IndexOf((byte)'\n');
        var content = newline < 0 ? rest : rest[..newline];
        if (content.IsEmpty)
        {
            if (newline >= 0)
            {
                EndAddedLine();
                return i + 1;
            }

            return i;
        }

        // A CR right before the LF belongs to the line ending, and the LF may come in the next piece.
        if (_pendingCarriageReturn)
        {
            _sink.OnAddedBytes("\r"u8);
            _pendingCarriageReturn = false;
        }

        if (content[^1] == (byte)'\r')
        {
            content = content[..^1];
            _pendingCarriageReturn = newline < 0;
        }

        if (!content.IsEmpty)
        {
            _sink.OnAddedBytes(content);
        }

        if (newline < 0)
        {
            return data.Length;
        }

        EndAddedLine();
        return i + newline + 1;
    }

    private void EndAddedLine()
    {
        _pendingCarriageReturn = false;
        _sink.OnAddedLineEnd();
        _state = State.LineStart;
    }

    private int CollectHeaderLine(ReadOnlySpan<byte> data, int i)
    {
        var rest = data[i..];
        var newline = rest.IndexOf((byte)'\n');
        var piece = newline < 0 ? rest : rest[..newline];
        var room = MaxHeaderLine - _line.Count;
        if (room > 0)
        {
            foreach (var b in piece[..Math.Min(room, piece.Length)])
            {
                _line.Add(b);
            }
        }

        if (newline < 0)
        {
            return data.Length;
        }

        var line = CollectionsMarshalSpan(_line);
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        HandleHeaderLine(line);
        _state = State.LineStart;
        return i + newline + 1;
    }

    private void HandleHeaderLine(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("@@"u8))
        {
            StartHunk(line);
        }
        else if (line.StartsWith("diff --git "u8))
        {
            EndFile();
            _parents = 1;
            _path = GitPath.FromDiffGitLine(line["diff --git "u8.Length..]);
        }
        else if (line.StartsWith("diff --cc "u8) || line.StartsWith("diff --combined "u8))
        {
            EndFile();
            var rest = line[(line.IndexOf((byte)' ') + 1)..];
            rest = rest[(rest.IndexOf((byte)' ') + 1)..];
            _path = GitPath.Unquote(rest);
        }
        else if (line.StartsWith("rename to "u8))
        {
            _path = GitPath.Unquote(line["rename to "u8.Length..]);
        }
        else if (line.StartsWith("copy to "u8))
        {
            _path = GitPath.Unquote(line["copy to "u8.Length..]);
        }
        else if (line.StartsWith("+++ "u8))
        {
            var target = line[4..];
            if (!target.SequenceEqual("/dev/null"u8))
            {
                var path = GitPath.Unquote(target);
                _path = path.StartsWith("b/", StringComparison.Ordinal) ? path[2..] : path;
            }
        }
        else if (line.StartsWith(":"u8))
        {
            RawLine(line);
        }
        else if (line.StartsWith("Binary files "u8) && line.EndsWith(" differ"u8) && _path is not null)
        {
            _sink.OnBinaryFile(_path);
        }
    }

    /// <summary><c>:000000 100644 0000… SHA A\tpath</c>: only additions of regular files are of interest.</summary>
    private void RawLine(ReadOnlySpan<byte> line)
    {
        var tab = line.IndexOf((byte)'\t');
        if (tab < 0)
        {
            return;
        }

        // ":old-mode new-mode old-sha new-sha status": addition of a regular file only (not a symlink 120000 or submodule 160000).
        var fields = Encoding.ASCII.GetString(line[1..tab]).Split(' ');
        if (fields.Length != 5 || !fields[4].StartsWith('A') || fields[1].StartsWith("120", StringComparison.Ordinal) || fields[1].StartsWith("160", StringComparison.Ordinal))
        {
            return;
        }

        _sink.OnAddedBlob(fields[3], GitPath.Unquote(line[(tab + 1)..]));
    }

    private void StartHunk(ReadOnlySpan<byte> line)
    {
        var ats = 0;
        while (ats < line.Length && line[ats] == (byte)'@')
        {
            ats++;
        }

        _parents = Math.Max(1, ats - 1);
        var plus = line.IndexOf(" +"u8);
        _newLine = plus < 0 ? 1 : ParseNumber(line[(plus + 2)..]);
        _inHunk = true;
        if (!_fileAnnounced && _path is not null)
        {
            _sink.OnFile(_path);
            _fileAnnounced = true;
        }
    }

    private void EndFile()
    {
        if (_fileAnnounced)
        {
            _sink.OnFileEnd();
            _fileAnnounced = false;
        }

        _inHunk = false;
    }

    private static int ParseNumber(ReadOnlySpan<byte> text)
    {
        var value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            value = (value * 10) + (b - '0');
        }

        return value;
    }

    private static ReadOnlySpan<byte> CollectionsMarshalSpan(List<byte> list) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
}

/// <summary>Paths as git prints them in patches: C-quoted when they hold unusual bytes.</summary>
internal static class GitPath
{
    /// <summary>The new path from <c>a/P b/P</c>; only certain when both halves are equal (no rename).</summary>
    public static string? FromDiffGitLine(ReadOnlySpan<byte> rest)
    {
        if (!rest.IsEmpty && rest[0] == (byte)'"')
        {
            var end = QuotedEnd(rest);
            var second = rest[Math.Min(end + 1, rest.Length)..].TrimStart((byte)' ');
            var path = Unquote(second);
            return path.StartsWith("b/", StringComparison.Ordinal) ? path[2..] : path;
        }

        if (rest.Length < 5 || (rest.Length - 5) % 2 != 0 || !rest.StartsWith("a/"u8))
        {
            return null;
        }

        var half = (rest.Length - 5) / 2;
        var oldPath = rest.Slice(2, half);
        var middle = rest.Slice(2 + half, 3);
        var newPath = rest[(5 + half)..];
        return middle.SequenceEqual(" b/"u8) && oldPath.SequenceEqual(newPath) ? Encoding.UTF8.GetString(newPath) : null;
    }

    public static string Unquote(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || text[0] != (byte)'"')
        {
            return Encoding.UTF8.GetString(text);
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 1; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'"')
            {
                break;
            }

            if (b != (byte)'\\' || i + 1 >= text.Length)
            {
                bytes.Add(b);
                continue;
            }

            var e = text[++i];
            if (e is >= (byte)'0' and <= (byte)'7' && i + 2 < text.Length)
            {
                bytes.Add((byte)(((e - '0') << 6) | ((text[i + 1] - '0') << 3) | (text[i + 2] - '0')));
                i += 2;
                continue;
            }

            bytes.Add(e switch
            {
                (byte)'n' => (byte)'\n',
                (byte)'t' => (byte)'\t',
                (byte)'r' => (byte)'\r',
                (byte)'a' => 7,
                (byte)'b' => 8,
                (byte)'f' => 12,
                (byte)'v' => 11,
                _ => e,
            });
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static int QuotedEnd(ReadOnlySpan<byte> text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == (byte)'\\')
            {
                i++;
            }
            else if (text[i] == (byte)'"')
            {
                return i;
            }
        }

        return text.Length;
    }
}

using System.Diagnostics;
using System.Text;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// Piped text (<c>--stdin</c>), reported under the path <c>stdin</c>. Read in bounded pieces like any big
/// file, so a huge pipe does not have to fit in memory.
/// </summary>
public static class TextSource
{
    public const string StdinPath = "stdin";

    public static SourceScan Scan(Stream input, LeakScanner scanner, string path = StdinPath, CancellationToken cancellationToken = default) =>
        Scan(input, _ => scanner, path, cancellationToken);

    /// <summary>As <see cref="StagedChangesSource.Scan(Func{IReadOnlyList{string}?, LeakScanner}, CancellationToken)"/>: a short pipe compiles only the rules it can match.</summary>
    public static SourceScan Scan(Stream input, Func<IReadOnlyList<string>?, LeakScanner> scannerFor, string path = StdinPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = Stopwatch.GetTimestamp();
        var gate = new PieceGate(scannerFor);
        var collector = new AddedTextCollector(gate.Add, Commit.WorkingTree);
        collector.OnBlob(path, Commit.WorkingTree);
        var buffer = new byte[64 * 1024];
        var first = true;
        Decoder? utf16 = null;
        char[]? chars = null;
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var span = buffer.AsSpan(0, read);
            if (first)
            {
                // A byte order mark is not content. UTF-16 (PowerShell 5 pipes to a file that way) is read as text,
                // as the working-tree scan reads it, and handed over as UTF-8.
                first = false;
                if (FileContent.EncodingOf(span, out var byteOrderMark) is UnicodeEncoding encoding)
                {
                    utf16 = encoding.GetDecoder();
                    chars = new char[buffer.Length];
                }

                span = span[byteOrderMark..];
            }

            if (utf16 is not null)
            {
                var count = utf16.GetChars(span, chars, flush: false);
                span = Encoding.UTF8.GetBytes(chars!, 0, count);
            }

            collector.OnTextBlock(span);
        }

        collector.OnAddedLineEnd();
        collector.OnFileEnd();
        gate.Complete();
        return new SourceScan(LeakOrder.Sort(gate.Leaks), gate.Warnings,
            new SourceStatistics(0, 1, 0, collector.AddedLines, collector.AddedBytes, Stopwatch.GetElapsedTime(started)));
    }

    public static SourceScan Scan(string text, LeakScanner scanner, string path = StdinPath) =>
        Scan(new MemoryStream(Encoding.UTF8.GetBytes(text)), scanner, path);
}

using System.Diagnostics;
using System.Text;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// Piped text (<c>--stdin</c>), reported under the path <c>stdin</c>. Read in bounded pieces like any big
/// file, so a huge pipe does not have to fit in memory.
/// </summary>
public static class TextSource
{
    public const string StdinPath = "stdin";

    public static SourceScan Scan(Stream input, LeakScanner scanner, string path = StdinPath, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var leaks = new List<Leak>();
        var collector = new AddedTextCollector(piece => leaks.AddRange(scanner.Scan(piece)), Commit.WorkingTree);
        collector.OnFile(path);
        var buffer = new byte[64 * 1024];
        var line = 1;
        var inLine = false;
        var first = true;
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var span = buffer.AsSpan(0, read);
            if (first)
            {
                // A UTF-8 byte order mark is not content.
                span = span.StartsWith("\xEF\xBB\xBF"u8) ? span[3..] : span;
                first = false;
            }

            while (!span.IsEmpty)
            {
                if (!inLine)
                {
                    collector.OnAddedLineStart(line++);
                    inLine = true;
                }

                var newline = span.IndexOf((byte)'\n');
                var content = newline < 0 ? span : span[..newline];
                if (newline >= 0 && !content.IsEmpty && content[^1] == (byte)'\r')
                {
                    content = content[..^1];
                }

                collector.OnAddedBytes(content);
                if (newline < 0)
                {
                    break;
                }

                collector.OnAddedLineEnd();
                inLine = false;
                span = span[(newline + 1)..];
            }
        }

        if (inLine)
        {
            collector.OnAddedLineEnd();
        }

        collector.OnFileEnd();
        return new SourceScan(LeakOrder.Sort(leaks), [],
            new SourceStatistics(0, 1, 0, collector.AddedLines, collector.AddedBytes, Stopwatch.GetElapsedTime(started)));
    }

    public static SourceScan Scan(string text, LeakScanner scanner, string path = StdinPath) =>
        Scan(new MemoryStream(Encoding.UTF8.GetBytes(text)), scanner, path);
}

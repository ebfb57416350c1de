using System.Text;
using Bulwark.Analyzers.Secrets.Sources;

namespace Bulwark.Analyzers.Secrets.Tests.Sources;

public sealed class TextSourceTests
{
    [Fact]
    public void Piped_text_is_reported_under_stdin_with_lines_and_columns()
    {
        var input = new MemoryStream(Encoding.UTF8.GetBytes($"first line\r\nsecond {SourceRules.Secret1} here\nthird"));

        var leak = Assert.Single(TextSource.Scan(input, SourceRules.Scanner()).Leaks);

        Assert.Equal(("stdin", 2, 8), (leak.File, leak.StartLine, leak.StartColumn));
        Assert.Equal("stdin:test-token:2", leak.Fingerprint);
    }

    [Fact]
    public void A_pipe_bigger_than_a_piece_is_scanned_whole()
    {
        var text = new StringBuilder();
        for (var i = 1; i <= 60_000; i++)
        {
            text.Append(i == 59_999 ? $"at the end {SourceRules.Secret2}" : "filler filler filler filler").Append('\n');
        }

        var leak = Assert.Single(TextSource.Scan(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), SourceRules.Scanner()).Leaks);

        Assert.Equal(59_999, leak.StartLine);
    }
}

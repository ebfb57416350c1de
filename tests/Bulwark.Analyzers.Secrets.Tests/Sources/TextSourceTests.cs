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

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void Piped_text_with_a_byte_order_mark_is_read_in_its_encoding_without_the_mark(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var input = new MemoryStream([.. encoding.GetPreamble(), .. encoding.GetBytes($"{SourceRules.Secret1} first\r\nsecond {SourceRules.Secret2}\r\n")]);

        var leaks = TextSource.Scan(input, SourceRules.Scanner()).Leaks;

        Assert.Equal([(1, 1, SourceRules.Secret1), (2, 8, SourceRules.Secret2)], leaks.Select(l => (l.StartLine, l.StartColumn, l.Secret)));
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

public sealed class RuleSelectionTests
{
    private static readonly SecretsConfig Config = new() { Rules = SourceRules.All };

    [Fact]
    public void A_scanner_for_a_small_text_compiles_only_the_rules_whose_keywords_occur()
    {
        var scanner = LeakScanner.ForText(Config, null, [$"token {SourceRules.Secret1}"]);

        Assert.Equal(["test-token"], scanner.Detector.Rules.Select(r => r.Id).ToArray());
        Assert.Single(scanner.Scan($"token {SourceRules.Secret1}", "a.txt"));
    }

    [Fact]
    public void Keywords_hidden_in_encoded_text_select_their_rules_too()
    {
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"password = {SourceRules.Secret2}"));

        var scanner = LeakScanner.ForText(Config, null, [$"blob: {encoded}"]);

        Assert.Contains(scanner.Detector.Rules, r => r.Id == "test-password");
        Assert.Contains(scanner.Scan($"blob: {encoded}", "a.txt"), l => l.Decoded == "base64");
    }

    [Fact]
    public void Stdin_builds_its_scanner_from_what_was_piped()
    {
        IReadOnlyList<string>? seen = null;
        var scan = TextSource.Scan(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"a\nb {SourceRules.Secret3}\n")),
            texts => { seen = texts; return LeakScanner.ForText(Config, null, texts!); });

        Assert.NotNull(seen);
        Assert.Single(scan.Leaks);
    }
}

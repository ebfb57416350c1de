using System.Text;
using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Analyzers.Secrets.Tests.Sources;

namespace Bulwark.Analyzers.Secrets.Tests.Detection;

/// <summary>
/// Text held in a reused buffer (a file of <c>bulwark scan</c>) goes through the engine without being copied to a
/// string; what is found must be exactly what the same text as a string gives.
/// </summary>
public sealed class BufferedTextTests
{
    private static readonly Lazy<SecretDetector> BuiltIn = new(() => new SecretDetector(BuiltInRules.All));

    /// <summary>The text in the middle of a larger array whose other chars would match if they were looked at.</summary>
    private static ReadOnlyMemory<char> InBuffer(string text)
    {
        const string Noise = "\npassword = \"Zq8#vR2!mT5pW9xL\"\n";
        var buffer = (Noise + text + Noise).ToCharArray();
        return buffer.AsMemory(Noise.Length, text.Length);
    }

    private static string Describe(SecretMatch m) =>
        $"{m.RuleId} {m.StartLine}:{m.StartColumn}-{m.EndLine}:{m.EndColumn} {m.Secret} {m.Validity}";

    [Fact]
    public void Every_built_in_rule_sample_gives_the_same_hits_from_a_buffer_as_from_a_string()
    {
        var samples = BuiltInRules.All.SelectMany(r => r.TruePositives.Concat(r.FalsePositives)).ToList();
        var text = string.Join('\n', samples);

        var fromString = BuiltIn.Value.Detect(text, new SecretSource("config/settings.env"));
        var fromBuffer = BuiltIn.Value.Detect(InBuffer(text), new SecretSource("config/settings.env"));

        Assert.NotEmpty(fromString.Matches);
        Assert.Equal(fromString.Matches.Select(Describe), fromBuffer.Matches.Select(Describe));
        Assert.Equal(fromString.FormatInvalidDropped, fromBuffer.FormatInvalidDropped);
    }

    [Fact]
    public void A_buffer_with_nothing_to_find_gives_nothing()
    {
        var result = BuiltIn.Value.Detect(InBuffer("static int key_len = sizeof(token);\n/* secret sauce */\n"), new SecretSource("a.c"));

        Assert.Empty(result.Matches);
    }

    [Fact]
    public void The_leak_scanner_reports_the_same_leaks_for_a_buffer_as_for_a_string_encoded_ones_included()
    {
        var scanner = new LeakScanner([SourceRules.Token, SourceRules.Password, SourceRules.PrivateKey]);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"token: {SourceRules.Secret1}"));
        var text = $"line one\npassword = \"S3cr3tValue!2024\"\nconfig: \"{encoded}\"\nx {SourceRules.Secret2} y\n";

        var fromString = scanner.Scan(text, "values.yaml");
        var fromBuffer = scanner.Scan(InBuffer(text), "values.yaml");

        Assert.Equal(["test-password", "test-token", "test-token"], fromString.Select(l => l.RuleId).Order());
        Assert.Equal(
            fromString.Select(l => $"{l.RuleId} {l.StartLine}:{l.StartColumn} {l.Secret} {l.Decoded}"),
            fromBuffer.Select(l => $"{l.RuleId} {l.StartLine}:{l.StartColumn} {l.Secret} {l.Decoded}"));
    }
}

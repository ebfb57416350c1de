using Bulwark.Advisories.Versions;

namespace Bulwark.Advisories.Tests.Versions;

/// <summary>Assertions over a scheme that report the pair that broke, not just "false".</summary>
internal static class Ordering
{
    /// <summary>Every version in the list is lower than every later one (and equal to itself).</summary>
    public static void AssertAscending(IVersionScheme scheme, params string[] versions)
    {
        for (var i = 0; i < versions.Length; i++)
        {
            for (var j = 0; j < versions.Length; j++)
            {
                var expected = i.CompareTo(j);
                Assert.True(scheme.TryCompare(versions[i], versions[j], out var actual), $"{scheme}: cannot compare '{versions[i]}' with '{versions[j]}'");
                Assert.True(expected == actual, $"{scheme}: expected '{versions[i]}' {Symbol(expected)} '{versions[j]}', got {Symbol(actual)}");
            }
        }
    }

    public static void AssertOrder(IVersionScheme scheme, string a, string relation, string b)
    {
        var expected = relation switch { "<" => -1, "=" => 0, ">" => 1, _ => throw new ArgumentException(relation, nameof(relation)) };
        Assert.True(scheme.TryCompare(a, b, out var actual), $"{scheme}: cannot compare '{a}' with '{b}'");
        Assert.True(expected == actual, $"{scheme}: expected '{a}' {relation} '{b}', got {Symbol(actual)}");
        Assert.True(scheme.TryCompare(b, a, out var reverse));
        Assert.True(-expected == reverse, $"{scheme}: comparison of '{b}' with '{a}' is not antisymmetric");
    }

    public static void AssertUnparsable(IVersionScheme scheme, string text)
    {
        Assert.False(scheme.TryParse(text, out _), $"{scheme} should not read '{text}'");
        Assert.False(scheme.TryCompare(text, "1.0.0", out _));
        var error = Assert.Throws<FormatException>(() => scheme.Compare(text, "1.0.0"));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    private static string Symbol(int order) => order switch { < 0 => "<", > 0 => ">", _ => "=" };
}

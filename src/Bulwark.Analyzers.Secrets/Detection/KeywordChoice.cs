namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// Which literals the keyword search looks for on a rule's behalf. A rule's keywords open a window wherever they
/// occur, and the keywords gitleaks-style rules carry are often the service's short prefix (<c>gh</c>, <c>tc_</c>,
/// <c>hec</c>, <c>yc</c>), which is in every <c>high</c>, <c>etc_</c>, <c>check</c> and <c>sync</c> of a source tree.
/// When every match of the regex is sure to hold one of the keywords, and also one of a set of rarer literals
/// (<see cref="RequiredLiterals"/>: <c>secret</c> in <c>(?i:github|gh)[\w.-]{0,20}(?i:client[_.-]?secret|secret)…</c>),
/// the search looks for those instead: every match holds both, so the same matches are found, from far fewer
/// windows. The keywords are then a test each window must pass (<see cref="CompiledRule.Required"/>).
/// </summary>
internal static class KeywordChoice
{
    /// <summary>A rarer set is searched only when it is clearly rarer: the estimate is rough.</summary>
    private const double Margin = 4;

    /// <summary>The literals to search for the rule's windows: <paramref name="keywords"/>, or a set of rarer literals every match holds.</summary>
    public static string[] For(string pattern, string[] keywords)
    {
        if (keywords.Length == 0 || !AllMatchesHoldOne(pattern, keywords))
        {
            // Windows around keywords find matches that do not hold one (on the same line): those must still be found.
            return keywords;
        }

        var rarest = RequiredLiterals.Of(pattern)?
            .Where(set => set.All(literal => AsciiKeywordSearch.Supports(literal) && !FoldsBeyondAscii(literal)))
            .MinBy(Share);
        return rarest is not null && Share(rarest) * Margin < Share(keywords) ? rarest : keywords;
    }

    /// <summary>Whether every match holds one of the keywords: some set of literals every match holds one of has a keyword in each.</summary>
    internal static bool AllMatchesHoldOne(string pattern, string[] keywords) =>
        RequiredLiterals.Of(pattern, minLength: 1) is { } sets
        && sets.Any(set => set.All(literal => keywords.Any(k => literal.Contains(k, StringComparison.OrdinalIgnoreCase))));

    private static double Share(IEnumerable<string> literals) => literals.Sum(CommonTrigrams.Share);

    /// <summary>
    /// Whether a case-insensitive regex may match the literal with a char the ASCII search does not fold: .NET's
    /// <c>(?i)k</c> also matches the Kelvin sign (U+212A), the one such char. Keywords share that blind spot, but
    /// choosing a literal must not give a rule a new one.
    /// </summary>
    private static bool FoldsBeyondAscii(string literal) => literal.Contains('k', StringComparison.OrdinalIgnoreCase);
}

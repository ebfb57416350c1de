using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// Builds the regexes of rules and allowlists: the linear-time engine whenever it accepts the pattern, so no
/// input can make a rule hang; otherwise the backtracking engine bounded by a match timeout.
/// </summary>
internal static class RuleRegex
{
    private const RegexOptions Linear = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <exception cref="ArgumentException">The pattern is not a valid .NET regex.</exception>
    public static Regex Create(string pattern, TimeSpan backtrackingTimeout)
    {
        try
        {
            return new Regex(pattern, Linear);
        }
        catch (NotSupportedException)
        {
            // Lookarounds, backreferences, atomic groups: only the backtracking engine has them.
            return new Regex(pattern, RegexOptions.CultureInvariant, backtrackingTimeout);
        }
    }

    public static bool IsBacktracking(Regex regex) => (regex.Options & RegexOptions.NonBacktracking) == 0;

    /// <summary>One regex that matches where any of the patterns does (each keeps its own inline flags).</summary>
    public static Regex? CreateAny(IReadOnlyList<string> patterns, TimeSpan backtrackingTimeout) => patterns.Count switch
    {
        0 => null,
        1 => Create(patterns[0], backtrackingTimeout),
        _ => Create(string.Join('|', patterns.Select(p => $"(?:{p})")), backtrackingTimeout),
    };
}

using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// Builds the regexes of rule paths and allowlists (and of rules that left <see cref="RuleMatcher"/>'s budget):
/// the linear-time engine whenever it accepts the pattern, so no input can make them hang; otherwise the
/// backtracking engine bounded by a match timeout.
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

    /// <summary>
    /// Parses a pattern without building a matcher (microseconds, where the linear-time engine takes
    /// milliseconds per rule): invalid patterns fail at load time while matchers are built on first use.
    /// </summary>
    /// <returns>The number of capture groups.</returns>
    /// <exception cref="ArgumentException">The pattern is not a valid .NET regex.</exception>
    public static int Validate(string pattern) => new Regex(pattern, RegexOptions.CultureInvariant).GetGroupNumbers().Length - 1;

    /// <summary>A matcher built on first use, once, whichever thread asks first.</summary>
    public static Lazy<Regex> CreateLazy(string pattern, TimeSpan backtrackingTimeout) =>
        new(() => Create(pattern, backtrackingTimeout), LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool IsBacktracking(Regex regex) => (regex.Options & RegexOptions.NonBacktracking) == 0;

    /// <summary>One pattern that matches where any of the patterns does (each keeps its own inline flags).</summary>
    public static string? Any(IReadOnlyList<string> patterns) => patterns.Count switch
    {
        0 => null,
        1 => patterns[0],
        _ => string.Join('|', patterns.Select(p => $"(?:{p})")),
    };
}

namespace Bulwark.Analyzers.Secrets;

/// <summary>Which regions of a text a rule's regex runs on.</summary>
public enum KeywordPrefilter
{
    /// <summary>Only the lines around each occurrence of one of the rule's keywords (the default).</summary>
    Windows,

    /// <summary>The whole text, when one of the rule's keywords occurs anywhere in it (gitleaks' way).</summary>
    WholeText,

    /// <summary>Every rule on the whole text, keywords ignored (for measurements only).</summary>
    Off,
}

/// <summary>How a <see cref="SecretDetector"/> runs.</summary>
public sealed record SecretDetectorOptions
{
    public static SecretDetectorOptions Default { get; } = new();

    /// <summary>Keep hits whose checksum fails instead of dropping (and counting) them (<c>--show-invalid</c>).</summary>
    public bool KeepFormatInvalid { get; init; }

    /// <summary>Report hits on lines marked <c>bulwark:allow</c> / <c>gitleaks:allow</c> too.</summary>
    public bool IgnoreInlineAllow { get; init; }

    /// <summary>
    /// Match timeout for the few regexes the linear-time engine refuses (lookarounds, backreferences) once they
    /// exceed the usual 100 ms budget; a timeout ends that rule for that text with a warning.
    /// </summary>
    public TimeSpan BacktrackingTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How far a window reaches on each side of a keyword when its line is longer than this (minified files):
    /// bounds the regex work per keyword hit.
    /// </summary>
    public int WindowRadius { get; init; } = 4096;

    public KeywordPrefilter Prefilter { get; init; } = KeywordPrefilter.Windows;
}

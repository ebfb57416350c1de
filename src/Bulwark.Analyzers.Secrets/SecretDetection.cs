namespace Bulwark.Analyzers.Secrets;

/// <summary>
/// What one <see cref="SecretDetector.Detect(string, SecretSource)"/> call found: the matches in text order,
/// warnings (a rule that timed out, naming the rule and the file) and how many format-invalid hits of
/// checksummed formats were dropped.
/// </summary>
public sealed record SecretDetection(
    IReadOnlyList<SecretMatch> Matches,
    IReadOnlyList<string> Warnings,
    int FormatInvalidDropped)
{
    public static SecretDetection Empty { get; } = new([], [], 0);
}

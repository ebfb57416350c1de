namespace Bulwark.Analyzers.Secrets;

/// <summary>
/// A rule hit in a text: lines and columns are 1-based (0 for a path-only rule's file-level hit), columns
/// count UTF-16 chars and the end column is that of the match's last char.
/// </summary>
public sealed record SecretMatch(
    string RuleId,
    string Secret,
    string Match,
    int StartLine,
    int EndLine,
    int StartColumn,
    int EndColumn,
    double Entropy,
    SecretValidity Validity = SecretValidity.Unchecked)
{
    /// <summary>Where <see cref="Secret"/> starts in <see cref="Match"/> (chars), so a caller can place the secret itself.</summary>
    public int SecretIndex { get; init; }
}

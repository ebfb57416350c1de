namespace Bulwark.Analyzers.Secrets;

/// <summary>A rule hit in a text: lines and columns are 1-based, columns count UTF-16 chars.</summary>
public sealed record SecretMatch(
    string RuleId,
    string Secret,
    string Match,
    int StartLine,
    int EndLine,
    int StartColumn,
    int EndColumn,
    double Entropy);

namespace Bulwark.Analyzers.Secrets.Rules;

/// <summary>The rule set Bulwark ships. Each category lives in its own file.</summary>
public static partial class BuiltInRules
{
    public static IReadOnlyList<SecretRule> All { get; } = [.. Cloud()];
}

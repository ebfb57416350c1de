namespace Bulwark.Analyzers.Secrets;

/// <summary>
/// A secrets configuration (a gitleaks TOML file or a rule) that cannot be used. The message names the file,
/// the rule and the reason; the CLI turns it into exit code 2.
/// </summary>
public sealed class SecretConfigException : Exception
{
    public SecretConfigException()
    {
    }

    public SecretConfigException(string message)
        : base(message)
    {
    }

    public SecretConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SecretConfigException(string message, string? configPath = null, string? ruleId = null, string? construct = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ConfigPath = configPath;
        RuleId = ruleId;
        Construct = construct;
    }

    /// <summary>The configuration file at fault, when the rule came from one.</summary>
    public string? ConfigPath { get; }

    public string? RuleId { get; }

    /// <summary>The regex construct that could not be translated, when that is the reason.</summary>
    public string? Construct { get; }
}

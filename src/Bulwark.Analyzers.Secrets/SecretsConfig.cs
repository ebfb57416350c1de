using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Core;

namespace Bulwark.Analyzers.Secrets;

/// <summary>
/// A complete rule set: rules plus global allowlists, either Bulwark's built-in one or one loaded from a
/// gitleaks-compatible TOML file (<see cref="GitleaksConfig"/>).
/// </summary>
public sealed record SecretsConfig
{
    public string? Title { get; init; }

    /// <summary>The file the configuration was read from; null for the built-in one.</summary>
    public string? SourcePath { get; init; }

    public required IReadOnlyList<SecretRule> Rules { get; init; }

    /// <summary>Allowlists that apply to every rule.</summary>
    public IReadOnlyList<SecretAllowlist> Allowlists { get; init; } = [];

    /// <summary>What the loader accepted but does not act on (a newer gitleaks key), for the scan's warnings.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The built-in rules with the built-in global allowlist (what <c>[extend] useDefault = true</c> extends).</summary>
    public static SecretsConfig BuiltIn => BuiltInConfig.Value;

    /// <summary>
    /// Files whose content is hashes or rule text, not credentials: lockfiles (integrity hashes look random),
    /// the secret scanners' own configuration and ignore files, and media.
    /// </summary>
    public static SecretAllowlist BuiltInAllowlist { get; } = new()
    {
        Description = "lockfiles, secret-scanner configuration and media",
        Paths = EquatableArray.Of(
            @"(?:^|/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|composer\.lock|Gemfile\.lock|Cargo\.lock|poetry\.lock|Pipfile\.lock|uv\.lock|go\.sum|packages\.lock\.json|gradle\.lockfile|flake\.lock)$",
            @"(?:^|/)(?:\.?gitleaks\.toml|\.gitleaksignore|\.bulwarkignore-secrets|\.bulwark/secrets\.toml)$",
            @"(?i)\.(?:bmp|gif|jpe?g|png|tiff?|ico|webp|woff2?|ttf|eot|otf|mp3|mp4|pdf)$"),
    };

    private static readonly Lazy<SecretsConfig> BuiltInConfig = new(() => new SecretsConfig
    {
        Title = "Bulwark built-in secret rules",
        Rules = BuiltInRules.All,
        Allowlists = [BuiltInAllowlist],
    });
}

using Bulwark.Analyzers.Secrets.Config;

namespace Bulwark.Analyzers.Secrets;

/// <summary>
/// Reads gitleaks configuration files (<c>.gitleaks.toml</c>, <c>gitleaks.toml</c>) into a <see cref="SecretsConfig"/>:
/// <c>title</c>; <c>[extend]</c> with <c>useDefault = true</c> (Bulwark's built-in rules), <c>path</c> (another
/// file, relative to this one) and <c>disabledRules</c>, to a depth of 2 as gitleaks does; <c>[[rules]]</c> with id,
/// description, regex, secretGroup, entropy, keywords, path, tags and <c>[[rules.allowlists]]</c> (or the older
/// single <c>[rules.allowlist]</c>); the global <c>[allowlist]</c> / <c>[[allowlists]]</c> (with <c>targetRules</c>).
/// A rule that extends a rule of the same id overrides its description, regex, path, entropy and secret group and
/// adds its keywords, tags and allowlists. Regexes are Go RE2 and are translated to .NET (<see cref="Re2Translator"/>).
/// Bulwark also reads <c>severity</c> and <c>multilineSpan</c> on a rule.
/// </summary>
public static class GitleaksConfig
{
    /// <summary>How many <c>[extend]</c> hops are followed, as in gitleaks.</summary>
    public const int MaxExtendDepth = 2;

    /// <exception cref="SecretConfigException">The file is unreadable, not TOML, or a rule or regex is invalid; the message names file, rule and reason.</exception>
    public static SecretsConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return GitleaksConfigReader.Load(Path.GetFullPath(path), depth: 0);
    }

    /// <summary>Reads TOML text; <paramref name="path"/> names it in errors and anchors a relative <c>[extend] path</c>.</summary>
    /// <exception cref="SecretConfigException">The text is not TOML, or a rule or regex is invalid.</exception>
    public static SecretsConfig Parse(string toml, string path)
    {
        ArgumentNullException.ThrowIfNull(toml);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return GitleaksConfigReader.Parse(toml, path, depth: 0);
    }
}

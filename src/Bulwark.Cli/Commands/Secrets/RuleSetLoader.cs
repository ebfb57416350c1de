using Bulwark.Analyzers.Secrets;
using Bulwark.Scanning;

namespace Bulwark.Cli.Commands.Secrets;

/// <summary>
/// Which rules a run uses, found the way <c>bulwark scan</c> finds them: <c>--config</c>, else
/// <c>.gitleaks.toml</c>, <c>gitleaks.toml</c> or <c>.bulwark/secrets.toml</c> in PATH, else the built-in set.
/// </summary>
internal static class RuleSetLoader
{
    /// <exception cref="SecretConfigException">The configuration cannot be used; the message names file, rule and reason.</exception>
    public static (SecretsConfig Config, SecretDetectorOptions Options) Load(SecretsRequest request)
    {
        var options = new SecretDetectorOptions { KeepFormatInvalid = request.ShowInvalid };
        var root = Path.GetFullPath(request.Mode == SecretsMode.Stdin ? "." : request.Path);
        var settings = new ScanSettings
        {
            Root = root,
            Options = request.Config is { } config
                ? new Dictionary<string, string> { ["secrets.config"] = Path.GetFullPath(config) }
                : new Dictionary<string, string>(),
        };

        // Piped text has no repository around it: only --config or the built-in rules apply.
        var loaded = request.Mode == SecretsMode.Stdin && request.Config is null
            ? SecretsConfig.BuiltIn
            : SecretsAnalyzerRegistration.LoadConfig(settings);
        return (loaded, options);
    }
}

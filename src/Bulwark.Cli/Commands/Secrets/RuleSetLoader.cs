using Bulwark.Analyzers.Secrets;

namespace Bulwark.Cli.Commands.Secrets;

/// <summary>Which rules a run uses: <c>--config</c>, else <c>.gitleaks.toml</c> / <c>gitleaks.toml</c> in PATH, else the built-in set.</summary>
internal static class RuleSetLoader
{
    private static readonly string[] ConventionalNames = [".gitleaks.toml", "gitleaks.toml"];

    /// <exception cref="SecretConfigException">The configuration cannot be used; the message names file, rule and reason.</exception>
    public static SecretDetector Load(SecretsRequest request, SecretsConsole console)
    {
        var options = new SecretDetectorOptions { KeepFormatInvalid = request.ShowInvalid };
        var configPath = request.Config;
        if (configPath is null && request.Mode != SecretsMode.Stdin)
        {
            configPath = ConventionalNames.Select(n => Path.Combine(request.Path, n)).FirstOrDefault(File.Exists);
        }

        if (configPath is null)
        {
            return new SecretDetector(SecretsConfig.BuiltIn, options);
        }

        if (!File.Exists(configPath))
        {
            throw new SecretConfigException($"--config: file '{configPath}' does not exist", configPath);
        }

        // The gitleaks TOML loader is being written alongside; until it lands a configuration cannot be honoured
        // silently, so say so instead of scanning with different rules than the user asked for.
        throw new SecretConfigException(
            $"{configPath}: gitleaks TOML configurations are not supported by this build yet; remove the file or scan with the built-in rules", configPath);
    }
}

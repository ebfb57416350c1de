using Bulwark.Analyzers.Secrets.Analyzer;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Secrets;

/// <summary>
/// How the CLI plugs secret detection into a scan. Options read from <see cref="ScanSettings.Options"/>:
/// <c>secrets.config</c> (a gitleaks TOML file), <c>secrets.show-invalid</c> (<c>true</c> keeps hits whose
/// checksum fails) and <c>secrets.decode-depth</c> (layers of base64/hex/percent encoding peeled, default 2).
/// </summary>
public static class SecretsAnalyzerRegistration
{
    /// <summary>Conventional configuration files at the scan root, in the order they are looked for.</summary>
    public static IReadOnlyList<string> ConventionalConfigFiles { get; } = [".gitleaks.toml", "gitleaks.toml", ".bulwark/secrets.toml"];

    /// <summary>The analyzer for one scan, with the configuration <see cref="LoadConfig"/> finds.</summary>
    /// <exception cref="SecretConfigException">The configuration cannot be used (the CLI exits with 2).</exception>
    public static SecretsAnalyzer Create(ScanSettings settings) => Create(settings, LoadConfig(settings));

    /// <summary>The analyzer for one scan with a given rule set.</summary>
    /// <exception cref="SecretConfigException">A rule's regex is invalid.</exception>
    public static SecretsAnalyzer Create(ScanSettings settings, SecretsConfig config)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(config);
        return new SecretsAnalyzer(settings, config);
    }

    /// <summary>
    /// The <c>secrets.config</c> option (relative to the root), else the first conventional file at the scan root
    /// (<c>.gitleaks.toml</c>, <c>gitleaks.toml</c>, <c>.bulwark/secrets.toml</c>), else the built-in rules.
    /// </summary>
    /// <exception cref="SecretConfigException">The named file does not exist or cannot be used.</exception>
    public static SecretsConfig LoadConfig(ScanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.GetOption("secrets", "config") is { Length: > 0 } option)
        {
            var path = Path.GetFullPath(option, settings.Root);
            return File.Exists(path)
                ? GitleaksConfig.Load(path)
                : throw new SecretConfigException($"{path}: the secrets configuration file does not exist", configPath: path);
        }

        foreach (var name in ConventionalConfigFiles)
        {
            var path = Path.Combine(settings.Root, name);
            if (File.Exists(path))
            {
                return GitleaksConfig.Load(path);
            }
        }

        return SecretsConfig.BuiltIn;
    }
}

namespace Bulwark.Scanning;

/// <summary>The settings of one scan that analyzers may read.</summary>
public sealed record ScanSettings
{
    /// <summary>Absolute path of the scanned root.</summary>
    public required string Root { get; init; }

    /// <summary>No analyzer may touch the network.</summary>
    public bool Offline { get; init; }

    /// <summary>Size cap for text analyzers (<c>--max-file-size</c>); bigger files are skipped and counted.</summary>
    public long MaxFileSize { get; init; } = ScanDefaults.MaxTextFileSize;

    /// <summary>Show secrets in full in reports (off by default).</summary>
    public bool NoRedact { get; init; }

    /// <summary>Analyzer-specific options, keyed <c>analyzer.option</c> (e.g. <c>secrets.config</c>).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public string? GetOption(string analyzer, string option) =>
        Options.TryGetValue($"{analyzer}.{option}", out var value) ? value : null;
}

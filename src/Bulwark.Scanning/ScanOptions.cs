namespace Bulwark.Scanning;

/// <summary>How one scan runs.</summary>
public sealed record ScanOptions
{
    public required ScanSettings Settings { get; init; }

    public WorkspaceOptions Workspace { get; init; } = new();

    /// <summary>Files analysed at once; defaults to the core count.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>A snapshot of a running scan, for progress displays.</summary>
public sealed record ScanProgress(
    long FilesSeen,
    long FilesAnalyzed,
    long BytesAnalyzed,
    int Findings,
    string? CurrentFile);

/// <summary>The scan cannot start as configured (exit code 2 in the CLI).</summary>
public sealed class ScanConfigurationException : Exception
{
    public ScanConfigurationException(string message)
        : base(message)
    {
    }

    public ScanConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ScanConfigurationException()
    {
    }
}

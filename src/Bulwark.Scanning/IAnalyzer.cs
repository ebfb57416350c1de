namespace Bulwark.Scanning;

/// <summary>
/// An analyzer plugged into the one-pass scan. The runner walks the tree once; for each file it asks
/// every analyzer <see cref="Accepts"/> (path and size only, no I/O), reads the file once if any
/// analyzer wants it, and hands the same content to each of them, in parallel across files.
/// One instance serves one scan; <see cref="Analyze"/> is called concurrently and must be thread-safe.
/// </summary>
public interface IAnalyzer
{
    AnalyzerDescriptor Descriptor { get; }

    /// <summary>
    /// Largest size of this file the analyzer reads, when it differs from the scan's cap (an archive may be larger
    /// than any text file worth scanning); the runner never reads a bigger file for it, and counts it as oversized.
    /// Null means the scan's text-file cap (<see cref="ScanSettings.MaxFileSize"/>). Path and size only, no I/O.
    /// </summary>
    long? MaxFileSizeFor(WorkspaceEntry entry) => null;

    /// <summary>
    /// Whether this file is wanted even when its content is binary (a NUL byte in the first 8 KiB), e.g. an
    /// archive the analyzer opens. Path only, no I/O; by default binary files are never handed over.
    /// </summary>
    bool AcceptsBinaryFile(WorkspaceEntry entry) => false;

    /// <summary>Cheap check on the path and size, before any I/O.</summary>
    bool Accepts(WorkspaceEntry entry);

    /// <summary>Analyzes one file. The content is only valid during the call: copy what you keep.</summary>
    void Analyze(FileContent file, AnalysisContext context);

    /// <summary>Called once after every file was analyzed, for work that needs the whole project.</summary>
    void Complete(AnalysisContext context)
    {
    }
}

public static class ScanDefaults
{
    /// <summary>Files above this size are skipped by text analyzers unless configured otherwise.</summary>
    public const long MaxTextFileSize = 10L * 1024 * 1024;

    /// <summary>How much of a file's head is looked at to call it binary (as git does).</summary>
    public const int BinarySniffLength = 8 * 1024;
}

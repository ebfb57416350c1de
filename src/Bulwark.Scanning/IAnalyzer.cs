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
    /// Largest file this analyzer wants; the runner never reads bigger files for it.
    /// Null means the scan's text-file cap (<see cref="ScanSettings.MaxFileSize"/>).
    /// </summary>
    long? MaxFileSize => null;

    /// <summary>Whether binary files (a NUL byte in the first 8 KiB) are offered too.</summary>
    bool AcceptsBinary => false;

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

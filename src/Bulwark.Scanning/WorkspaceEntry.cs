namespace Bulwark.Scanning;

/// <summary>
/// A regular file found by the walk. <see cref="RelativePath"/> uses '/' on every OS. <see cref="Length"/> is the
/// size when the walk listed it, or -1 when the walk did not measure sizes (<see cref="WorkspaceOptions.MeasureSizes"/>).
/// </summary>
public sealed record WorkspaceEntry(string FullPath, string RelativePath, long Length)
{
    /// <summary>The file name without directories.</summary>
    public string Name => System.IO.Path.GetFileName(RelativePath);

    /// <summary>The extension with its dot, lower-case (".json"), or empty.</summary>
    public string Extension => System.IO.Path.GetExtension(RelativePath).ToLowerInvariant();
}

namespace Bulwark.Analyzers.Dependencies.Extraction;

/// <summary>
/// One lockfile or manifest format. A tiny uniform plugin: a name and version (which key any cache),
/// a cheap path check before any I/O, and <see cref="Extract"/>, which never throws on bad input: a bad
/// file is a result with a warning naming the file and the line or field.
/// </summary>
internal interface IExtractor
{
    /// <summary>Ecosystem/format, e.g. <c>javascript/packagelockjson</c>.</summary>
    string Name { get; }

    int Version { get; }

    /// <summary>The OSV ecosystem of what this extractor reports (for docs and coverage tables).</summary>
    string Ecosystem { get; }

    /// <summary>Whether this file is one this extractor reads, from its path alone ('/' separators).</summary>
    bool FileRequired(string path);

    /// <summary>
    /// Files this extractor does not report on by themselves but reads to complete a required file
    /// (go.sum for go.mod, Directory.Packages.props for a .csproj, package.json beside a yarn.lock).
    /// </summary>
    bool CompanionRequired(string path) => false;

    /// <summary>
    /// True when <see cref="Extract"/> looks at other files of the tree (<see cref="ExtractorInput.Tree"/>);
    /// such files are extracted once the whole tree was seen.
    /// </summary>
    bool NeedsTree => false;

    ExtractionResult Extract(ExtractorInput input);
}

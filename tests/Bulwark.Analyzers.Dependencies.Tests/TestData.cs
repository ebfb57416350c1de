using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Tests;

/// <summary>Finds the testdata folder (kept in the source tree, not copied to the output) and runs extractors on it.</summary>
internal static class TestData
{
    private static readonly Lazy<string> RootDirectory = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "testdata");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Bulwark.Analyzers.Dependencies.Tests.csproj")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("testdata folder of Bulwark.Analyzers.Dependencies.Tests not found");
    });

    public static string Root => RootDirectory.Value;

    public static string Corpus => Path.Combine(Root, "corpus");

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>Runs one extractor on a testdata file, with the other files of its folder tree available.</summary>
    public static ExtractionResult Extract(IExtractor extractor, string relative, string? treeRoot = null)
    {
        var rootDir = treeRoot ?? Path.GetDirectoryName(relative)!.Replace('\\', '/');
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, rootDir), "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(Path.Combine(Root, rootDir), file).Replace('\\', '/')] = File.ReadAllText(file);
        }

        var path = Path.GetRelativePath(Path.Combine(Root, rootDir), Path.Combine(Root, relative)).Replace('\\', '/');
        return DependenciesAnalyzer.Run(extractor, new ExtractorInput(path, files[path], new SourceTree(files)));
    }

    /// <summary>Runs one extractor on literal text.</summary>
    public static ExtractionResult ExtractText(IExtractor extractor, string path, string text, IReadOnlyDictionary<string, string>? siblings = null)
    {
        var files = new Dictionary<string, string>(siblings ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [path] = text };
        return DependenciesAnalyzer.Run(extractor, new ExtractorInput(path, text, new SourceTree(files)));
    }

    public static Component Single(this ExtractionResult result, string name, string? version = null) =>
        Assert.Single(result.Components, c => c.Name == name && (version is null || c.Version == version));

    public static bool Has(this ExtractionResult result, string name, string? version = null) =>
        result.Components.Any(c => c.Name == name && (version is null || c.Version == version));

    public static IEnumerable<string> Failures(this ExtractionResult result) =>
        result.Notes.Where(n => n.Level != Core.WarningLevel.Info).Select(n => n.Format(result.Path));
}

using System.Xml.Linq;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.DotNet;

/// <summary>
/// SDK-style projects (<c>*.csproj</c>, <c>*.fsproj</c>, <c>*.vbproj</c>) and their <c>PackageReference</c>s, with
/// what MSBuild would import around them from the same tree: <c>Directory.Build.props</c> (properties and shared
/// references) and <c>Directory.Packages.props</c> (central package management: <c>PackageVersion</c>,
/// <c>GlobalPackageReference</c>, <c>VersionOverride</c>). Properties <c>$(X)</c> are expanded and simple
/// Conditions evaluated once per target framework; a Condition this reader cannot evaluate keeps a reference
/// (better listed than missed) but never overrides a version. Every reference is direct; <c>PrivateAssets="all"</c>
/// marks development-only ones (analyzers, build tools). Versions are the lowest the spec allows, which is what
/// NuGet picks; floating versions are reported without one.
/// </summary>
internal sealed class MsBuildProject : IExtractor
{
    public string Name => "dotnet/msbuildproject";

    public int Version => 1;

    public string Ecosystem => Ecosystems.NuGet;

    public bool NeedsTree => true;

    public bool FileRequired(string path) =>
        path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase);

    public bool CompanionRequired(string path) => PathOps.FileName(path) is "Directory.Packages.props" or "Directory.Build.props";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseXml(input.Text, log, out var project))
        {
            return log.Failure("the project was not extracted");
        }

        var buildProps = Imports(input, "Directory.Build.props", log);
        var packageProps = Imports(input, "Directory.Packages.props", log);
        var documents = buildProps.Concat(packageProps).Append((input.Path, project)).ToList();

        // First pass: properties without a target framework, to learn the target frameworks.
        var global = new MsBuildEvaluation
        {
            ["MSBuildProjectName"] = Path.GetFileNameWithoutExtension(input.FileName),
            ["MSBuildThisFileDirectory"] = string.Empty,
            ["MSBuildProjectDirectory"] = string.Empty,
        };
        foreach (var (_, doc) in documents)
        {
            ReadProperties(doc, global);
        }

        var frameworks = (global["TargetFrameworks"] is { Length: > 0 } many ? many.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [])
            .Concat(global["TargetFramework"] is { Length: > 0 } one ? [one] : [])
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (frameworks.Count == 0)
        {
            frameworks.Add(string.Empty);
        }

        var graph = new PackageGraph(Ecosystems.NuGet, input.Path);
        foreach (var framework in frameworks)
        {
            var evaluation = new MsBuildEvaluation
            {
                ["MSBuildProjectName"] = global["MSBuildProjectName"],
                ["MSBuildThisFileDirectory"] = string.Empty,
                ["MSBuildProjectDirectory"] = string.Empty,
                ["TargetFramework"] = framework,
            };
            foreach (var (_, doc) in documents)
            {
                ReadProperties(doc, evaluation);
            }

            evaluation["TargetFramework"] = framework;
            if (TargetFrameworks.Parse(framework) is { } parsed)
            {
                evaluation["TargetFrameworkIdentifier"] ??= parsed.Identifier;
            }

            var central = string.Equals(evaluation["ManagePackageVersionsCentrally"], "true", StringComparison.OrdinalIgnoreCase);
            var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var references = new Dictionary<string, Reference>(StringComparer.OrdinalIgnoreCase);
            foreach (var (path, doc) in packageProps)
            {
                foreach (var (item, known) in Items(doc, "PackageVersion", evaluation))
                {
                    if (item.Attribute("Include")?.Value is { } include && (known || !versions.ContainsKey(include)))
                    {
                        if (ReadVersion(item, "Version", evaluation, path, log) is { } v)
                        {
                            versions[include] = v;
                        }
                    }
                    else if (item.Attribute("Update")?.Value is { } update && known && versions.ContainsKey(update) && ReadVersion(item, "Version", evaluation, path, log) is { } v)
                    {
                        versions[update] = v;
                    }
                }

                foreach (var (item, _) in central ? Items(doc, "GlobalPackageReference", evaluation) : [])
                {
                    if (item.Attribute("Include")?.Value is { } include)
                    {
                        references[include] = new Reference(include, ReadVersion(item, "Version", evaluation, path, log), true, Documents.LineOf(item), path);
                    }
                }
            }

            foreach (var (path, doc) in buildProps.Append((input.Path, project)))
            {
                foreach (var (item, known) in Items(doc, "PackageReference", evaluation))
                {
                    var version = ReadVersion(item, "VersionOverride", evaluation, path, log) ?? ReadVersion(item, "Version", evaluation, path, log);
                    var dev = string.Equals(Metadata(item, "PrivateAssets"), "all", StringComparison.OrdinalIgnoreCase);
                    if (item.Attribute("Include")?.Value is { } include)
                    {
                        foreach (var name in include.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            references[name] = new Reference(name, version, dev, Documents.LineOf(item), path);
                        }
                    }
                    else if (item.Attribute("Update")?.Value is { } update && known && references.TryGetValue(update, out var existing) && version is not null)
                    {
                        references[update] = existing with { Version = version };
                    }
                }
            }

            foreach (var reference in references.Values)
            {
                var spec = reference.Version ?? (central ? versions.GetValueOrDefault(reference.Name) : null);
                var version = NuGetVersions.Lowest(spec);
                if (version is null)
                {
                    log.Info(spec is null ? $"{reference.Name} has no version here (central version missing or implicit); listed without one"
                        : $"{reference.Name} has a floating or open version '{spec}'; listed without one", reference.Line);
                }

                var node = graph.Add(reference.Name, version, Ecosystems.NuGetPurl(reference.Name, version));
                PackageGraph.MarkDirect(node, reference.Development ? DependencyScope.Development : DependencyScope.Production);
                node.MarkOccurrence(reference.Development, false);
            }
        }

        return log.Result(graph);
    }

    private sealed record Reference(string Name, string? Version, bool Development, int? Line, string File);

    /// <summary>The nearest file of this name at or above the project, and the ones it chains to with GetPathOfFileAbove; outermost first.</summary>
    private static List<(string Path, XDocument Document)> Imports(ExtractorInput input, string fileName, ExtractionLog log)
    {
        var chain = new List<(string, XDocument)>();
        var dir = input.Directory;
        while (true)
        {
            var candidate = PathOps.Combine(dir, fileName);
            if (input.Tree.Read(candidate) is { } text)
            {
                var importLog = new ExtractionLog(log.Extractor, candidate);
                if (!Documents.TryParseXml(text, importLog, out var doc))
                {
                    log.Warn($"{candidate} is not valid XML and was ignored: {importLog.Notes[0].Message}", importLog.Notes[0].Line);
                    break;
                }

                chain.Insert(0, (candidate, doc));
                var chainsUp = doc.Root?.Elements().Any(e => e.Name.LocalName == "Import"
                    && (e.Attribute("Project")?.Value ?? string.Empty).Contains(fileName, StringComparison.OrdinalIgnoreCase)) == true;
                if (!chainsUp)
                {
                    break;
                }
            }

            if (dir.Length == 0)
            {
                break;
            }

            dir = PathOps.DirectoryOf(dir);
        }

        return chain;
    }

    private static void ReadProperties(XDocument doc, MsBuildEvaluation evaluation)
    {
        foreach (var group in doc.Root?.Elements().Where(e => e.Name.LocalName == "PropertyGroup") ?? [])
        {
            var groupCondition = evaluation.Condition(group.Attribute("Condition")?.Value);
            if (groupCondition == false)
            {
                continue;
            }

            foreach (var property in group.Elements())
            {
                var condition = evaluation.Condition(property.Attribute("Condition")?.Value);
                var known = groupCondition == true && condition == true;
                if (condition == false || (!known && evaluation[property.Name.LocalName] is not null))
                {
                    continue;
                }

                if (evaluation.Expand(property.Value.Trim()) is { } value)
                {
                    evaluation[property.Name.LocalName] = value;
                }
            }
        }
    }

    /// <summary>Items of one type whose conditions are not false; Known is false when a condition could not be evaluated.</summary>
    private static IEnumerable<(XElement Item, bool Known)> Items(XDocument doc, string type, MsBuildEvaluation evaluation)
    {
        foreach (var group in doc.Root?.Elements().Where(e => e.Name.LocalName == "ItemGroup") ?? [])
        {
            var groupCondition = evaluation.Condition(group.Attribute("Condition")?.Value);
            if (groupCondition == false)
            {
                continue;
            }

            foreach (var item in group.Elements().Where(e => e.Name.LocalName == type))
            {
                var condition = evaluation.Condition(item.Attribute("Condition")?.Value);
                if (condition != false)
                {
                    yield return (item, groupCondition == true && condition == true);
                }
            }
        }
    }

    private static string? Metadata(XElement item, string name) =>
        item.Attribute(name)?.Value ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static string? ReadVersion(XElement item, string name, MsBuildEvaluation evaluation, string path, ExtractionLog log)
    {
        if (Metadata(item, name) is not { } raw)
        {
            return null;
        }

        if (evaluation.Expand(raw.Trim()) is { Length: > 0 } value)
        {
            return value;
        }

        log.Warn($"{name} '{raw}' of {item.Attribute("Include")?.Value ?? item.Attribute("Update")?.Value} could not be resolved (in {path})", Documents.LineOf(item));
        return null;
    }
}

using System.Text.RegularExpressions;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Python;

/// <summary>
/// pip requirements files: <c>requirements*.txt</c> and any <c>.txt</c> under a <c>requirements</c> folder
/// (pip-compile outputs like <c>requirements/main.txt</c>). Continuation lines, comments, <c>--hash</c>, extras and
/// environment markers are understood (markers are kept, not evaluated). A requirement pinned with <c>==</c> has its
/// version; an unpinned range is still listed, without a version (a range is not an inventory fact), and the file
/// gets one note counting them. <c>-c</c> constraint files pin unpinned names. <c>-r</c> includes are followed
/// within the tree: an included file that is itself a requirements file is reported on its own, any other is
/// reported under its own path. pip-compile's <c>"# via"</c> annotations give the graph: a package "via -r file"
/// is direct, one "via pkg" is pulled in by pkg; without annotations every line is direct. Files named for
/// development (dev, test, lint, docs) are development dependencies. Editable and URL requirements are local or
/// unversioned code and are noted, not listed.
/// </summary>
internal sealed partial class RequirementsTxt : IExtractor
{
    public string Name => "python/requirementstxt";

    public int Version => 1;

    public string Ecosystem => Ecosystems.PyPI;

    public bool NeedsTree => true;

    public bool FileRequired(string path)
    {
        if (!path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var name = PathOps.FileName(path).ToLowerInvariant();
        return name.Contains("requirements", StringComparison.Ordinal)
            || PathOps.DirectoryOf(path).Split('/').Any(s => s.Contains("requirements", StringComparison.OrdinalIgnoreCase));
    }

    public bool CompanionRequired(string path) =>
        path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) && PathOps.FileName(path).Contains("constraints", StringComparison.OrdinalIgnoreCase);

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        var components = new List<Core.Inventory.Component>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { input.Path };
        ExtractFile(input.Path, input.Text, input, log, components, visited, new Dictionary<string, string>(StringComparer.Ordinal));
        return log.Result(components);
    }

    private void ExtractFile(string path, string text, ExtractorInput input, ExtractionLog log, List<Core.Inventory.Component> components,
        HashSet<string> visited, Dictionary<string, string> constraints)
    {
        var lines = LogicalLines(text);
        var requirements = new List<(Pep508 Requirement, int Line, List<string> Via)>();
        var unpinned = 0;
        var annotated = false;
        List<string>? currentVia = null;
        var inVia = false;
        foreach (var (line, raw) in lines)
        {
            var trimmed = raw.Trim();
            if (trimmed.StartsWith('#'))
            {
                var comment = trimmed.TrimStart('#').Trim();
                if (currentVia is not null && comment.StartsWith("via", StringComparison.Ordinal))
                {
                    annotated = true;
                    inVia = true;
                    var rest = comment[3..].Trim();
                    if (rest.Length > 0)
                    {
                        currentVia.Add(rest);
                        inVia = false;
                    }
                }
                else if (inVia && currentVia is not null && comment.Length > 0 && raw.TrimStart().StartsWith("#  ", StringComparison.Ordinal))
                {
                    currentVia.Add(comment);
                }
                else
                {
                    inVia = false;
                }

                continue;
            }

            inVia = false;
            var content = StripComment(trimmed);
            if (content.Length == 0)
            {
                continue;
            }

            if (content.StartsWith('-'))
            {
                ReadOption(path, content, line, input, log, components, visited, constraints);
                currentVia = null;
                continue;
            }

            content = HashOption().Replace(content, string.Empty).Trim();
            if (content.Contains("://", StringComparison.Ordinal) && !content.Contains(" @ ", StringComparison.Ordinal))
            {
                var egg = EggName().Match(content);
                if (!egg.Success)
                {
                    log.Info($"URL requirement '{content}' names no package (#egg=); not listed", line);
                    currentVia = null;
                    continue;
                }

                log.Info($"{egg.Groups[1].Value} comes from a URL and is listed without a version", line);
                content = egg.Groups[1].Value;
            }

            if (Pep508.Parse(content) is not { } requirement)
            {
                log.Warn($"not a requirement: '{content}'", line);
                currentVia = null;
                continue;
            }

            currentVia = [];
            requirements.Add((requirement, line, currentVia));
        }

        var graph = new PackageGraph(Ecosystems.PyPI, path);
        var dev = IsDevelopmentFile(path);
        var byName = new Dictionary<string, PackageNode>(StringComparer.Ordinal);
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (requirement, _, _) in requirements)
        {
            if (requirement.PinnedVersion is { } pin)
            {
                pins.TryAdd(requirement.NormalizedName, pin);
            }
        }

        foreach (var (requirement, line, _) in requirements)
        {
            if (requirement.Url is not null)
            {
                log.Info($"{requirement.Name} comes from a URL and is listed without a version", line);
            }

            // "bleach==6.3.0" and "bleach[css]" in one file are one package at the pinned version.
            var version = requirement.PinnedVersion ?? pins.GetValueOrDefault(requirement.NormalizedName) ?? constraints.GetValueOrDefault(requirement.NormalizedName);
            if (version is null)
            {
                unpinned++;
            }

            var node = graph.Add(requirement.Name, version, Ecosystems.PyPIPurl(requirement.Name, version));
            node.MarkOccurrence(dev, false);
            byName.TryAdd(requirement.NormalizedName, node);
        }

        foreach (var (requirement, _, via) in requirements)
        {
            var node = byName[requirement.NormalizedName];
            if (!annotated || via.Count == 0 || via.Any(v => v.StartsWith("-r ", StringComparison.Ordinal) || v.StartsWith("-c ", StringComparison.Ordinal)))
            {
                PackageGraph.MarkDirect(node, dev ? DependencyScope.Development : DependencyScope.Production);
            }

            foreach (var parent in via)
            {
                var parentName = Ecosystems.NormalizePyPIName(parent.Split(' ', '[')[0]);
                if (byName.TryGetValue(parentName, out var from))
                {
                    PackageGraph.Depend(from, node);
                }
            }
        }

        if (unpinned > 0)
        {
            log.Info(path == log.Path ? $"{unpinned} requirement(s) without an exact == pin are listed without a version" : $"{path} (included): {unpinned} requirement(s) without an exact == pin are listed without a version");
        }

        components.AddRange(graph.ToComponents());
    }

    private void ReadOption(string path, string content, int line, ExtractorInput input, ExtractionLog log, List<Core.Inventory.Component> components,
        HashSet<string> visited, Dictionary<string, string> constraints)
    {
        var match = IncludeOption().Match(content);
        if (!match.Success)
        {
            if (content.StartsWith("-e", StringComparison.Ordinal) || content.StartsWith("--editable", StringComparison.Ordinal))
            {
                log.Info($"editable requirement is local code, not listed: '{content}'", line);
            }

            return;
        }

        var target = PathOps.Combine(PathOps.DirectoryOf(path), match.Groups["path"].Value);
        var isConstraint = match.Groups["opt"].Value is "-c" or "--constraint";
        var text = input.Tree.Read(target);
        if (text is null)
        {
            log.Warn($"included file {target} is not in the scanned tree", line);
            return;
        }

        if (isConstraint)
        {
            foreach (var (_, raw) in LogicalLines(text))
            {
                if (Pep508.Parse(HashOption().Replace(StripComment(raw.Trim()), string.Empty)) is { PinnedVersion: { } pin } r)
                {
                    constraints.TryAdd(r.NormalizedName, pin);
                }
            }

            return;
        }

        // A requirements file of its own is reported on its own; anything else is reported under its path here.
        if (!FileRequired(target) && visited.Add(target))
        {
            ExtractFile(target, text, input, log, components, visited, constraints);
        }
    }

    private static bool IsDevelopmentFile(string path) => DevelopmentName().IsMatch(Path.GetFileNameWithoutExtension(PathOps.FileName(path)).ToLowerInvariant());

    private static string StripComment(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        return (hash >= 0 ? line[..hash] : line).Trim();
    }

    /// <summary>Physical lines joined where a line ends in a backslash; each with the number of its first physical line.</summary>
    private static List<(int Line, string Text)> LogicalLines(string text)
    {
        var result = new List<(int, string)>();
        var pending = string.Empty;
        var start = 0;
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (pending.Length == 0)
            {
                start = number;
            }

            if (line.EndsWith('\\') && !line.TrimStart().StartsWith('#'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            result.Add((start, pending + line));
            pending = string.Empty;
        }

        if (pending.Length > 0)
        {
            result.Add((start, pending));
        }

        return result;
    }

    [GeneratedRegex(@"#egg=([A-Za-z0-9._-]+)")]
    private static partial Regex EggName();

    [GeneratedRegex(@"--hash[=\s]\S+")]
    private static partial Regex HashOption();

    [GeneratedRegex(@"^(?<opt>-r|--requirement|-c|--constraint)(?:\s+|=)(?<path>\S+)")]
    private static partial Regex IncludeOption();

    [GeneratedRegex(@"(^|[-_.])(dev|develop|development|test|tests|testing|lint|linting|docs?)([-_.]|$)")]
    private static partial Regex DevelopmentName();
}

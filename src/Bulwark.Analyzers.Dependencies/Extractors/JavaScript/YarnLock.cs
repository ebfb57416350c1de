using System.Text;
using Bulwark.Analyzers.Dependencies.Extraction;
using YamlDotNet.RepresentationModel;

namespace Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

/// <summary>
/// Yarn <c>yarn.lock</c>: classic (v1, Yarn's own indented format) and Berry (v2+, YAML with <c>__metadata</c>).
/// Entries are keyed by the descriptors (<c>name@range</c>) they satisfy; one package at one version is one
/// component however many descriptors point at it. Classic records nothing about the project itself, so the
/// package.json beside the lockfile (and those of its workspaces) say which dependencies are direct and dev.
/// Berry's <c>workspace:</c> entries are the project's own packages (not components; their dependencies are
/// direct); so are <c>file:</c>/<c>link:</c>/<c>portal:</c> folders in both formats. <c>npm:</c> aliases and
/// <c>patch:</c> entries report the real package.
/// </summary>
internal sealed class YarnLock : IExtractor
{
    /// <summary>The newest Berry <c>__metadata.version</c> this reader knows.</summary>
    private const int NewestBerryVersion = 10;

    public string Name => "javascript/yarnlock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Npm;

    public bool NeedsTree => true;

    public bool FileRequired(string path) => PathOps.FileName(path) == "yarn.lock" && !PathOps.InDirectory(path, "node_modules");

    public bool CompanionRequired(string path) => PathOps.FileName(path) == "package.json" && !PathOps.InDirectory(path, "node_modules");

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        var graph = new PackageGraph(Ecosystems.Npm, input.Path);
        var manifests = NpmManifests.Read(input, log);
        var completeness = new LockfileCompleteness(log);
        if (input.Text.Contains("\n__metadata:", StringComparison.Ordinal) || input.Text.StartsWith("__metadata:", StringComparison.Ordinal))
        {
            if (!ReadBerry(input, manifests, graph, log, completeness))
            {
                return log.Failure("the lockfile was not extracted");
            }
        }
        else
        {
            ReadClassic(input.Text, manifests, graph, log, completeness);
        }

        completeness.Report(input.Text);

        graph.PropagateScopes();
        return log.Result(graph);
    }

    // ---- classic (v1) ----

    private static void ReadClassic(string text, IReadOnlyList<(string Directory, System.Text.Json.JsonElement Manifest)> manifests, PackageGraph graph, ExtractionLog log, LockfileCompleteness completeness)
    {
        var entries = ParseClassic(text, log);
        var byDescriptor = new Dictionary<string, PackageNode>(StringComparer.Ordinal);
        var nodes = new List<(ClassicEntry Entry, PackageNode Node)>();
        var local = new List<ClassicEntry>();
        foreach (var entry in entries)
        {
            if (!entry.Fields.TryGetValue("version", out var version))
            {
                log.Warn("entry has no version", entry.Line, entry.Descriptors[0]);
                continue;
            }

            var (name, range) = NpmNames.SplitDescriptor(entry.Descriptors[0]);
            if (range.StartsWith("npm:", StringComparison.Ordinal))
            {
                name = NpmNames.SplitDescriptor(range[4..]).Name;
            }

            if (IsLocalRange(range))
            {
                // file:/link: folders are the project's own code: what they need is direct.
                local.Add(entry);
                continue;
            }

            var node = graph.Add(name, version, Ecosystems.NpmPurl(name, version));
            nodes.Add((entry, node));
            foreach (var descriptor in entry.Descriptors)
            {
                byDescriptor[descriptor] = node;
            }
        }

        // What the lockfile cannot hold an entry for: the project's own folders and workspace members.
        var ownNames = manifests.Select(m => m.Manifest.String("name")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        bool Missing(string dep, string range) =>
            !byDescriptor.ContainsKey($"{dep}@{range}") && !IsLocalRange(range) && !range.StartsWith("workspace:", StringComparison.Ordinal)
            && !ownNames.Contains(dep) && !local.Any(l => l.Descriptors.Contains($"{dep}@{range}"));

        foreach (var (entry, node) in nodes)
        {
            foreach (var (dep, range) in entry.Dependencies)
            {
                if (byDescriptor.TryGetValue($"{dep}@{range}", out var target))
                {
                    PackageGraph.Depend(node, target);
                }
                else if (Missing(dep, range))
                {
                    completeness.Missing(entry.Descriptors[0], dep, range, entry.Line);
                }
            }

            foreach (var (dep, range) in entry.OptionalDependencies)
            {
                if (byDescriptor.TryGetValue($"{dep}@{range}", out var target))
                {
                    PackageGraph.Depend(node, target, optional: true);
                }
                else if (Missing(dep, range))
                {
                    completeness.Missing(entry.Descriptors[0], dep, range, entry.Line);
                }
            }
        }

        foreach (var entry in local)
        {
            foreach (var (dep, range) in entry.Dependencies.Concat(entry.OptionalDependencies))
            {
                if (byDescriptor.TryGetValue($"{dep}@{range}", out var target))
                {
                    PackageGraph.MarkDirect(target);
                }
            }
        }

        foreach (var (directory, manifest) in manifests)
        {
            // Yarn classic does not install peers: a peer the project names only as a peer is not looked for.
            var installed = new[] { "dependencies", "devDependencies", "optionalDependencies" }
                .SelectMany(section => manifest.Members(section).Select(p => $"{p.Name}@{p.Value}")).ToHashSet(StringComparer.Ordinal);
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, spec, scope) in NpmNames.ManifestDependencies(manifest))
            {
                if (byDescriptor.TryGetValue($"{name}@{spec}", out var target))
                {
                    PackageGraph.MarkDirect(target, scope);
                }
                else if (installed.Contains($"{name}@{spec}") && Missing(name, spec) && reported.Add($"{name}@{spec}"))
                {
                    completeness.Missing(PathOps.Combine(directory, "package.json"), name, spec);
                }
            }
        }
    }

    private sealed class ClassicEntry(int line, IReadOnlyList<string> descriptors)
    {
        public int Line { get; } = line;

        public IReadOnlyList<string> Descriptors { get; } = descriptors;

        public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

        public List<(string Name, string Range)> Dependencies { get; } = [];

        public List<(string Name, string Range)> OptionalDependencies { get; } = [];
    }

    private static List<ClassicEntry> ParseClassic(string text, ExtractionLog log)
    {
        var entries = new List<ClassicEntry>();
        ClassicEntry? current = null;
        List<(string, string)>? section = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - trimmed.Length;
            if (indent == 0)
            {
                section = null;
                if (!trimmed.EndsWith(':'))
                {
                    log.Warn("expected an entry header ending in ':'", lineNumber);
                    current = null;
                    continue;
                }

                var descriptors = SplitDescriptors(trimmed[..^1]);
                if (descriptors.Count == 0)
                {
                    log.Warn("entry header names no package", lineNumber);
                    current = null;
                    continue;
                }

                current = new ClassicEntry(lineNumber, descriptors);
                entries.Add(current);
                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (indent <= 2)
            {
                section = null;
                if (trimmed.EndsWith(':'))
                {
                    section = Unquote(trimmed[..^1]) switch
                    {
                        "dependencies" => current.Dependencies,
                        "optionalDependencies" => current.OptionalDependencies,
                        _ => [],
                    };
                    continue;
                }

                var (key, value) = SplitField(trimmed);
                current.Fields[key] = value;
                continue;
            }

            if (section is not null)
            {
                var (key, value) = SplitField(trimmed);
                section.Add((key, value));
            }
        }

        return entries;
    }

    private static (string Key, string Value) SplitField(string text)
    {
        if (text.StartsWith('"'))
        {
            var end = text.IndexOf('"', 1);
            if (end > 0)
            {
                return (text[1..end], Unquote(text[(end + 1)..].Trim()));
            }
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, string.Empty) : (text[..space], Unquote(text[(space + 1)..].Trim()));
    }

    private static List<string> SplitDescriptors(string header)
    {
        var result = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        foreach (var c in header)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                Flush();
            }
            else
            {
                sb.Append(c);
            }
        }

        Flush();
        return result;

        void Flush()
        {
            var d = sb.ToString().Trim();
            if (d.Length > 0)
            {
                result.Add(d);
            }

            sb.Clear();
        }
    }

    private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    // ---- Berry (v2+) ----

    private static bool ReadBerry(ExtractorInput input, IReadOnlyList<(string Directory, System.Text.Json.JsonElement Manifest)> manifests, PackageGraph graph, ExtractionLog log, LockfileCompleteness completeness)
    {
        if (!Documents.TryParseYaml(input.Text, log, out var root))
        {
            return false;
        }

        var metadataVersion = root.Map("__metadata")?.Scalar("version");
        if (!int.TryParse(metadataVersion, out var version) || version > NewestBerryVersion)
        {
            log.Warn($"unsupported yarn lockfile __metadata.version {metadataVersion ?? "(missing)"}; supported are 4 to {NewestBerryVersion}", field: "__metadata.version");
            return false;
        }

        var byDescriptor = new Dictionary<string, PackageNode>(StringComparer.Ordinal);
        var byName = new Dictionary<string, List<PackageNode>>(StringComparer.Ordinal);
        var workspaces = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        var workspaceNames = new HashSet<string>(StringComparer.Ordinal);
        var localEntries = new List<YamlMappingNode>();
        var packages = new List<(YamlMappingNode Entry, PackageNode Node)>();
        foreach (var (key, value) in root.Entries())
        {
            if (key == "__metadata")
            {
                continue;
            }

            if (value is not YamlMappingNode entry)
            {
                log.Warn("entry is not a mapping", Documents.LineOf(value), key);
                continue;
            }

            var resolution = entry.Scalar("resolution");
            if (resolution is null)
            {
                log.Warn("entry has no resolution", Documents.LineOf(value), key);
                continue;
            }

            var (name, reference) = NpmNames.SplitDescriptor(resolution);
            if (reference.StartsWith("workspace:", StringComparison.Ordinal))
            {
                workspaces[reference["workspace:".Length..]] = entry;
                workspaceNames.Add(name);
                continue;
            }

            if (entry.Scalar("linkType") == "soft" || IsLocalRange(reference))
            {
                // link:, portal: and file: point at folders of the project itself: what they need is direct.
                localEntries.Add(entry);
                continue;
            }

            var packageVersion = entry.Scalar("version");
            if (reference.StartsWith("npm:", StringComparison.Ordinal))
            {
                packageVersion ??= reference[4..];
            }

            var node = graph.Add(name, packageVersion, Ecosystems.NpmPurl(name, packageVersion));
            packages.Add((entry, node));
            if (!byName.TryGetValue(name, out var versions))
            {
                byName[name] = versions = [];
            }

            if (!versions.Contains(node))
            {
                versions.Add(node);
            }

            foreach (var descriptor in key.Split(", ").Select(d => d.Trim()))
            {
                byDescriptor[descriptor] = node;

                // A patch: or file: descriptor is keyed with the workspace that asked for it ("…::locator=…"), but
                // a resolutions entry names it without: both find the entry.
                var locator = descriptor.IndexOf("::locator=", StringComparison.Ordinal);
                if (locator > 0)
                {
                    byDescriptor.TryAdd(descriptor[..locator], node);
                }
            }
        }

        var rootManifest = manifests.FirstOrDefault(m => m.Directory == input.Directory).Manifest;
        var resolver = new BerryResolver(byDescriptor, byName, BerryResolution.Read(rootManifest));
        // Workspace members and the project's folders have entries of their own, but no component to find; a
        // registry range a workspace member satisfies resolves to that member (Yarn's transparent workspaces).
        bool Missing(string dep, string range) => !range.StartsWith("workspace:", StringComparison.Ordinal) && !IsLocalRange(range) && !workspaceNames.Contains(dep);
        foreach (var (entry, node) in packages)
        {
            foreach (var (dep, range) in Dependencies(entry, "dependencies"))
            {
                if (resolver.Find(node.Name, dep, range) is { } target)
                {
                    PackageGraph.Depend(node, target, optional: IsOptional(entry, dep));
                }
                else if (Missing(dep, range))
                {
                    completeness.Missing(entry.Scalar("resolution") ?? node.Name, dep, range, Documents.LineOf(entry));
                }
            }
        }

        foreach (var entry in localEntries)
        {
            var (owner, _) = NpmNames.SplitDescriptor(entry.Scalar("resolution") ?? string.Empty);
            foreach (var (dep, range) in Dependencies(entry, "dependencies"))
            {
                if (resolver.Find(owner, dep, range) is { } target)
                {
                    PackageGraph.MarkDirect(target, IsOptional(entry, dep) ? DependencyScope.Optional : DependencyScope.Production);
                }
                else if (Missing(dep, range))
                {
                    completeness.Missing(entry.Scalar("resolution") ?? owner, dep, range, Documents.LineOf(entry));
                }
            }
        }

        foreach (var (directory, entry) in workspaces)
        {
            var manifestDir = PathOps.Combine(input.Directory, directory);
            var manifest = manifests.FirstOrDefault(m => m.Directory == manifestDir).Manifest;
            // Development only when the manifest names it under devDependencies alone: a package that is also in
            // dependencies (a common way to pin the same range for both) is installed by `--production` too.
            var devNames = manifest.ValueKind == System.Text.Json.JsonValueKind.Object
                ? NpmNames.ManifestDependencies(manifest).GroupBy(d => d.Name, StringComparer.Ordinal)
                    .Where(g => g.All(d => d.Scope == DependencyScope.Development)).Select(g => g.Key).ToHashSet(StringComparer.Ordinal)
                : [];
            var (owner, _) = NpmNames.SplitDescriptor(entry.Scalar("resolution") ?? string.Empty);
            foreach (var (dep, range) in Dependencies(entry, "dependencies"))
            {
                if (resolver.Find(owner, dep, range) is { } target)
                {
                    var scope = devNames.Contains(dep) ? DependencyScope.Development
                        : IsOptional(entry, dep) ? DependencyScope.Optional : DependencyScope.Production;
                    PackageGraph.MarkDirect(target, scope);
                }
                else if (Missing(dep, range))
                {
                    completeness.Missing(entry.Scalar("resolution") ?? owner, dep, range, Documents.LineOf(entry));
                }
            }
        }

        return true;
    }

    /// <summary>A range naming a folder of the project ("file:../lib", "link:./pkg"); a file: tarball (.tgz) is a package.</summary>
    private static bool IsLocalRange(string range) =>
        range.StartsWith("link:", StringComparison.Ordinal) || range.StartsWith("portal:", StringComparison.Ordinal)
        || (range.StartsWith("file:", StringComparison.Ordinal) && !range.Contains(".tgz", StringComparison.Ordinal) && !range.Contains(".tar.gz", StringComparison.Ordinal));

    private static IEnumerable<(string Name, string Range)> Dependencies(YamlMappingNode entry, string key) =>
        entry.Map(key).Entries().Where(e => e.Value is YamlScalarNode).Select(e => (e.Key, ((YamlScalarNode)e.Value).Value ?? string.Empty));

    private static bool IsOptional(YamlMappingNode entry, string dep) =>
        entry.Map("dependenciesMeta")?.Map(dep)?.IsTrue("optional") == true;

    /// <summary>
    /// Finds the entry a Berry dependency resolved to. A dependency is written with the range its package asked for,
    /// but the root package.json's <c>resolutions</c> can send it elsewhere (<c>"@types/node": "18.x"</c> makes every
    /// <c>@types/node@npm:^18.14</c> the entry <c>@types/node@npm:18.x</c>), and then no entry carries the asked-for
    /// descriptor. The resolution is applied as Yarn does; failing that, a package locked at a single version can only
    /// have resolved to that version, since a Berry lockfile holds every resolution an install needs.
    /// </summary>
    private sealed class BerryResolver(
        Dictionary<string, PackageNode> byDescriptor,
        Dictionary<string, List<PackageNode>> byName,
        IReadOnlyList<BerryResolution> resolutions)
    {
        public PackageNode? Find(string dependent, string name, string range)
        {
            if ((byDescriptor.GetValueOrDefault($"{name}@{range}") ?? byDescriptor.GetValueOrDefault($"{name}@npm:{range}")) is { } exact)
            {
                return exact;
            }

            foreach (var resolution in resolutions)
            {
                if (resolution.Applies(dependent, name, range) && (byDescriptor.GetValueOrDefault($"{name}@{resolution.Target}")
                    ?? byDescriptor.GetValueOrDefault($"{name}@npm:{resolution.Target}")) is { } resolved)
                {
                    return resolved;
                }
            }

            return byName.TryGetValue(name, out var versions) && versions.Count == 1 ? versions[0] : null;
        }
    }
}

/// <summary>
/// One entry of package.json <c>resolutions</c> as Yarn Berry reads it: <c>name</c>, <c>parent/name</c> (only when
/// <c>parent</c> asks for it), <c>name@range</c> (only that range), optionally after <c>**/</c>; scoped names count as
/// one segment. The value is a range or a protocol descriptor.
/// </summary>
internal sealed record BerryResolution(string? Parent, string Name, string? Range, string Target)
{
    public bool Applies(string dependent, string name, string range) =>
        Name == name
        && (Parent is null || Parent == dependent)
        && (Range is null || Range == range || $"npm:{Range}" == range || Range == $"npm:{range}");

    public static IReadOnlyList<BerryResolution> Read(System.Text.Json.JsonElement manifest)
    {
        if (manifest.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return [];
        }

        var result = new List<BerryResolution>();
        foreach (var entry in manifest.Members("resolutions"))
        {
            if (entry.Value.ValueKind != System.Text.Json.JsonValueKind.String || entry.Value.GetString() is not { Length: > 0 } target)
            {
                continue;
            }

            var key = entry.Name.StartsWith("**/", StringComparison.Ordinal) ? entry.Name[3..] : entry.Name;
            var segments = Segments(key);
            if (segments.Count is 0 or > 2)
            {
                continue;
            }

            var (name, range) = NpmNames.SplitDescriptor(segments[^1]);
            result.Add(new BerryResolution(
                segments.Count == 2 ? NpmNames.SplitDescriptor(segments[0]).Name : null,
                name,
                range.Length == 0 ? null : range,
                target));
        }

        return result;
    }

    /// <summary>"a/@s/b" → ["a", "@s/b"]: a scope and its name are one package.</summary>
    private static List<string> Segments(string key)
    {
        var parts = key.Split('/');
        var segments = new List<string>();
        for (var i = 0; i < parts.Length; i++)
        {
            segments.Add(parts[i].StartsWith('@') && i + 1 < parts.Length ? $"{parts[i]}/{parts[++i]}" : parts[i]);
        }

        return segments;
    }
}

using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

/// <summary>
/// Bun's text lockfile <c>bun.lock</c> (JSONC: comments and trailing commas), lockfileVersion 0, 1 and 2 (Bun 1.4
/// writes 2 for new lockfiles; its content is that of 1, the number only turns on stricter checks in Bun itself).
/// <c>packages</c> maps an install key (<c>name</c>, or <c>parent/name</c> for a nested copy) to
/// <c>["real-name@version", registry, {dependencies…}, integrity]</c>; <c>workspaces</c> are the projects,
/// whose dependencies are direct. Workspace, link, file-folder and root entries are not components; what a
/// <c>file:</c> folder asks for is direct. A tarball (<c>name@https://…/name-1.0.0.tgz</c>, <c>name@vendor/x.tgz</c>)
/// has its version in its file name. A peer the lockfile resolved is required, optional (<c>optionalPeers</c>) or not:
/// Bun installs it even with <c>--omit=optional</c>.
/// </summary>
internal sealed class BunLock : IExtractor
{
    public string Name => "javascript/bunlock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Npm;

    public bool FileRequired(string path) => PathOps.FileName(path) == "bun.lock" && !PathOps.InDirectory(path, "node_modules");

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseJson(input.Text, log, out var document, lenient: true))
        {
            return log.Failure("the lockfile was not extracted");
        }

        using (document)
        {
            var root = document.RootElement;
            var version = root.Int("lockfileVersion") ?? -1;
            if (version is not (0 or 1 or 2))
            {
                return log.Failure($"unsupported lockfileVersion {(version < 0 ? "(missing)" : version)}; supported are 0, 1 and 2", field: "lockfileVersion");
            }

            var graph = new PackageGraph(Ecosystems.Npm, input.Path);
            var nodes = new Dictionary<string, (PackageNode Node, JsonElement Info)>(StringComparer.Ordinal);
            var folders = new List<(string Key, JsonElement Info)>();
            foreach (var p in root.Members("packages"))
            {
                if (p.Value.ValueKind != JsonValueKind.Array || p.Value.GetArrayLength() == 0 || p.Value[0].ValueKind != JsonValueKind.String)
                {
                    log.Warn("package entry is not [\"name@version\", …]", field: $"packages[\"{p.Name}\"]");
                    continue;
                }

                var (name, reference) = NpmNames.SplitDescriptor(p.Value[0].GetString()!);
                var info = p.Value.EnumerateArray().FirstOrDefault(e => e.ValueKind == JsonValueKind.Object);
                if (reference.StartsWith("workspace:", StringComparison.Ordinal) || reference.StartsWith("root:", StringComparison.Ordinal))
                {
                    continue;
                }

                if (NpmNames.IsLocalFolder(reference))
                {
                    folders.Add((p.Name, info));
                    continue;
                }

                var packageVersion = NpmNames.IsRegistryVersion(reference) ? reference : NpmNames.TarballVersion(name, reference);
                var node = graph.Add(name, packageVersion, Ecosystems.NpmPurl(name, packageVersion));
                nodes[p.Name] = (node, info);
            }

            foreach (var (key, (node, info)) in nodes)
            {
                foreach (var (dep, _, scope) in NpmNames.ManifestDependencies(info))
                {
                    if (scope != DependencyScope.Development && Resolve(key, dep, nodes) is { } target)
                    {
                        PackageGraph.Depend(node, target, optional: scope == DependencyScope.Optional);
                    }
                }
            }

            // A file: folder is the project's own code (Bun copies it in): what it asks for is direct.
            foreach (var (key, info) in folders)
            {
                foreach (var (dep, _, scope) in NpmNames.ManifestDependencies(info))
                {
                    if (scope != DependencyScope.Development && Resolve(key, dep, nodes) is { } target)
                    {
                        PackageGraph.MarkDirect(target, scope);
                    }
                }
            }

            foreach (var workspace in root.Members("workspaces"))
            {
                foreach (var (dep, _, scope) in NpmNames.ManifestDependencies(workspace.Value))
                {
                    if (Resolve(workspace.Value.String("name") ?? string.Empty, dep, nodes) is { } target)
                    {
                        PackageGraph.MarkDirect(target, scope);
                    }
                }
            }

            graph.PropagateScopes();
            return log.Result(graph);
        }
    }

    /// <summary>The nearest copy: <c>from/name</c>, then up through <c>from</c>'s parents, then the hoisted <c>name</c>.</summary>
    private static PackageNode? Resolve(string from, string name, Dictionary<string, (PackageNode Node, JsonElement Info)> nodes)
    {
        var prefix = from;
        while (prefix.Length > 0)
        {
            if (nodes.TryGetValue(prefix + "/" + name, out var found))
            {
                return found.Node;
            }

            prefix = Parent(prefix);
        }

        return nodes.TryGetValue(name, out var hoisted) ? hoisted.Node : null;
    }

    /// <summary>"a/@s/b" → "a"; "@s/b" → "": the install key without its last package name.</summary>
    private static string Parent(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash < 0)
        {
            return string.Empty;
        }

        var parent = key[..slash];
        var scopeSlash = parent.LastIndexOf('/');
        var lastSegment = scopeSlash < 0 ? parent : parent[(scopeSlash + 1)..];
        if (lastSegment.StartsWith('@'))
        {
            return scopeSlash < 0 ? string.Empty : parent[..scopeSlash];
        }

        return parent;
    }
}

using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Php;

/// <summary>
/// PHP Composer <c>composer.lock</c>: <c>packages</c> and <c>packages-dev</c> (development), with <c>require</c>
/// edges between them (platform requirements <c>php</c>, <c>ext-*</c>, <c>lib-*</c> are not packages). The
/// <c>composer.json</c> beside it names the direct ones (<c>require</c>, <c>require-dev</c>). A leading "v" in a
/// version is dropped, as Packagist normalises it.
/// </summary>
internal sealed class ComposerLock : IExtractor
{
    public string Name => "php/composerlock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Packagist;

    public bool NeedsTree => true;

    public bool FileRequired(string path) => PathOps.FileName(path) == "composer.lock" && !PathOps.InDirectory(path, "vendor");

    public bool CompanionRequired(string path) => PathOps.FileName(path) == "composer.json" && !PathOps.InDirectory(path, "vendor");

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseJson(input.Text, log, out var document))
        {
            return log.Failure("the lockfile was not extracted");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.Array("packages") is null)
            {
                return log.Failure("no packages array; not a composer.lock", field: "packages");
            }

            var graph = new PackageGraph(Ecosystems.Packagist, input.Path);
            var byName = new Dictionary<string, PackageNode>(StringComparer.OrdinalIgnoreCase);
            var entries = new List<(PackageNode Node, JsonElement Package)>();
            foreach (var (section, dev) in new[] { ("packages", false), ("packages-dev", true) })
            {
                var index = 0;
                foreach (var package in root.Items(section))
                {
                    var name = package.String("name");
                    var version = package.String("version");
                    if (name is null || version is null)
                    {
                        log.Warn("package without name or version", field: $"{section}[{index}]");
                        index++;
                        continue;
                    }

                    index++;
                    version = version.Length > 1 && version[0] == 'v' && char.IsAsciiDigit(version[1]) ? version[1..] : version;
                    var node = graph.Add(name, version, Ecosystems.ComposerPurl(name, version));
                    node.MarkOccurrence(dev, false);
                    // Composer's license array lists the licences a user may choose from (dual licensing): one OR expression.
                    var licenses = package.Strings("license").Where(l => l.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToList();
                    if (package.String("license") is { Length: > 0 } single)
                    {
                        licenses.Add(single);
                    }

                    if (node.Licenses.Count == 0 && Core.Licenses.LicenseNormalizer.AnyOf(licenses) is { } license)
                    {
                        node.Licenses.Add(licenses.Count == 1 ? licenses[0] : license.Text);
                    }

                    byName[name] = node;
                    entries.Add((node, package));
                }
            }

            foreach (var (node, package) in entries)
            {
                foreach (var require in package.Members("require"))
                {
                    if (byName.TryGetValue(require.Name, out var target))
                    {
                        PackageGraph.Depend(node, target);
                    }
                }
            }

            if (input.Tree.Read(PathOps.Combine(input.Directory, "composer.json")) is { } manifestText)
            {
                try
                {
                    using var manifest = JsonDocument.Parse(manifestText);
                    foreach (var (section, scope) in new[] { ("require", DependencyScope.Production), ("require-dev", DependencyScope.Development) })
                    {
                        foreach (var require in manifest.RootElement.Members(section))
                        {
                            if (byName.TryGetValue(require.Name, out var target))
                            {
                                PackageGraph.MarkDirect(target, scope);
                            }
                        }
                    }
                }
                catch (JsonException)
                {
                    log.Info("composer.json beside the lockfile is not valid JSON; direct dependencies were inferred");
                }
            }

            graph.PropagateScopes();
            return log.Result(graph);
        }
    }
}

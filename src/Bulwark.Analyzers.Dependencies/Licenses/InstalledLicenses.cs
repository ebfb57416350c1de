using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Core;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// Fills in the licences the lockfile does not carry from the packages installed beside it: <c>node_modules</c>
/// next to an npm lockfile and in its workspaces (the folders below it with a package.json, where Yarn and npm put
/// the packages they could not hoist), virtualenvs and <c>__pypackages__</c> next to a Python lockfile (both usually ignored by
/// .gitignore, so the walk never saw them: they are read directly, inside the scanned root, never through a link,
/// within <see cref="InstalledPackageLimits"/>), Yarn Plug'n'Play's <c>.yarn/cache</c> zips and <c>.yarn/unplugged</c>,
/// Composer's <c>vendor/composer/installed.json</c>, Mix's <c>deps/*/hex_metadata.config</c>; and outside the tree, the package caches of this machine
/// (<see cref="PackageCaches"/>: NuGet's global packages folder, Cargo's registry sources, Go's module cache, Maven's
/// local repository and Gradle's module cache), where only the exact folder of a listed component is read.
/// A component is matched by ecosystem, name and version; one without a version takes the licence only when
/// exactly one version is installed.
/// </summary>
internal sealed class InstalledLicenses
{
    private readonly string _root;
    private readonly PackageCaches _caches;
    private readonly MavenRepository _maven;
    private readonly Dictionary<(string, string, string), InstalledPackage?> _cached = [];
    private readonly Dictionary<string, int> _fromCaches = new(StringComparer.Ordinal);
    private readonly InstalledPackageLimits _limits;
    private readonly IReadOnlyList<string> _manifestDirectories;
    private readonly Dictionary<string, Dictionary<string, List<InstalledPackage>>?> _byDirectory = new(StringComparer.Ordinal);

    /// <param name="manifestDirectories">Folders of the tree (relative, '/') that hold a package.json outside node_modules.</param>
    public InstalledLicenses(string root, PackageCaches caches, IEnumerable<string>? manifestDirectories = null, InstalledPackageLimits? limits = null)
    {
        _root = Path.GetFullPath(root);
        _caches = caches;
        _limits = limits ?? new InstalledPackageLimits();
        _maven = new MavenRepository(caches.MavenRepository, caches.GradleModules, _limits);
        _manifestDirectories = [.. (manifestDirectories ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>What was read, for the scan's notes: (directory or folder, packages read, manifests that could not be read).</summary>
    public List<(string Where, int Packages, int Unreadable)> Sources { get; } = [];

    /// <summary>For the scan's notes: how many components took their licence from each package cache outside the tree.</summary>
    public IReadOnlyDictionary<string, int> FromCaches => _fromCaches;

    public IReadOnlyList<Component> Fill(IReadOnlyList<Component> components, CancellationToken cancellationToken)
    {
        var result = new List<Component>(components.Count);
        foreach (var component in components)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (component.Licenses.Count > 0 || Find(component) is not { Licenses.Count: > 0 } installed)
            {
                result.Add(component);
                continue;
            }

            if (CacheDescription(component.Ecosystem) is { } cache)
            {
                _fromCaches[cache] = _fromCaches.GetValueOrDefault(cache) + 1;
            }

            result.Add(component with { Licenses = installed.Licenses.ToEquatableArray() });
        }

        return result;
    }

    private InstalledPackage? Find(Component component)
    {
        switch (component.Ecosystem)
        {
            case "npm" when component.SourceFile is { } file:
                return Match(Installed("npm", PathOps.DirectoryOf(file)), component.Name, component.Version);
            case "PyPI" when component.SourceFile is { } file:
                return Match(Installed("PyPI", PathOps.DirectoryOf(file)), Ecosystems.NormalizePyPIName(component.Name), component.Version);
            case "Packagist" when component.SourceFile is { } file:
                return Match(Installed("Packagist", PathOps.DirectoryOf(file)), component.Name.ToLowerInvariant(), component.Version)
                    ?? (component.Version is { } v && !v.StartsWith('v') ? Match(Installed("Packagist", PathOps.DirectoryOf(file)), component.Name.ToLowerInvariant(), "v" + v) : null);
            case "Hex" when component.SourceFile is { } file:
                return Match(Installed("Hex", PathOps.DirectoryOf(file)), component.Name.ToLowerInvariant(), component.Version);
            case "NuGet" when _caches.NuGet is { } folder && component.Version is { } version:
                return Cached(component, () => NuGetPackagesFolder.Find(folder, component.Name, version, _limits));
            case "crates.io" when _caches.CargoRegistrySources is { } sources && component.Version is { } version:
                return Cached(component, () => CargoRegistry.Find(sources, component.Name, version, _limits));
            case "Go" when _caches.GoModules is { } modules && component.Version is { } version:
                return Cached(component, () => GoModuleCache.Find(modules, component.Name, version, _limits));
            case "Maven" when (_caches.MavenRepository is not null || _caches.GradleModules is not null) && component.Version is { } version:
                return Cached(component, () => _maven.Find(component.Name, version));
            default:
                return null;
        }
    }

    /// <summary>Where a component of the ecosystem takes its licence from outside the tree, for the scan's note; null for in-tree folders.</summary>
    private string? CacheDescription(string? ecosystem) => ecosystem switch
    {
        "NuGet" => $"NuGet package(s) read from the global packages folder {_caches.NuGet?.FullName}",
        "crates.io" => $"crates.io package(s) read from Cargo's registry sources {_caches.CargoRegistrySources?.FullName}",
        "Go" => $"Go module(s) read from the module cache {_caches.GoModules?.FullName}",
        "Maven" => "Maven package(s) read from the local repository" + (_caches.MavenRepository is { } m ? $" {m.FullName}" : string.Empty)
            + (_caches.GradleModules is { } g ? $"{(_caches.MavenRepository is null ? string.Empty : " and")} Gradle's module cache {g.FullName}" : string.Empty),
        _ => null,
    };

    private InstalledPackage? Cached(Component component, Func<InstalledPackage?> read)
    {
        var key = (component.Ecosystem!, component.Name.ToLowerInvariant(), component.Version!.ToLowerInvariant());
        if (!_cached.TryGetValue(key, out var found))
        {
            found = read();
            _cached[key] = found;
        }

        return found;
    }

    private static InstalledPackage? Match(Dictionary<string, List<InstalledPackage>>? installed, string name, string? version)
    {
        if (installed is null || !installed.TryGetValue(name, out var candidates))
        {
            return null;
        }

        if (version is null)
        {
            var versions = candidates.Select(c => c.Version).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            return versions == 1 ? candidates[0] : null;
        }

        return candidates.FirstOrDefault(c => string.Equals(c.Version, version, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The packages installed for the lockfiles of one directory, read once, by (normalised) name.</summary>
    private Dictionary<string, List<InstalledPackage>>? Installed(string ecosystem, string directory)
    {
        var cacheKey = ecosystem + "|" + directory;
        if (_byDirectory.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        Dictionary<string, List<InstalledPackage>>? index = null;
        if (InstalledTree.RealDirectory(Path.Combine(_root, directory), _root) is { } project)
        {
            var unreadable = 0;
            var packages = new List<InstalledPackage>();
            if (ecosystem == "npm")
            {
                var workspaces = _manifestDirectories.Where(d => directory.Length == 0 ? d.Length > 0 : d.StartsWith(directory + "/", StringComparison.Ordinal));
                foreach (var folder in workspaces.Prepend(directory))
                {
                    if (packages.Count >= _limits.MaxPackages)
                    {
                        break;
                    }

                    if (InstalledTree.RealDirectory(Path.Combine(_root, folder, "node_modules"), _root) is { } nodeModules)
                    {
                        var before = unreadable;
                        var read = NodeModules.Read(nodeModules, _limits, ref unreadable);
                        packages.AddRange(read);
                        Sources.Add((PathOps.Combine(folder, "node_modules"), read.Count, unreadable - before));
                    }
                }

                // Yarn Plug'n'Play: no node_modules, the packages stay zipped in the project's cache.
                foreach (var (folder, read) in new (string, Func<DirectoryInfo, IReadOnlyList<InstalledPackage>>)[]
                {
                    (".yarn/cache", d => YarnPlugAndPlay.ReadCache(d, _limits, ref unreadable)),
                    (".yarn/unplugged", d => YarnPlugAndPlay.ReadUnplugged(d, _limits, ref unreadable)),
                })
                {
                    if (packages.Count < _limits.MaxPackages && InstalledTree.RealDirectory(Path.Combine(project.FullName, ".yarn"), _root) is not null
                        && InstalledTree.RealDirectory(Path.Combine(project.FullName, folder), _root) is { } yarnFolder)
                    {
                        var before = unreadable;
                        var found = read(yarnFolder);
                        packages.AddRange(found);
                        Sources.Add((PathOps.Combine(directory, folder), found.Count, unreadable - before));
                    }
                }
            }
            else if (ecosystem == "Packagist")
            {
                var installedJson = Path.Combine(project.FullName, "vendor", "composer", "installed.json");
                if (InstalledTree.RealDirectory(Path.Combine(project.FullName, "vendor"), _root) is not null
                    && InstalledTree.RealDirectory(Path.Combine(project.FullName, "vendor", "composer"), _root) is not null
                    && InstalledTree.RealFile(installedJson, _limits.MaxManifestSize) is { } file)
                {
                    var read = ComposerInstalled.Read(file, ref unreadable);
                    packages.AddRange(read);
                    Sources.Add((PathOps.Combine(directory, "vendor/composer/installed.json"), read.Count, unreadable));
                }
            }
            else if (ecosystem == "Hex")
            {
                if (InstalledTree.RealDirectory(Path.Combine(project.FullName, "deps"), _root) is { } deps)
                {
                    var read = HexDeps.Read(deps, _limits, ref unreadable);
                    packages.AddRange(read);
                    Sources.Add((PathOps.Combine(directory, "deps"), read.Count, unreadable));
                }
            }
            else
            {
                foreach (var sitePackages in PythonDistributions.SitePackages(project, _root))
                {
                    var before = unreadable;
                    var read = PythonDistributions.Read(sitePackages, _limits, ref unreadable);
                    packages.AddRange(read);
                    Sources.Add((Path.GetRelativePath(_root, sitePackages.FullName).Replace('\\', '/'), read.Count, unreadable - before));
                }
            }

            if (packages.Count > 0)
            {
                index = packages
                    .GroupBy(p => ecosystem switch { "PyPI" => Ecosystems.NormalizePyPIName(p.Name), "Packagist" or "Hex" => p.Name.ToLowerInvariant(), _ => p.Name }, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            }
        }

        _byDirectory[cacheKey] = index;
        return index;
    }
}

using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Core;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// Fills in the licences the lockfile does not carry from the packages installed beside it: <c>node_modules</c>
/// next to an npm lockfile and in its workspaces (the folders below it with a package.json, where Yarn and npm put
/// the packages they could not hoist), virtualenvs and <c>__pypackages__</c> next to a Python lockfile (both usually ignored by
/// .gitignore, so the walk never saw them: they are read directly, inside the scanned root, never through a link,
/// within <see cref="InstalledPackageLimits"/>), and NuGet's global packages folder for NuGet components.
/// A component is matched by ecosystem, name and version; one without a version takes the licence only when
/// exactly one version is installed.
/// </summary>
internal sealed class InstalledLicenses
{
    private readonly string _root;
    private readonly DirectoryInfo? _nugetFolder;
    private readonly InstalledPackageLimits _limits;
    private readonly IReadOnlyList<string> _manifestDirectories;
    private readonly Dictionary<string, Dictionary<string, List<InstalledPackage>>?> _byDirectory = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), InstalledPackage?> _nuspecs = [];

    /// <param name="manifestDirectories">Folders of the tree (relative, '/') that hold a package.json outside node_modules.</param>
    public InstalledLicenses(string root, DirectoryInfo? nugetFolder, IEnumerable<string>? manifestDirectories = null, InstalledPackageLimits? limits = null)
    {
        _root = Path.GetFullPath(root);
        _nugetFolder = nugetFolder;
        _limits = limits ?? new InstalledPackageLimits();
        _manifestDirectories = [.. (manifestDirectories ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>What was read, for the scan's notes: (directory or folder, packages read, manifests that could not be read).</summary>
    public List<(string Where, int Packages, int Unreadable)> Sources { get; } = [];

    /// <summary>How many NuGet components took their licence from a nuspec of the global packages folder.</summary>
    public int NuGetPackagesRead { get; private set; }

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

            NuGetPackagesRead += component.Ecosystem == "NuGet" ? 1 : 0;
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
            case "NuGet" when _nugetFolder is not null && component.Version is { } version:
                var key = (component.Name.ToLowerInvariant(), version.ToLowerInvariant());
                if (!_nuspecs.TryGetValue(key, out var nuspec))
                {
                    nuspec = NuGetPackagesFolder.Find(_nugetFolder, component.Name, version, _limits);
                    _nuspecs[key] = nuspec;
                }

                return nuspec;
            default:
                return null;
        }
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
                    .GroupBy(p => ecosystem == "PyPI" ? Ecosystems.NormalizePyPIName(p.Name) : p.Name, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            }
        }

        _byDirectory[cacheKey] = index;
        return index;
    }
}

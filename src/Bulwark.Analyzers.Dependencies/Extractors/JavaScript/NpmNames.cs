using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

/// <summary>What the npm-family lockfiles share: reading version specs and package.json manifests.</summary>
internal static class NpmNames
{
    /// <summary>
    /// A version as the lockfile stores it: "1.2.3", an alias "npm:real-name@1.2.3", or a non-registry
    /// source (git, file, link, tarball URL). Returns the real package name when aliased, and null for the version
    /// when it is not a registry version and not a tarball named the way npm names them (<see cref="TarballVersion"/>).
    /// </summary>
    public static (string Name, string? Version) SplitVersion(string name, string? version)
    {
        if (version is null)
        {
            return (name, null);
        }

        if (version.StartsWith("npm:", StringComparison.Ordinal))
        {
            var spec = version[4..];
            var at = spec.LastIndexOf('@');
            return at > 0 ? (spec[..at], spec[(at + 1)..]) : (name, spec);
        }

        return (name, IsRegistryVersion(version) ? version : TarballVersion(name, version));
    }

    /// <summary>
    /// The version in a tarball's file name, <c>NAME-VERSION.tgz</c>, as registries (<c>…/ms/-/ms-2.1.3.tgz</c>) and
    /// <c>npm pack</c> name them: lockfile v1 records a tarball dependency (a URL or <c>file:x.tgz</c>) by its location
    /// only. Null when the file is not named after the package (the name is that of the package without its scope).
    /// </summary>
    public static string? TarballVersion(string name, string spec)
    {
        var end = spec.IndexOfAny(['?', '#']);
        var location = end < 0 ? spec : spec[..end];
        var file = location[(location.LastIndexOf('/') + 1)..];
        file = file.StartsWith("file:", StringComparison.Ordinal) ? file[5..] : file;
        var stem = file.EndsWith(".tgz", StringComparison.Ordinal) ? file[..^4]
            : file.EndsWith(".tar.gz", StringComparison.Ordinal) ? file[..^7] : null;
        var bare = name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];
        if (stem is null || !stem.StartsWith(bare + "-", StringComparison.Ordinal))
        {
            return null;
        }

        var version = stem[(bare.Length + 1)..];
        return version.Length > 0 && char.IsAsciiDigit(version[0]) && IsRegistryVersion(version) ? version : null;
    }

    /// <summary>A <c>file:</c> or <c>link:</c> spec naming a folder (not a tarball): the project's own code.</summary>
    public static bool IsLocalFolder(string spec) =>
        (spec.StartsWith("file:", StringComparison.Ordinal) || spec.StartsWith("link:", StringComparison.Ordinal))
        && !spec.EndsWith(".tgz", StringComparison.Ordinal) && !spec.EndsWith(".tar.gz", StringComparison.Ordinal) && !spec.EndsWith(".tar", StringComparison.Ordinal);

    /// <summary>True for a plain (semver-like) version, false for git/file/link/http sources.</summary>
    public static bool IsRegistryVersion(string version) =>
        version.Length > 0 && !version.Contains(':', StringComparison.Ordinal) && !version.Contains('/', StringComparison.Ordinal);

    /// <summary>The package name in a "name@range" descriptor ("@scope/name@^1" → "@scope/name").</summary>
    public static (string Name, string Range) SplitDescriptor(string descriptor)
    {
        var at = descriptor.IndexOf('@', 1);
        return at < 0 ? (descriptor, string.Empty) : (descriptor[..at], descriptor[(at + 1)..]);
    }

    /// <summary>The dependencies a package.json asks for, by scope.</summary>
    public static IEnumerable<(string Name, string Spec, DependencyScope Scope)> ManifestDependencies(System.Text.Json.JsonElement manifest)
    {
        foreach (var p in manifest.Members("dependencies"))
        {
            yield return (p.Name, p.Value.ToString(), DependencyScope.Production);
        }

        // An optional peer (peerDependenciesMeta) is used when present, but npm does not install it for the package
        // that names it: like an optional dependency, it does not make its target required. (Bun's "optionalPeers"
        // are left out on purpose: Bun installs a peer the lockfile resolved even with --omit=optional.)
        var optionalPeers = manifest.Members("peerDependenciesMeta").Where(p => p.Value.Bool("optional")).Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var p in manifest.Members("peerDependencies"))
        {
            yield return (p.Name, p.Value.ToString(), optionalPeers.Contains(p.Name) ? DependencyScope.Optional : DependencyScope.Production);
        }

        foreach (var p in manifest.Members("optionalDependencies"))
        {
            yield return (p.Name, p.Value.ToString(), DependencyScope.Optional);
        }

        foreach (var p in manifest.Members("devDependencies"))
        {
            yield return (p.Name, p.Value.ToString(), DependencyScope.Development);
        }
    }
}

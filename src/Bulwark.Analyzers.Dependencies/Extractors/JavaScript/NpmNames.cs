using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

/// <summary>What the npm-family lockfiles share: reading version specs and package.json manifests.</summary>
internal static class NpmNames
{
    /// <summary>
    /// A version as the lockfile stores it: "1.2.3", an alias "npm:real-name@1.2.3", or a non-registry
    /// source (git, file, link, tarball URL). Returns the real package name when aliased and null for the version
    /// when it is not a registry version.
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

        return (name, IsRegistryVersion(version) ? version : null);
    }

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

        foreach (var p in manifest.Members("peerDependencies"))
        {
            yield return (p.Name, p.Value.ToString(), DependencyScope.Production);
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

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// The package caches outside the tree whose manifests give components their licences, each null when absent or
/// turned off. Only the exact folder of a listed component is ever read in them, never a walk.
/// </summary>
internal sealed record PackageCaches
{
    /// <summary>NuGet's global packages folder: <c>&lt;id&gt;/&lt;version&gt;/&lt;id&gt;.nuspec</c>.</summary>
    public DirectoryInfo? NuGet { get; init; }

    /// <summary>Cargo's unpacked registry sources, <c>$CARGO_HOME/registry/src</c>: <c>&lt;index&gt;/&lt;name&gt;-&lt;version&gt;/Cargo.toml</c>.</summary>
    public DirectoryInfo? CargoRegistrySources { get; init; }

    /// <summary>Go's module cache (<c>GOMODCACHE</c>): <c>&lt;module&gt;@&lt;version&gt;/LICENSE</c>.</summary>
    public DirectoryInfo? GoModules { get; init; }

    /// <summary>Maven's local repository: <c>&lt;group as folders&gt;/&lt;artifact&gt;/&lt;version&gt;/&lt;artifact&gt;-&lt;version&gt;.pom</c>.</summary>
    public DirectoryInfo? MavenRepository { get; init; }

    /// <summary>Gradle's module cache, <c>$GRADLE_USER_HOME/caches/modules-2/files-2.1</c>: <c>&lt;group&gt;/&lt;artifact&gt;/&lt;version&gt;/&lt;sha1&gt;/*.pom</c>.</summary>
    public DirectoryInfo? GradleModules { get; init; }

    public static PackageCaches None { get; } = new();

    /// <summary>
    /// The caches of this machine, as the tools find them; an option (<c>dependencies.&lt;name&gt;</c>) names another
    /// folder, and an empty option turns that cache off.
    /// </summary>
    public static PackageCaches FromEnvironment(Func<string, string?> option)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        string? Home(params string[] parts) => home.Length == 0 ? null : Path.Combine([home, .. parts]);
        DirectoryInfo? Pick(string name, string? fallback) => option(name) is { } configured
            ? (configured.Length == 0 ? null : InstalledTree.RealDirectory(configured, null))
            : fallback is null ? null : InstalledTree.RealDirectory(fallback, null);

        var cargoHome = Env("CARGO_HOME") ?? Home(".cargo");
        var goModules = Env("GOMODCACHE") ?? (Env("GOPATH") is { } goPath ? Path.Combine(goPath.Split(Path.PathSeparator)[0], "pkg", "mod") : Home("go", "pkg", "mod"));
        var gradleHome = Env("GRADLE_USER_HOME") ?? Home(".gradle");
        return new PackageCaches
        {
            NuGet = Pick(DependenciesAnalyzerRegistration.NuGetPackagesOption, NuGetPackagesFolder.DefaultPath()),
            CargoRegistrySources = Pick(DependenciesAnalyzerRegistration.CargoRegistryOption, cargoHome is null ? null : Path.Combine(cargoHome, "registry", "src")),
            GoModules = Pick(DependenciesAnalyzerRegistration.GoModulesOption, goModules),
            MavenRepository = Pick(DependenciesAnalyzerRegistration.MavenRepositoryOption, Home(".m2", "repository")),
            GradleModules = Pick(DependenciesAnalyzerRegistration.GradleModulesOption, gradleHome is null ? null : Path.Combine(gradleHome, "caches", "modules-2", "files-2.1")),
        };
    }

    /// <summary>A name or version used as one folder name: no separators, no "..", nothing empty.</summary>
    internal static bool IsSafeSegment(string segment) =>
        segment.Length > 0 && segment != "." && !segment.Contains("..", StringComparison.Ordinal)
        && segment.IndexOfAny(['/', '\\', '\0', ':']) < 0;
}

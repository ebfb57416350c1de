namespace Bulwark.Core.Inventory;

/// <summary>
/// One package in the software inventory (SBOM): what it is, where it was declared, and how it got in.
/// </summary>
public sealed record Component
{
    public required string Name { get; init; }

    public string? Version { get; init; }

    /// <summary>OSV ecosystem name (<c>npm</c>, <c>PyPI</c>, <c>Maven</c>, <c>NuGet</c>, <c>Go</c>, <c>crates.io</c>…).</summary>
    public string? Ecosystem { get; init; }

    /// <summary>Package URL (<c>pkg:npm/%40scope/name@1.2.3</c>).</summary>
    public string? Purl { get; init; }

    /// <summary>SPDX licence expressions as declared.</summary>
    public EquatableArray<string> Licenses { get; init; }

    public bool IsDirect { get; init; }

    public bool IsDevelopment { get; init; }

    public bool IsOptional { get; init; }

    /// <summary>The lockfile or manifest the component came from, relative to the scan root.</summary>
    public string? SourceFile { get; init; }

    /// <summary>References (<see cref="Reference"/>) of the components this one depends on directly.</summary>
    public EquatableArray<string> DependsOn { get; init; }

    /// <summary>Paths from a direct dependency down to this one ("introduced via a → b → c").</summary>
    public EquatableArray<DependencyPath> DependencyPaths { get; init; }

    /// <summary>
    /// Chains of the build's own projects (NuGet project references), outermost first, each step
    /// <c>project:NAME</c>, through which the lockfile's project gets this component because the last project of
    /// the chain asks for it itself. Project references are first-party code, not components; these chains are
    /// where "introduced via" starts for a component the project has only through them.
    /// </summary>
    public EquatableArray<DependencyPath> ProjectPaths { get; init; }

    /// <summary>A stable reference within one scan: the purl when known, else ecosystem/name@version.</summary>
    public string Reference => Purl ?? $"{Ecosystem ?? "generic"}/{Name}@{Version ?? "unknown"}";
}

/// <summary>A chain of package references, outermost (direct) first.</summary>
public sealed record DependencyPath(EquatableArray<string> Steps)
{
    /// <summary>The prefix of a step that is one of the build's own projects rather than a component.</summary>
    public const string ProjectStepPrefix = "project:";

    /// <summary>
    /// The most steps a path may have. Real chains are a few dozen packages at most; a crafted lockfile can chain
    /// thousands, and storing every component's full path would then take memory quadratic in the file.
    /// </summary>
    public const int MaxSteps = 100;

    /// <summary>The project name of a <see cref="ProjectStepPrefix"/> step, else null.</summary>
    public static string? ProjectName(string step) =>
        step.StartsWith(ProjectStepPrefix, StringComparison.Ordinal) ? step[ProjectStepPrefix.Length..] : null;

    public override string ToString() => string.Join(" → ", Steps);
}

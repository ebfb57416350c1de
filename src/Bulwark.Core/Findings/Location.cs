namespace Bulwark.Core.Findings;

/// <summary>Where a finding is. Each report type has its own shape, as in GitLab's schemas.</summary>
public abstract record Location
{
    /// <summary>
    /// The thing the location points at, for titles and lists: a file, an image, a URL path; null for a crash.
    /// </summary>
    public virtual string? Target => null;
}

/// <summary>A place in source code (SAST, IaC).</summary>
public sealed record SourceLocation(
    string File,
    int? StartLine = null,
    int? EndLine = null,
    int? StartColumn = null,
    int? EndColumn = null,
    string? Class = null,
    string? Method = null) : Location
{
    public override string? Target => File;
}

/// <summary>A git commit; <see cref="WorkingTree"/> stands for an uncommitted tree, as GitLab writes it.</summary>
public sealed record Commit(
    string Sha,
    string? Author = null,
    string? Email = null,
    DateTimeOffset? Date = null,
    string? Message = null)
{
    public const string WorkingTreeSha = "0000000";

    public static Commit WorkingTree { get; } = new(WorkingTreeSha);

    public bool IsWorkingTree => Sha == WorkingTreeSha;
}

/// <summary>A leaked secret: a file span in a commit.</summary>
public sealed record SecretLocation(
    string File,
    Commit Commit,
    int StartLine,
    int EndLine,
    int? StartColumn = null,
    int? EndColumn = null) : Location
{
    public override string? Target => File;
}

/// <summary>A package at a version, as GitLab names it in dependency and container locations.</summary>
public sealed record DependencyReference(string Package, string Version, bool? Direct = null);

/// <summary>A vulnerable dependency declared in a lockfile or manifest.</summary>
public sealed record DependencyLocation(string File, DependencyReference Dependency) : Location
{
    public override string? Target => File;
}

/// <summary>A vulnerable OS or language package inside a container image.</summary>
public sealed record ContainerLocation(
    string Image,
    string OperatingSystem,
    DependencyReference Dependency,
    string? DefaultBranchImage = null) : Location
{
    public override string? Target => Image;
}

public sealed record KubernetesResource(
    string Namespace,
    string Kind,
    string Name,
    string ContainerName,
    string? AgentId = null,
    string? ClusterId = null);

/// <summary>A vulnerable package in an image running in a Kubernetes workload.</summary>
public sealed record ClusterImageLocation(
    string Image,
    DependencyReference Dependency,
    KubernetesResource Resource,
    string? OperatingSystem = null) : Location
{
    public override string? Target => Image;
}

/// <summary>An HTTP endpoint of a running application (DAST, API fuzzing).</summary>
public sealed record WebLocation(
    string? Hostname = null,
    string? Method = null,
    string? Path = null,
    string? Param = null) : Location
{
    public override string? Target => Path;
}

/// <summary>A crash found by coverage-guided fuzzing.</summary>
public sealed record CrashLocation(
    string? CrashAddress = null,
    string? CrashType = null,
    string? CrashState = null,
    string? StacktraceSnippet = null) : Location;

using Bulwark.Platform.Data;

namespace Bulwark.Platform.Triage;

/// <summary>What a triage request does to each vulnerability it names, and the role it needs on their projects.</summary>
public abstract record TriageChange
{
    /// <summary>Most ids one request may name: a bulk change is one transaction, so it stays bounded.</summary>
    public const int MaxIds = 1000;

    public const int MaxCommentLength = 10_000;

    public const int MaxReasonLength = 1_000;

    public abstract Role RequiredRole { get; }
}

/// <summary>Confirm, dismiss (with a reason), resolve or revert to detected; GitLab's four states.</summary>
public sealed record StateChange(VulnerabilityState State, DismissalReason? DismissalReason, string? Comment) : TriageChange
{
    /// <summary>GitLab 17.0 took <c>admin_vulnerability</c> away from developers: maintainers and owners triage.</summary>
    public override Role RequiredRole => Role.Maintainer;
}

/// <summary>A new severity chosen by a person; the scanner's own severity is kept beside it.</summary>
public sealed record SeverityOverride(int Severity, string Reason) : TriageChange
{
    public override Role RequiredRole => Role.Maintainer;
}

/// <summary>A link to an issue in an external tracker (GitLab, Jira, GitHub…).</summary>
public sealed record IssueLinkAddition(string Url, string? Title) : TriageChange
{
    /// <summary>
    /// As GitLab: linking issues is <c>admin_vulnerability_issue_link</c>, which stayed with developers when 17.0
    /// moved state changes (<c>admin_vulnerability</c>) to maintainers; the people who fix a vulnerability file its issue.
    /// </summary>
    public override Role RequiredRole => LinkRole;

    /// <summary>Adding or removing a link.</summary>
    public static Role LinkRole => Role.Developer;
}

/// <summary>Where the named vulnerabilities must live; ids elsewhere are answered as not found.</summary>
public sealed record TriageScope(IReadOnlySet<long>? ProjectIds)
{
    public static TriageScope Anywhere { get; } = new((IReadOnlySet<long>?)null);
}

public enum TriageStatus
{
    Done,
    NotFound,
    Forbidden,
}

/// <summary>
/// What a triage request did: on success the ids it changed and those already in the asked-for state; on refusal
/// the ids that caused it (nothing was changed).
/// </summary>
public sealed record TriageResult(TriageStatus Status, string? Message, IReadOnlyList<long> Offending, IReadOnlyList<long> Changed, IReadOnlyList<long> Unchanged)
{
    /// <summary>The id of what the request created (a comment or an issue link), when it created one thing.</summary>
    public long? CreatedId { get; init; }

    public static TriageResult Done(IReadOnlyList<long> changed, IReadOnlyList<long> unchanged) => new(TriageStatus.Done, null, [], changed, unchanged);

    public static TriageResult NotFound(string message, IReadOnlyList<long> ids) => new(TriageStatus.NotFound, message, ids, [], []);

    public static TriageResult Forbidden(string message, IReadOnlyList<long> ids) => new(TriageStatus.Forbidden, message, ids, [], []);
}

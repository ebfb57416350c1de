using Bulwark.Advisories.Osv;
using Bulwark.Core;

namespace Bulwark.Advisories.Matching;

/// <summary>What one record says about one installed package version.</summary>
public sealed record AdvisoryMatch
{
    public required OsvRecord Record { get; init; }

    public required AffectedStatus Status { get; init; }

    /// <summary>The lowest fixed version above the installed one, for the finding's solution; null when none is known.</summary>
    public string? FixedVersion { get; init; }

    /// <summary>Why anything was not evaluated (withdrawn, GIT ranges, versions that cannot be ordered).</summary>
    public EquatableArray<string> Notes { get; init; }

    public int SkippedGitRanges { get; init; }

    public bool IsAffected => Status == AffectedStatus.Affected;
}

using Bulwark.Core;

namespace Bulwark.Advisories.Matching;

/// <summary>
/// The answer for one version: the status, the notes that explain anything not evaluated, and how many
/// GIT ranges were skipped (they need the repository's commit graph, which a version string cannot give).
/// </summary>
public sealed record AffectedVerdict(AffectedStatus Status, EquatableArray<string> Notes, int SkippedGitRanges)
{
    public bool IsAffected => Status == AffectedStatus.Affected;
}

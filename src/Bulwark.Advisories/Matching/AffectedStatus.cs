namespace Bulwark.Advisories.Matching;

public enum AffectedStatus
{
    NotAffected = 0,
    Affected = 1,

    /// <summary>
    /// The record could not be evaluated for this version (no known ordering for the ecosystem, or a
    /// version either side cannot be read) and no other range or list entry said "affected". Reported
    /// as such rather than guessed, so a wrong string compare never decides a finding.
    /// </summary>
    Undetermined = 2,
}

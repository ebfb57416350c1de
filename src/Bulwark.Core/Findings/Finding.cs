using System.Text.Json;

namespace Bulwark.Core.Findings;

/// <summary>
/// One detection in one scan. Everything the GitLab security report schema 15.2.1 can say about a
/// vulnerability can be said here; the identity (<see cref="Identity.VulnerabilityIdentity"/>) is
/// derived, never stored by hand.
/// </summary>
public sealed record Finding
{
    public required ReportType ReportType { get; init; }

    /// <summary>The short name of the analyzer that found it (<c>secrets</c>, <c>dependencies</c>…).</summary>
    public required string Analyzer { get; init; }

    /// <summary>The rule or advisory that matched; stable across runs.</summary>
    public required string RuleId { get; init; }

    /// <summary>Ordered; the first is the primary identifier.</summary>
    public required EquatableArray<Identifier> Identifiers { get; init; }

    public required Location Location { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? Solution { get; init; }

    public Severity Severity { get; init; } = Severity.Unknown;

    public EquatableArray<Link> Links { get; init; }

    public EquatableArray<CvssVector> CvssVectors { get; init; }

    public Tracking? Tracking { get; init; }

    public EquatableArray<Flag> Flags { get; init; }

    public Evidence? Evidence { get; init; }

    public EquatableArray<Asset> Assets { get; init; }

    /// <summary>GitLab's typed <c>details</c> object, kept as JSON so any detail type round-trips.</summary>
    public JsonElement? Details { get; init; }

    public string? RawSourceCodeExtract { get; init; }

    /// <summary>Data-flow paths (SARIF code flows, GitLab code_flows details).</summary>
    public EquatableArray<CodeFlow> CodeFlows { get; init; }

    /// <summary>
    /// Analyzer-specific facts that are not part of GitLab's schema (secret validity, redacted match,
    /// gitleaks fingerprint…). Sorted by key so output is deterministic.
    /// </summary>
    public EquatableArray<KeyValuePair<string, string>> Properties { get; init; }

    public Identifier PrimaryIdentifier => Identifiers[0];

    public string? GetProperty(string key)
    {
        foreach (var pair in Properties)
        {
            if (pair.Key == key)
            {
                return pair.Value;
            }
        }

        return null;
    }

    public bool Equals(Finding? other) =>
        other is not null
        && ReportType == other.ReportType
        && Analyzer == other.Analyzer
        && RuleId == other.RuleId
        && Identifiers == other.Identifiers
        && Location == other.Location
        && Name == other.Name
        && Description == other.Description
        && Solution == other.Solution
        && Severity == other.Severity
        && Links == other.Links
        && CvssVectors == other.CvssVectors
        && Tracking == other.Tracking
        && Flags == other.Flags
        && Evidence == other.Evidence
        && Assets == other.Assets
        && JsonText(Details) == JsonText(other.Details)
        && RawSourceCodeExtract == other.RawSourceCodeExtract
        && CodeFlows == other.CodeFlows
        && Properties == other.Properties;

    public override int GetHashCode() => HashCode.Combine(ReportType, RuleId, Identifiers, Location, Severity);

    private static string? JsonText(JsonElement? element) => element is { } e ? JsonSerializer.Serialize(e) : null;
}

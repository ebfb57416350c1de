using System.Text.Json;
using Bulwark.Core;

namespace Bulwark.Advisories.Osv;

/// <summary>
/// One OSV record (https://ossf.github.io/osv-schema/): a vulnerability, the packages and versions it
/// affects, and how severe it is. Free-form <c>*_specific</c> objects are kept as JSON.
/// </summary>
public sealed record OsvRecord
{
    public required string Id { get; init; }

    public string? SchemaVersion { get; init; }

    public required DateTimeOffset Modified { get; init; }

    public DateTimeOffset? Published { get; init; }

    /// <summary>When set, the record was retracted and must not produce findings.</summary>
    public DateTimeOffset? Withdrawn { get; init; }

    public EquatableArray<string> Aliases { get; init; }

    public EquatableArray<string> Related { get; init; }

    public string? Summary { get; init; }

    public string? Details { get; init; }

    public EquatableArray<OsvSeverity> Severity { get; init; }

    public EquatableArray<OsvAffected> Affected { get; init; }

    public EquatableArray<OsvReference> References { get; init; }

    public JsonElement? DatabaseSpecific { get; init; }

    public bool IsWithdrawn => Withdrawn is not null;

    /// <summary>The database's own rating (GHSA writes <c>database_specific.severity</c>: CRITICAL, HIGH, MODERATE, LOW).</summary>
    public string? DatabaseSeverity =>
        DatabaseSpecific is { ValueKind: JsonValueKind.Object } specific
        && specific.TryGetProperty("severity", out var severity)
        && severity.ValueKind == JsonValueKind.String
            ? severity.GetString()
            : null;
}

/// <summary>A severity score: <c>CVSS_V2</c>, <c>CVSS_V3</c>, <c>CVSS_V4</c> or <c>Ubuntu</c> with its vector or rating.</summary>
public sealed record OsvSeverity(string Type, string Score);

public sealed record OsvPackage(string Ecosystem, string Name, string? Purl = null);

public sealed record OsvReference(string Type, string Url);

/// <summary>One affected package and the versions of it that are affected.</summary>
public sealed record OsvAffected
{
    /// <summary>Absent only in records that describe commits alone.</summary>
    public OsvPackage? Package { get; init; }

    public EquatableArray<OsvRange> Ranges { get; init; }

    /// <summary>Explicitly enumerated affected versions.</summary>
    public EquatableArray<string> Versions { get; init; }

    public EquatableArray<OsvSeverity> Severity { get; init; }

    public JsonElement? EcosystemSpecific { get; init; }

    public JsonElement? DatabaseSpecific { get; init; }
}

public enum OsvRangeType
{
    /// <summary>A type this reader does not know; kept so matching can say so.</summary>
    Unknown = 0,
    Semver,
    Ecosystem,
    Git,
}

public sealed record OsvRange
{
    public required OsvRangeType Type { get; init; }

    /// <summary>The type as written, for messages about unknown types.</summary>
    public required string TypeName { get; init; }

    public string? Repo { get; init; }

    /// <summary>In the order the record lists them, which need not be sorted.</summary>
    public EquatableArray<OsvEvent> Events { get; init; }

    public JsonElement? DatabaseSpecific { get; init; }
}

public enum OsvEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

/// <summary>A status change in a range's timeline. <c>introduced: "0"</c> and <c>limit: "*"</c> keep their special meaning.</summary>
public readonly record struct OsvEvent(OsvEventKind Kind, string Version)
{
    public const string Beginning = "0";

    public const string Infinity = "*";
}

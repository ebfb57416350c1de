namespace Bulwark.Core.Findings;

/// <summary>
/// A signature that follows code as it moves (GitLab's <c>tracking.items[].signatures</c>).
/// Algorithms with higher priority win when a vulnerability's identity is computed.
/// </summary>
public sealed record TrackingSignature(string Algorithm, string Value)
{
    /// <summary>GitLab's priority order: scope_offset_compressed &gt; scope_offset &gt; location &gt; hash.</summary>
    public int Priority => Algorithm switch
    {
        "scope_offset_compressed" => 4,
        "scope_offset" => 3,
        "location" => 2,
        "hash" => 1,
        _ => 0,
    };
}

public sealed record TrackingItem(
    EquatableArray<TrackingSignature> Signatures,
    string? File = null,
    int? StartLine = null,
    int? EndLine = null);

/// <summary>Source-type tracking (the only tracking type GitLab defines).</summary>
public sealed record Tracking(EquatableArray<TrackingItem> Items, string Type = "source");

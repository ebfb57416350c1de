namespace Bulwark.Analyzers.Secrets;

/// <summary>What an offline format check (checksum, structure) says about a candidate secret.</summary>
public enum SecretValidity
{
    /// <summary>The rule has no offline check.</summary>
    Unchecked,

    /// <summary>The candidate has the credential's real format (its checksum or structure holds).</summary>
    FormatValid,

    /// <summary>The candidate looks like the credential but its checksum or structure is wrong.</summary>
    FormatInvalid,
}

public static class SecretValidityNames
{
    /// <summary>The name reports carry: <c>format-valid</c>, <c>format-invalid</c> or <c>unchecked</c>.</summary>
    public static string ToWireName(this SecretValidity validity) => validity switch
    {
        SecretValidity.FormatValid => "format-valid",
        SecretValidity.FormatInvalid => "format-invalid",
        _ => "unchecked",
    };
}

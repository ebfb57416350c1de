using System.Buffers.Text;
using System.Collections.Frozen;
using System.Text.Json;

namespace Bulwark.Analyzers.Secrets.Validity;

/// <summary>
/// A JSON Web Token (JWS compact form): header and payload are base64url JSON objects and the header names an
/// algorithm of RFC 7518 (or EdDSA). Random <c>eyJ…</c> look-alikes and truncated tokens fail.
/// </summary>
internal static class JwtFormat
{
    private static readonly FrozenSet<string> KnownAlgorithms = FrozenSet.Create(
        StringComparer.Ordinal,
        "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "ES256K",
        "PS256", "PS384", "PS512", "EdDSA", "none");

    public static SecretValidity Check(string candidate)
    {
        var start = candidate.IndexOf("eyJ", StringComparison.Ordinal);
        if (start < 0)
        {
            return SecretValidity.FormatInvalid;
        }

        var parts = candidate[start..].Trim().Split('.');
        if (parts.Length != 3)
        {
            return SecretValidity.FormatInvalid;
        }

        var valid = DecodeObject(parts[0]) is { } header
            && header.TryGetProperty("alg", out var alg)
            && alg.ValueKind == JsonValueKind.String
            && KnownAlgorithms.Contains(alg.GetString()!)
            && DecodeObject(parts[1]) is not null
            && (parts[2].Length == 0 || Base64Url.IsValid(parts[2]));
        return valid ? SecretValidity.FormatValid : SecretValidity.FormatInvalid;
    }

    private static JsonElement? DecodeObject(string part)
    {
        if (part.Length == 0 || !Base64Url.IsValid(part))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(part));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Buffers.Text;

namespace Bulwark.Analyzers.Secrets.Validity;

/// <summary>
/// PyPI API tokens are <c>pypi-</c> + a base64url macaroon (version 2) whose first field is the location,
/// <c>pypi.org</c> or <c>test.pypi.org</c>.
/// </summary>
internal static class PyPiMacaroonFormat
{
    private const string Prefix = "pypi-";

    public static SecretValidity Check(string candidate)
    {
        var start = candidate.IndexOf(Prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return SecretValidity.FormatInvalid;
        }

        var body = candidate.AsSpan(start + Prefix.Length);
        var length = 0;
        while (length < body.Length && (char.IsAsciiLetterOrDigit(body[length]) || body[length] is '-' or '_'))
        {
            length++;
        }

        body = body[..length];
        if (body.Length < 16 || !Base64Url.IsValid(body))
        {
            return SecretValidity.FormatInvalid;
        }

        var macaroon = Base64Url.DecodeFromChars(body);

        // Version 2, then field type 1 (location) with a one-byte varint length.
        if (macaroon.Length < 3 || macaroon[0] != 2 || macaroon[1] != 1 || macaroon[2] > 127 || 3 + macaroon[2] > macaroon.Length)
        {
            return SecretValidity.FormatInvalid;
        }

        var location = macaroon.AsSpan(3, macaroon[2]);
        return location.SequenceEqual("pypi.org"u8) || location.EndsWith(".pypi.org"u8)
            ? SecretValidity.FormatValid
            : SecretValidity.FormatInvalid;
    }
}

using System.Buffers.Text;
using System.Text;

namespace Bulwark.Analyzers.Secrets.Validity;

/// <summary>
/// HTTP Basic credentials are base64 of <c>user-id:password</c> (RFC 7617). A value that does not decode to text
/// with a colon, or whose password is empty (<c>openshift-challenging-client:</c>, a public client id sent with no
/// secret), holds no secret.
/// </summary>
internal static class BasicCredentialsFormat
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SecretValidity Check(string candidate)
    {
        if (candidate.Length == 0 || !Base64.IsValid(candidate, out var length) || length == 0)
        {
            return SecretValidity.FormatInvalid;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(Convert.FromBase64String(candidate));
        }
        catch (DecoderFallbackException)
        {
            return SecretValidity.FormatInvalid;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || colon == text.Length - 1 || text.Any(char.IsControl))
        {
            return SecretValidity.FormatInvalid;
        }

        return SecretValidity.FormatValid;
    }
}

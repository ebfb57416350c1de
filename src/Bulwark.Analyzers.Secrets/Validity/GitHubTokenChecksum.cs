using System.Text;

namespace Bulwark.Analyzers.Secrets.Validity;

/// <summary>
/// GitHub's 2021 token format: <c>gh[pousr]_</c>, 30 random base62 chars, then 6 chars that are the base62
/// (0-9A-Za-z) CRC32 of those 30, left-padded with '0'. A random look-alike passes with odds of 1 in 56 billion.
/// </summary>
internal static class GitHubTokenChecksum
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int PrefixLength = 4;
    private const int BodyLength = 30;
    private const int ChecksumLength = 6;
    private const int TokenLength = PrefixLength + BodyLength + ChecksumLength;

    public static SecretValidity Check(string candidate)
    {
        var token = FindToken(candidate);
        if (token.IsEmpty)
        {
            return SecretValidity.FormatInvalid;
        }

        var body = token.Slice(PrefixLength, BodyLength);
        Span<char> expected = stackalloc char[ChecksumLength];
        WriteChecksum(body, expected);
        return token[(PrefixLength + BodyLength)..].SequenceEqual(expected) ? SecretValidity.FormatValid : SecretValidity.FormatInvalid;
    }

    /// <summary>The 6-char checksum GitHub appends to a 30-char token body.</summary>
    public static string ChecksumOf(string body)
    {
        Span<char> checksum = stackalloc char[ChecksumLength];
        WriteChecksum(body, checksum);
        return checksum.ToString();
    }

    private static void WriteChecksum(ReadOnlySpan<char> body, Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[Encoding.ASCII.GetMaxByteCount(body.Length)];
        var length = Encoding.ASCII.GetBytes(body, bytes);
        var value = Crc32.Compute(bytes[..length]);
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Base62[(int)(value % 62)];
            value /= 62;
        }
    }

    private static ReadOnlySpan<char> FindToken(string candidate)
    {
        for (var i = candidate.IndexOf("gh", StringComparison.Ordinal); i >= 0 && i + TokenLength <= candidate.Length;
             i = candidate.IndexOf("gh", i + 1, StringComparison.Ordinal))
        {
            var token = candidate.AsSpan(i, TokenLength);
            if ("pousr".Contains(token[2]) && token[3] == '_' && IsBase62(token[PrefixLength..]))
            {
                return token;
            }
        }

        return [];
    }

    private static bool IsBase62(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

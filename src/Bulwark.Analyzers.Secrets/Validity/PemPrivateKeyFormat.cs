using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Validity;

/// <summary>
/// A PEM private-key block whose base64 body decodes to the key structure its label names: PKCS#1 RSA,
/// SEC1 EC, PKCS#8 (plain or encrypted), DSA, OpenSSH (<c>openssh-key-v1\0</c>) or an armored PGP key (whose
/// CRC-24 line, when present, must hold). Encrypted keys have a valid format: they are still leaks.
/// Blocks embedded in JSON or code strings (<c>\n</c> escapes) are unescaped first.
/// </summary>
internal static partial class PemPrivateKeyFormat
{
    private const string Begin = "-----BEGIN ";
    private const string Dashes = "-----";

    public static SecretValidity Check(string candidate)
    {
        // Escaped line breaks (a key in a JSON string: \n; a JSON document in a JSON string: \\n) are line breaks.
        var text = candidate.Contains("\\n", StringComparison.Ordinal) ? EscapedLineBreak().Replace(candidate, m => m.Value.EndsWith('n') ? "\n" : "") : candidate;
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        if (begin < 0)
        {
            return SecretValidity.FormatInvalid;
        }

        var labelStart = begin + Begin.Length;
        var labelEnd = text.IndexOf(Dashes, labelStart, StringComparison.Ordinal);
        if (labelEnd < 0)
        {
            return SecretValidity.FormatInvalid;
        }

        var label = text[labelStart..labelEnd];
        var bodyStart = labelEnd + Dashes.Length;
        var end = text.IndexOf($"-----END {label}-----", bodyStart, StringComparison.Ordinal);
        if (end < 0)
        {
            return SecretValidity.FormatInvalid;
        }

        if (!TryReadBody(text.AsSpan(bodyStart, end - bodyStart), out var der, out var encrypted, out var armorChecksum))
        {
            return SecretValidity.FormatInvalid;
        }

        var valid = label switch
        {
            "RSA PRIVATE KEY" => encrypted || IsRsaKey(der),
            "EC PRIVATE KEY" => encrypted || IsEcKey(der),
            "DSA PRIVATE KEY" => encrypted || IsDsaKey(der),
            "PRIVATE KEY" => IsPkcs8Key(der),
            "ENCRYPTED PRIVATE KEY" => IsEncryptedPkcs8Key(der),
            "OPENSSH PRIVATE KEY" => der.AsSpan().StartsWith("openssh-key-v1\0"u8),
            "PGP PRIVATE KEY BLOCK" => IsPgpKey(der, armorChecksum),
            _ => (bool?)null,
        };
        return valid switch
        {
            true => SecretValidity.FormatValid,
            false => SecretValidity.FormatInvalid,
            null => SecretValidity.Unchecked,
        };
    }

    /// <summary>
    /// Splits a block body into RFC 1421 headers (<c>Proc-Type: 4,ENCRYPTED</c>), base64 lines and, for PGP
    /// armor, the trailing <c>=XXXX</c> checksum line.
    /// </summary>
    private static bool TryReadBody(ReadOnlySpan<char> body, out byte[] der, out bool encrypted, out string? armorChecksum)
    {
        der = [];
        encrypted = false;
        armorChecksum = null;
        var base64 = new StringBuilder(body.Length);
        foreach (var range in body.Split('\n'))
        {
            // A line may be a string of its own (a notebook's output lines, C string literals one per line): its
            // quotes, commas and escapes are not base64 and go.
            var line = body[range].Trim(" \t\r\"',;\\");
            if (line.IsEmpty)
            {
                continue;
            }

            if (line.Contains(':'))
            {
                if (base64.Length > 0)
                {
                    return false;
                }

                encrypted |= line.Contains("ENCRYPTED", StringComparison.Ordinal);
                continue;
            }

            if (line[0] == '=' && line.Length == 5)
            {
                armorChecksum = line[1..].ToString();
                continue;
            }

            base64.Append(line);
        }

        if (base64.Length == 0)
        {
            return false;
        }

        try
        {
            der = Convert.FromBase64String(base64.ToString());
            return der.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsRsaKey(byte[] der)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportRSAPrivateKey(der, out var read);
            return read == der.Length;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool IsEcKey(byte[] der)
    {
        try
        {
            using var ec = ECDsa.Create();
            ec.ImportECPrivateKey(der, out var read);
            return read == der.Length;
        }
        catch (CryptographicException)
        {
            // Curves the platform does not know still have the SEC1 shape: version 1 and the key octets.
            return IsSec1Structure(der);
        }
    }

    private static bool IsSec1Structure(byte[] der) => ReadSequence(der, reader =>
    {
        var version = reader.ReadInteger();
        reader.ReadOctetString();
        return version == 1;
    });

    private static bool IsDsaKey(byte[] der) => ReadSequence(der, reader =>
    {
        // version, p, q, g, y, x
        for (var i = 0; i < 6; i++)
        {
            reader.ReadInteger();
        }

        return true;
    });

    private static bool IsPkcs8Key(byte[] der)
    {
        string? algorithm = null;
        var shaped = ReadSequence(der, reader =>
        {
            reader.ReadInteger();
            var identifier = reader.ReadSequence();
            algorithm = identifier.ReadObjectIdentifier();
            reader.ReadOctetString();
            return true;
        }, allowTrailing: true);
        if (!shaped)
        {
            return false;
        }

        try
        {
            switch (algorithm)
            {
                case "1.2.840.113549.1.1.1":
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportPkcs8PrivateKey(der, out _);
                    }

                    return true;
                case "1.2.840.10045.2.1":
                    using (var ec = ECDsa.Create())
                    {
                        ec.ImportPkcs8PrivateKey(der, out _);
                    }

                    return true;
                default:
                    // Ed25519, X25519, DSA, …: the PKCS#8 shape is what can be checked.
                    return true;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool IsEncryptedPkcs8Key(byte[] der) => ReadSequence(der, reader =>
    {
        var algorithm = reader.ReadSequence();
        algorithm.ReadObjectIdentifier();
        reader.ReadOctetString();
        return true;
    });

    private static bool IsPgpKey(byte[] packets, string? armorChecksum)
    {
        // An OpenPGP packet header always has its top bit set.
        if ((packets[0] & 0x80) == 0)
        {
            return false;
        }

        if (armorChecksum is null)
        {
            return true;
        }

        try
        {
            var expected = Convert.FromBase64String(armorChecksum);
            var crc = Crc24(packets);
            return expected.Length == 3 && expected[0] == (byte)(crc >> 16) && expected[1] == (byte)(crc >> 8) && expected[2] == (byte)crc;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The CRC-24 of OpenPGP ASCII armor (RFC 4880 §6.1).</summary>
    private static uint Crc24(ReadOnlySpan<byte> data)
    {
        var crc = 0xB704CEu;
        foreach (var b in data)
        {
            crc ^= (uint)b << 16;
            for (var i = 0; i < 8; i++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= 0x1864CFBu;
                }
            }
        }

        return crc & 0xFFFFFF;
    }

    private static bool ReadSequence(byte[] der, Func<AsnReader, bool> readContent, bool allowTrailing = false)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.BER);
            var sequence = reader.ReadSequence();
            if (reader.HasData || !readContent(sequence))
            {
                return false;
            }

            return allowTrailing || !sequence.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\\+[nr]")]
    private static partial Regex EscapedLineBreak();
}

// The planted corpus is drawn from a seeded System.Random on purpose: the same seed must give the same corpus
// on every run. None of these values is a real secret, so CA5394 (insecure randomness) does not apply.
#pragma warning disable CA5394

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Accuracy;

/// <summary>
/// Makes a fresh credential for a rule from one of its true-positive samples: the sample's secret with every
/// free character redrawn from its class (the rule's own regex says which characters are fixed: vendor prefixes,
/// separators, checksum-like tails), then formats with an inner structure are built properly rather than mutated:
/// GitHub and npm tokens get their CRC32 (base62) tail, JWTs are encoded JSON, PyPI tokens are macaroons with a
/// pypi.org location, and PEM blocks are keys generated on the spot.
/// </summary>
internal sealed class CredentialFactory(Random random)
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(2);
    private readonly Random _random = random;
    private readonly Dictionary<string, Regex> _regexes = [];

    /// <summary>The sample text with its secret replaced by a fresh one, or null when the rule does not match the sample.</summary>
    public FreshCredential? Renew(SecretRule rule, string sample)
    {
        if (!_regexes.TryGetValue(rule.Regex, out var regex))
        {
            regex = new Regex(rule.Regex, RegexOptions.CultureInvariant, RegexBudget);
            _regexes.Add(rule.Regex, regex);
        }

        var match = regex.Match(sample);
        if (!match.Success)
        {
            return null;
        }

        var group = SecretGroup(match, rule.SecretGroup);
        var secret = group.Value;
        if (Pem.BlockIn(sample) is { } block && (rule.Validator == SecretValidator.PemPrivateKey || block.Kind == "OPENSSH PRIVATE KEY"))
        {
            return Pem.Generate(block.Kind, _random) is { } pem
                ? Rewrap(rule, regex, sample, block, pem)
                : new FreshCredential(sample, secret, FromSample: true);
        }

        foreach (var candidate in Structured(rule, secret))
        {
            var text = string.Concat(sample.AsSpan(0, group.Index), candidate, sample.AsSpan(group.Index + group.Length));
            if (SecretOf(regex, rule, text) == candidate)
            {
                return new FreshCredential(text, candidate, FromSample: false);
            }
        }

        return Mutate(rule, regex, sample, group) ?? new FreshCredential(sample, secret, FromSample: true);
    }

    /// <summary>The secret the rule's regex finds in a text (its secret group, gitleaks semantics), or null.</summary>
    public static string? SecretOf(Regex regex, SecretRule rule, string text)
    {
        var match = regex.Match(text);
        return match.Success ? SecretGroup(match, rule.SecretGroup).Value : null;
    }

    public static Group SecretGroup(Match match, int secretGroup)
    {
        if (secretGroup > 0 && match.Groups[secretGroup].Success)
        {
            return match.Groups[secretGroup];
        }

        for (var i = 1; i < match.Groups.Count; i++)
        {
            if (match.Groups[i].Success && match.Groups[i].Length > 0)
            {
                return match.Groups[i];
            }
        }

        return match.Groups[0];
    }

    private IEnumerable<string> Structured(SecretRule rule, string secret)
    {
        if (rule.Validator == SecretValidator.GitHubChecksum || (rule.Id == "npm-access-token" && secret.Length == 40))
        {
            yield return ChecksummedToken(secret[..4]);
        }

        if (rule.Validator == SecretValidator.PyPiMacaroon || secret.StartsWith("pypi-AgE", StringComparison.Ordinal))
        {
            yield return PyPiToken(test: secret.StartsWith("pypi-AgENdGVzdC5weXBpLm9yZw", StringComparison.Ordinal));
        }

        if (secret.StartsWith("AGE-SECRET-KEY-1", StringComparison.Ordinal))
        {
            yield return AgeSecretKey();
        }

        if (rule.Validator == SecretValidator.Jwt || IsJwtShaped(secret))
        {
            yield return Jwt();
        }

        // Basic credentials: base64 of user:password, checked by decoding.
        if (rule.Validator == SecretValidator.BasicCredentials)
        {
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes($"svc-{RandomString("abcdefghijklmnopqrstuvwxyz", 5)}:{RandomString(Base62, 20)}"));
        }
    }

    // GitHub's 2021 token format, also used by npm: prefix, 30 random base62 chars, base62 CRC32 of those 30.
    private string ChecksummedToken(string prefix)
    {
        var body = RandomString(Base62, 30);
        var value = Crc32(Encoding.ASCII.GetBytes(body));
        var checksum = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            checksum[i] = Base62[(int)(value % 62)];
            value /= 62;
        }

        return prefix + body + new string(checksum);
    }

    // A macaroon (libmacaroons v2 binary): version 2, location pypi.org, a UUID identifier, one caveat, a 32-byte
    // signature; PyPI prints it base64url without padding after "pypi-".
    private string PyPiToken(bool test)
    {
        var location = test ? "test.pypi.org"u8.ToArray() : "pypi.org"u8.ToArray();
        var identifier = Encoding.ASCII.GetBytes(NewGuid().ToString());
        var caveat = Encoding.ASCII.GetBytes($"{{\"version\": 1, \"permissions\": {{\"projects\": [\"acme-{RandomString("abcdefghijklmnopqrstuvwxyz", 6)}\"]}}}}");
        var signature = new byte[32];
        _random.NextBytes(signature);
        using var bytes = new MemoryStream();
        bytes.WriteByte(2);
        Field(bytes, 1, location);
        Field(bytes, 2, identifier);
        bytes.WriteByte(0);
        Field(bytes, 2, caveat);
        bytes.WriteByte(0);
        bytes.WriteByte(0);
        Field(bytes, 6, signature);
        return "pypi-" + Base64Url(bytes.ToArray());

        static void Field(MemoryStream stream, byte type, byte[] value)
        {
            stream.WriteByte(type);
            stream.WriteByte((byte)value.Length);
            stream.Write(value);
        }
    }

    // age X25519 identities: Bech32 (BIP 173) of 32 key bytes under the "age-secret-key-" prefix, upper-cased.
    private string AgeSecretKey()
    {
        const string charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        const string hrp = "age-secret-key-";
        var key = new byte[32];
        _random.NextBytes(key);
        var data = new List<int>();
        int accumulator = 0, bits = 0;
        foreach (var b in key)
        {
            accumulator = (accumulator << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                data.Add((accumulator >> bits) & 31);
            }
        }

        if (bits > 0)
        {
            data.Add((accumulator << (5 - bits)) & 31);
        }

        var values = hrp.Select(c => c >> 5).Append(0).Concat(hrp.Select(c => c & 31)).Concat(data).Concat([0, 0, 0, 0, 0, 0]);
        var polymod = Bech32Polymod(values) ^ 1;
        var checksum = Enumerable.Range(0, 6).Select(i => (int)((polymod >> (5 * (5 - i))) & 31));
        return (hrp + "1" + string.Concat(data.Concat(checksum).Select(v => charset[v]))).ToUpperInvariant();

        static uint Bech32Polymod(IEnumerable<int> values)
        {
            uint[] generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
            var chk = 1u;
            foreach (var v in values)
            {
                var top = chk >> 25;
                chk = ((chk & 0x1ffffff) << 5) ^ (uint)v;
                for (var i = 0; i < 5; i++)
                {
                    if (((top >> i) & 1) != 0)
                    {
                        chk ^= generator[i];
                    }
                }
            }

            return chk;
        }
    }

    private string Jwt()
    {
        var issuedAt = 1_700_000_000 + _random.Next(50_000_000);
        var header = """{"alg":"HS256","typ":"JWT"}""";
        var payload = $$"""{"sub":"{{NewGuid()}}","iss":"https://auth.acme.io","aud":"api","iat":{{issuedAt}},"exp":{{issuedAt + 3600}},"scope":"read write"}""";
        var signature = new byte[32];
        _random.NextBytes(signature);
        return $"{Base64Url(Encoding.UTF8.GetBytes(header))}.{Base64Url(Encoding.UTF8.GetBytes(payload))}.{Base64Url(signature)}";
    }

    // Drawn from the seeded generator so a corpus is the same on every run.
    private Guid NewGuid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static bool IsJwtShaped(string secret) =>
        secret.StartsWith("eyJ", StringComparison.Ordinal) && secret.Count(c => c == '.') == 2 && secret.Contains(".eyJ", StringComparison.Ordinal);

    /// <summary>
    /// Redraws the secret's free characters. A position is free when several random characters of its class keep
    /// the rule matching with the secret in place; the rest (prefixes, fixed tails, separators) stay.
    /// </summary>
    private FreshCredential? Mutate(SecretRule rule, Regex regex, string sample, Group group)
    {
        var secret = group.Value;
        var hexLower = secret.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
        var hexUpper = !hexLower && secret.All(c => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F');
        var alphabets = new string?[secret.Length];
        for (var i = 0; i < secret.Length; i++)
        {
            var alphabet = AlphabetOf(secret[i], hexLower, hexUpper);
            if (alphabet is not null && Keeps(rule, regex, sample, group, i, alphabet))
            {
                alphabets[i] = alphabet;
            }
        }

        for (var attempt = 0; attempt < 40; attempt++)
        {
            var chars = secret.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (alphabets[i] is { } alphabet)
                {
                    chars[i] = alphabet[_random.Next(alphabet.Length)];
                }
            }

            var candidate = new string(chars);
            var text = string.Concat(sample.AsSpan(0, group.Index), candidate, sample.AsSpan(group.Index + group.Length));
            if (candidate != secret && SecretOf(regex, rule, text) == candidate && !SpellsPlaceholder(secret, candidate) && AboveEntropyFloor(rule, candidate))
            {
                return new FreshCredential(text, candidate, FromSample: false);
            }
        }

        return null;
    }

    // A rule drops values at or below its entropy floor by design (a trade-off of its own, visible in its definition);
    // an unlucky draw of a 32-char hex key can fall there, so such a draw is redrawn rather than planted.
    private static bool AboveEntropyFloor(SecretRule rule, string value)
    {
        if (rule.Entropy is not { } floor)
        {
            return true;
        }

        var entropy = 0.0;
        foreach (var group in value.GroupBy(c => c))
        {
            var p = (double)group.Count() / value.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy > floor;
    }

    private bool Keeps(SecretRule rule, Regex regex, string sample, Group group, int index, string alphabet)
    {
        var chars = group.Value.ToCharArray();
        for (var trial = 0; trial < 6; trial++)
        {
            chars[index] = alphabet[_random.Next(alphabet.Length)];
            var candidate = new string(chars);
            var text = string.Concat(sample.AsSpan(0, group.Index), candidate, sample.AsSpan(group.Index + group.Length));
            if (SecretOf(regex, rule, text) != candidate)
            {
                return false;
            }
        }

        return true;
    }

    private static string? AlphabetOf(char c, bool hexLower, bool hexUpper) => c switch
    {
        _ when hexLower => "0123456789abcdef",
        _ when hexUpper => "0123456789ABCDEF",
        >= 'a' and <= 'z' => "abcdefghijklmnopqrstuvwxyz",
        >= 'A' and <= 'Z' => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        >= '0' and <= '9' => "0123456789",
        _ => null,
    };

    // A redrawn value that happens to spell a placeholder (xxxx, "test") would be allowlisted, rightly: draw again.
    // Words the sample already has (the sk_test_ prefix) are part of the format.
    private static bool SpellsPlaceholder(string secret, string candidate) =>
        PlaceholderWords.Any(w => candidate.Contains(w, StringComparison.OrdinalIgnoreCase) && !secret.Contains(w, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] PlaceholderWords = ["xxxx", "test", "fake", "mock", "dummy", "example", "sample", "your"];

    private FreshCredential? Rewrap(SecretRule rule, Regex regex, string sample, PemBlock block, string pem)
    {
        // Keep the sample's layout: its indentation (YAML block scalars) or its escaped newlines (JSON strings).
        var lines = pem.TrimEnd('\n').Split('\n');
        var text = block.EscapedNewlines
            ? string.Join("\\n", lines)
            : string.Join("\n", lines.Select((line, i) => i == 0 ? line : block.Indent + line));
        var planted = string.Concat(sample.AsSpan(0, block.Index), text, sample.AsSpan(block.Index + block.Length));
        var secret = SecretOf(regex, rule, planted);
        return secret is null ? null : new FreshCredential(planted, secret, FromSample: false);
    }

    public string RandomString(string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[_random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    internal sealed record PemBlock(string Kind, int Index, int Length, string Indent, bool EscapedNewlines);

    /// <summary>Private keys generated for each plant, in the PEM flavours .NET writes (and OpenSSH's own format, built by hand).</summary>
    internal static class Pem
    {
        private static readonly Regex Block = new(
            @"-----BEGIN (?<kind>[A-Z ]+)-----.*?-----END \k<kind>-----", RegexOptions.Singleline | RegexOptions.CultureInvariant, RegexBudget);

        public static PemBlock? BlockIn(string text)
        {
            var match = Block.Match(text);
            if (!match.Success)
            {
                return null;
            }

            var lineStart = text.LastIndexOf('\n', Math.Max(0, match.Index - 1)) + 1;
            var prefix = text[lineStart..match.Index];
            var indent = prefix.Trim().Length == 0 ? prefix : "";
            return new PemBlock(match.Groups["kind"].Value, match.Index, match.Length, indent, match.Value.Contains("\\n", StringComparison.Ordinal));
        }

        public static string? Generate(string kind, Random random)
        {
            switch (kind)
            {
                case "RSA PRIVATE KEY":
                {
                    using var rsa = RSA.Create(2048);
                    return rsa.ExportRSAPrivateKeyPem();
                }

                case "EC PRIVATE KEY":
                {
                    using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    return ec.ExportECPrivateKeyPem();
                }

                case "PRIVATE KEY":
                {
                    using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
                    return ec.ExportPkcs8PrivateKeyPem();
                }

                case "ENCRYPTED PRIVATE KEY":
                {
                    using var rsa = RSA.Create(2048);
                    var password = new byte[12];
                    random.NextBytes(password);
                    return rsa.ExportEncryptedPkcs8PrivateKeyPem(
                        Convert.ToHexString(password),
                        new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
                }

                case "OPENSSH PRIVATE KEY":
                    return OpenSshEd25519(random);

                default:
                    return null;
            }
        }

        // openssh-key-v1, unencrypted, one ssh-ed25519 key (the layout of PROTOCOL.key in OpenSSH): the key bytes are
        // random, which no scanner can tell from a real key without the public half's curve check.
        private static string OpenSshEd25519(Random random)
        {
            var publicKey = new byte[32];
            var privateKey = new byte[64];
            random.NextBytes(publicKey);
            random.NextBytes(privateKey);
            publicKey.CopyTo(privateKey, 32);
            var check = (uint)random.Next();

            using var publicBlob = new MemoryStream();
            WriteString(publicBlob, "ssh-ed25519"u8);
            WriteString(publicBlob, publicKey);

            using var privateSection = new MemoryStream();
            WriteUInt32(privateSection, check);
            WriteUInt32(privateSection, check);
            WriteString(privateSection, "ssh-ed25519"u8);
            WriteString(privateSection, publicKey);
            WriteString(privateSection, privateKey);
            WriteString(privateSection, "deploy@build-01"u8);
            for (byte pad = 1; privateSection.Length % 8 != 0; pad++)
            {
                privateSection.WriteByte(pad);
            }

            using var key = new MemoryStream();
            key.Write("openssh-key-v1\0"u8);
            WriteString(key, "none"u8);
            WriteString(key, "none"u8);
            WriteString(key, []);
            WriteUInt32(key, 1);
            WriteString(key, publicBlob.ToArray());
            WriteString(key, privateSection.ToArray());

            var body = Convert.ToBase64String(key.ToArray());
            var text = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
            for (var i = 0; i < body.Length; i += 70)
            {
                text.Append(body.AsSpan(i, Math.Min(70, body.Length - i))).Append('\n');
            }

            return text.Append("-----END OPENSSH PRIVATE KEY-----\n").ToString();
        }

        private static void WriteUInt32(MemoryStream stream, uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
            stream.Write(bytes);
        }

        private static void WriteString(MemoryStream stream, ReadOnlySpan<byte> value)
        {
            WriteUInt32(stream, (uint)value.Length);
            stream.Write(value);
        }
    }
}

/// <summary>A sample with its secret renewed (or, for formats made only by hand, the sample as written).</summary>
internal sealed record FreshCredential(string Text, string Secret, bool FromSample);

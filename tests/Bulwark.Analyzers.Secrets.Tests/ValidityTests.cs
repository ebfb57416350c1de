using System.Security.Cryptography;
using System.Text;
using Bulwark.Analyzers.Secrets.Validity;
using Bulwark.Core;

namespace Bulwark.Analyzers.Secrets.Tests;

public class ValidityTests
{
    // Checksums computed independently with Python: base62(zlib.crc32(body)), 0-9A-Za-z, padded to 6.
    private const string ValidGitHubToken = "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";
    private const string OtherValidGitHubToken = "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";
    private const string BadChecksumGitHubToken = "ghp_R7x2Kq9mVw4ZtB8nLp3cYh6dFj1sGe3gpLyF";

    private static readonly SecretRule GitHubRule = new()
    {
        Id = "github-token",
        Description = "GitHub token",
        Regex = "gh[pousr]_[A-Za-z0-9]{36}",
        Keywords = EquatableArray.Of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        Validator = SecretValidator.GitHubChecksum,
    };

    [Fact]
    public void Crc32_is_zlibs()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Theory]
    [InlineData("R7x2Kq9mVw4ZtB8nLp3cYh6dFj1sGe", "3gpLyE")]
    [InlineData("aZ3kP9qL2mN8vB4xC7tR1wY6uJ5hF0", "43sxcu")]
    public void GitHub_checksum_is_base62_of_the_crc32_of_the_body(string body, string checksum)
    {
        Assert.Equal(checksum, GitHubTokenChecksum.ChecksumOf(body));
    }

    [Theory]
    [InlineData(ValidGitHubToken, SecretValidity.FormatValid)]
    [InlineData(OtherValidGitHubToken, SecretValidity.FormatValid)]
    [InlineData("token: \"" + ValidGitHubToken + "\"", SecretValidity.FormatValid)]
    [InlineData(BadChecksumGitHubToken, SecretValidity.FormatInvalid)]
    [InlineData("ghp_0000000000000000000000000000000000000", SecretValidity.FormatInvalid)]
    [InlineData("ghp_short", SecretValidity.FormatInvalid)]
    public void GitHub_tokens_are_checked_by_their_checksum(string candidate, SecretValidity expected)
    {
        Assert.Equal(expected, GitHubTokenChecksum.Check(candidate));
    }

    [Fact]
    public void Hits_that_fail_a_checksum_are_dropped_and_counted_unless_asked_for()
    {
        var text = $"good = {ValidGitHubToken}\nbad = {BadChecksumGitHubToken}\n";

        var result = new SecretDetector([GitHubRule]).Detect(text, new SecretSource("a.env"));

        var match = Assert.Single(result.Matches);
        Assert.Equal((ValidGitHubToken, SecretValidity.FormatValid), (match.Secret, match.Validity));
        Assert.Equal(1, result.FormatInvalidDropped);

        var shown = new SecretDetector([GitHubRule], new SecretDetectorOptions { KeepFormatInvalid = true }).Detect(text, new SecretSource("a.env"));
        Assert.Equal([SecretValidity.FormatValid, SecretValidity.FormatInvalid], shown.Matches.Select(m => m.Validity));
        Assert.Equal(0, shown.FormatInvalidDropped);
    }

    [Fact]
    public void Hits_failing_a_structural_check_are_kept_and_marked()
    {
        var rule = new SecretRule { Id = "jwt", Description = "JWT", Regex = @"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*", Keywords = EquatableArray.Of("eyj"), Validator = SecretValidator.Jwt };

        var match = Assert.Single(new SecretDetector([rule]).Detect("t = eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiIxIn0.c2ln"));

        Assert.Equal(SecretValidity.FormatInvalid, match.Validity);
    }

    [Fact]
    public void Rules_without_a_check_are_unchecked()
    {
        Assert.Equal(SecretValidity.Unchecked, Assert.Single(new SecretDetector([TestRules.Token()]).Detect("tok_ABCDEFGH12345678")).Validity);
        Assert.Equal("unchecked", SecretValidity.Unchecked.ToWireName());
        Assert.Equal("format-valid", SecretValidity.FormatValid.ToWireName());
        Assert.Equal("format-invalid", SecretValidity.FormatInvalid.ToWireName());
    }

    [Theory]
    [InlineData("""{"alg":"HS256","typ":"JWT"}""", """{"sub":"1234567890","name":"Jane Doe","iat":1516239022}""", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", SecretValidity.FormatValid)]
    [InlineData("""{"alg":"RS256","kid":"k1"}""", """{"iss":"https://auth.example.com"}""", "c2lnbmF0dXJl", SecretValidity.FormatValid)]
    [InlineData("""{"alg":"none"}""", """{"sub":"1"}""", "", SecretValidity.FormatValid)]
    [InlineData("""{"alg":"XX999"}""", """{"sub":"1"}""", "c2ln", SecretValidity.FormatInvalid)]
    [InlineData("""{"typ":"JWT"}""", """{"sub":"1"}""", "c2ln", SecretValidity.FormatInvalid)]
    [InlineData("""{"alg":"HS256"}""", "not json", "c2ln", SecretValidity.FormatInvalid)]
    [InlineData("""{"alg":"HS256"}""", "[1,2]", "c2ln", SecretValidity.FormatInvalid)]
    public void Jwts_decode_to_json_objects_with_a_known_algorithm(string header, string payload, string signature, SecretValidity expected)
    {
        Assert.Equal(expected, JwtFormat.Check($"{Base64Url(header)}.{Base64Url(payload)}.{signature}"));
    }

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln.more")]
    [InlineData("eyJhbGciOi!!.eyJzdWIiOiIxIn0.c2ln")]
    public void Malformed_jwts_are_format_invalid(string candidate)
    {
        Assert.Equal(SecretValidity.FormatInvalid, JwtFormat.Check(candidate));
    }

    public static TheoryData<string> GeneratedKeys()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return
        [
            rsa.ExportRSAPrivateKeyPem(),
            rsa.ExportPkcs8PrivateKeyPem(),
            rsa.ExportEncryptedPkcs8PrivateKeyPem("correct horse", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10)),
            ec.ExportECPrivateKeyPem(),
            ec.ExportPkcs8PrivateKeyPem(),
        ];
    }

    [Theory]
    [MemberData(nameof(GeneratedKeys))]
    public void Real_private_keys_in_pem_have_a_valid_format(string pem)
    {
        Assert.Equal(SecretValidity.FormatValid, PemPrivateKeyFormat.Check(pem));
    }

    [Fact]
    public void A_pem_key_escaped_inside_a_json_string_is_read()
    {
        using var rsa = RSA.Create(2048);
        var escaped = rsa.ExportPkcs8PrivateKeyPem().Replace("\n", "\\n", StringComparison.Ordinal);

        Assert.Equal(SecretValidity.FormatValid, PemPrivateKeyFormat.Check($"\"private_key\": \"{escaped}\\n\""));
    }

    [Fact]
    public void A_legacy_encrypted_rsa_key_has_a_valid_format()
    {
        var pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,5E6F0A1B2C3D4E5F60718293A4B5C6D7\n\n"
            + Convert.ToBase64String(RandomNumberGenerator.GetBytes(600), Base64FormattingOptions.InsertLineBreaks).Replace("\r", "", StringComparison.Ordinal)
            + "\n-----END RSA PRIVATE KEY-----";

        Assert.Equal(SecretValidity.FormatValid, PemPrivateKeyFormat.Check(pem));
    }

    [Fact]
    public void An_openssh_key_has_the_openssh_magic()
    {
        var body = Convert.ToBase64String([.. "openssh-key-v1\0"u8, .. "\0\0\0\u0004none\0\0\0\u0004none"u8]);

        Assert.Equal(SecretValidity.FormatValid, PemPrivateKeyFormat.Check($"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"));
        var random = Convert.ToBase64String(Encoding.ASCII.GetBytes("this is not an openssh key at all"));
        Assert.Equal(SecretValidity.FormatInvalid, PemPrivateKeyFormat.Check($"-----BEGIN OPENSSH PRIVATE KEY-----\n{random}\n-----END OPENSSH PRIVATE KEY-----"));
    }

    [Theory]
    // Packet and CRC-24 computed independently with Python (RFC 4880 §6.1).
    [InlineData("=Zoi/", SecretValidity.FormatValid)]
    [InlineData("=AAAA", SecretValidity.FormatInvalid)]
    public void An_armored_pgp_key_must_match_its_crc24(string checksumLine, SecretValidity expected)
    {
        var block = $"-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: test\n\nxQowMTIzNDU2Nzg5\n{checksumLine}\n-----END PGP PRIVATE KEY BLOCK-----";

        Assert.Equal(expected, PemPrivateKeyFormat.Check(block));
    }

    [Theory]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END RSA PRIVATE KEY-----")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nREPLACE_ME\n-----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN EC PRIVATE KEY-----\n-----END EC PRIVATE KEY-----")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA")]
    public void Placeholder_truncated_and_garbage_pem_blocks_are_format_invalid(string pem)
    {
        Assert.Equal(SecretValidity.FormatInvalid, PemPrivateKeyFormat.Check(pem));
    }

    [Fact]
    public void Pem_blocks_of_unknown_kinds_are_unchecked()
    {
        Assert.Equal(SecretValidity.Unchecked, PemPrivateKeyFormat.Check("-----BEGIN FANCY PRIVATE KEY-----\nAAAA\n-----END FANCY PRIVATE KEY-----"));
    }

    [Theory]
    // The macaroon built with Python: version 2, location "pypi.org", then more fields.
    [InlineData("pypi-AgEIcHlwaS5vcmcCHwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAcmVzdC1vZi1tYWNhcm9vbi1zaWduYXR1cmUtYnl0ZXM", SecretValidity.FormatValid)]
    [InlineData("PYPI_TOKEN=pypi-AgEIcHlwaS5vcmcCHwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAcmVzdC1vZi1tYWNhcm9vbi1zaWduYXR1cmUtYnl0ZXM", SecretValidity.FormatValid)]
    [InlineData("pypi-AgELZXhhbXBsZS5vcmcCHwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", SecretValidity.FormatInvalid)]
    [InlineData("pypi-ThisIsNotAMacaroonAtAllButLongEnough", SecretValidity.FormatInvalid)]
    [InlineData("pypi-AgEIcHlw", SecretValidity.FormatInvalid)]
    public void PyPi_tokens_are_macaroons_for_pypi_org(string candidate, SecretValidity expected)
    {
        Assert.Equal(expected, PyPiMacaroonFormat.Check(candidate));
    }

    [Theory]
    [InlineData("ZGVwbG95OjZzTkcjI291MipuZEhKdWdqN21z", SecretValidity.FormatValid)] // deploy:6sNG…
    [InlineData("OnM0bWVTM2NyM3Q=", SecretValidity.FormatValid)] // an empty user id is allowed: ":s4meS3cr3t"
    [InlineData("b3BlbnNoaWZ0LWNoYWxsZW5naW5nLWNsaWVudDo=", SecretValidity.FormatInvalid)] // "openshift-challenging-client:", no password
    [InlineData("QmVhcmVyVG9rZW5XaXRob3V0Q29sb24=", SecretValidity.FormatInvalid)] // no colon
    [InlineData("AAECAwQ6BQYHCAk=", SecretValidity.FormatInvalid)] // binary, not text
    [InlineData("not*base64", SecretValidity.FormatInvalid)]
    public void Basic_credentials_decode_to_a_user_and_a_non_empty_password(string candidate, SecretValidity expected)
    {
        Assert.Equal(expected, BasicCredentialsFormat.Check(candidate));
    }

    [Fact]
    public void A_test_pypi_macaroon_is_valid_too()
    {
        var macaroon = Convert.ToBase64String([2, 1, 13, .. "test.pypi.org"u8, 2, 4, 1, 2, 3, 4]).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal(SecretValidity.FormatValid, PyPiMacaroonFormat.Check($"pypi-{macaroon}"));
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

namespace Bulwark.Analyzers.Secrets.Validity;

/// <summary>Runs a rule's offline format check on a hit.</summary>
internal static class SecretFormat
{
    public static SecretValidity Check(SecretValidator validator, string secret, string match) => validator switch
    {
        SecretValidator.GitHubChecksum => GitHubTokenChecksum.Check(secret),
        SecretValidator.Jwt => JwtFormat.Check(secret),
        SecretValidator.PemPrivateKey => PemPrivateKeyFormat.Check(match.Length >= secret.Length ? match : secret),
        SecretValidator.PyPiMacaroon => PyPiMacaroonFormat.Check(secret),
        _ => SecretValidity.Unchecked,
    };

    /// <summary>
    /// Whether the check is a checksum: a hit that fails it is certainly not the credential, so it is dropped
    /// unless asked for. Structural checks only mark the hit (a truncated key is still worth a look).
    /// </summary>
    public static bool IsChecksum(SecretValidator validator) => validator == SecretValidator.GitHubChecksum;
}

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
        SecretValidator.BasicCredentials => BasicCredentialsFormat.Check(secret),
        _ => SecretValidity.Unchecked,
    };

    /// <summary>
    /// Whether failing the check rules the hit out: a checksum that fails, or Basic credentials that decode to no
    /// password, are certainly not the credential, so the hit is dropped unless asked for. Other structural checks
    /// only mark the hit (a truncated key is still worth a look).
    /// </summary>
    public static bool RulesOut(SecretValidator validator) => validator is SecretValidator.GitHubChecksum or SecretValidator.BasicCredentials;
}

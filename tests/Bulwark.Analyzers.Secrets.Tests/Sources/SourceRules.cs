using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Tests.Sources;

/// <summary>Small rules of our own, so source tests do not move when the built-in rule set changes.</summary>
internal static class SourceRules
{
    /// <summary>A made-up token format: <c>tok_</c> + 24 alphanumerics.</summary>
    public static readonly SecretRule Token = new()
    {
        Id = "test-token",
        Description = "Test service token",
        Regex = @"\b(tok_[A-Za-z0-9]{24})\b",
        Keywords = EquatableArray.Of("tok_"),
        Severity = Severity.High,
        Tags = EquatableArray.Of("test"),
    };

    /// <summary>A keyed rule: the secret is only recognised with its key in front of it.</summary>
    public static readonly SecretRule Password = new()
    {
        Id = "test-password",
        Description = "Password assignment",
        Regex = @"password\s*[:=]\s*""?([A-Za-z0-9!#%^&*]{10,})",
        Keywords = EquatableArray.Of("password"),
        Severity = Severity.Medium,
    };

    public static readonly SecretRule PrivateKey = new()
    {
        Id = "test-private-key",
        Description = "Private key",
        Regex = @"-----BEGIN TEST KEY-----[A-Za-z0-9+/=\s]{20,}-----END TEST KEY-----",
        Keywords = EquatableArray.Of("-----begin test key"),
    };

    public static IReadOnlyList<SecretRule> All { get; } = [Token, Password, PrivateKey];

    public static LeakScanner Scanner(int decodeDepth = 2) => new(All, decodeDepth);

    public const string Secret1 = "tok_Q7x2Lm9Pz4Rt8Vw3Ny6Kb1Hd";
    public const string Secret2 = "tok_Z9y8X7w6V5u4T3s2R1q0Ponm";
    public const string Secret3 = "tok_A1b2C3d4E5f6G7h8I9j0KlMn";
}

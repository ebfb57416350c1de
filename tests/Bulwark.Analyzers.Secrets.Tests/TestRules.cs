using Bulwark.Core;

namespace Bulwark.Analyzers.Secrets.Tests;

/// <summary>Small made-up rules for engine tests (the built-in rules are tested by their own samples).</summary>
internal static class TestRules
{
    /// <summary>A made-up vendor token: <c>tok_</c> and 16 upper-case letters or digits.</summary>
    public static SecretRule Token(Func<SecretRule, SecretRule>? configure = null)
    {
        var rule = new SecretRule
        {
            Id = "test-token",
            Description = "Test token",
            Regex = "tok_[A-Z0-9]{16}",
            Keywords = EquatableArray.Of("tok_"),
        };
        return configure is null ? rule : configure(rule);
    }

    public static SecretRule Rule(string id, string regex, params string[] keywords) => new()
    {
        Id = id,
        Description = id,
        Regex = regex,
        Keywords = EquatableArray.Of(keywords),
    };
}

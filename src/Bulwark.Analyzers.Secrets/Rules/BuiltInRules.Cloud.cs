using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    private static IEnumerable<SecretRule> Cloud()
    {
        yield return new SecretRule
        {
            Id = "aws-access-key-id",
            Description = "AWS access key ID",
            Severity = Severity.High,
            Regex = @"\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b",
            Keywords = EquatableArray.Of("akia", "asia", "abia", "acca", "a3t"),
            Entropy = 3.0,
            Tags = EquatableArray.Of("cloud", "aws"),
            TruePositives = EquatableArray.Of(
                "aws_access_key_id = AKIAZ7Q4MNR2XK5WPL3D",
                "export AWS_ACCESS_KEY_ID=ASIAQ2WERT7YUIOPL5KJ"),
            FalsePositives = EquatableArray.Of(
                "aws_access_key_id = AKIAIOSFODNN7EXAMPLE1x",
                "key = AKIA1234"),
        };
    }
}

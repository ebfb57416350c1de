using Bulwark.Analyzers.Dependencies.Licenses;
using Bulwark.Core.Findings;
using Bulwark.Core.Licenses;

namespace Bulwark.Analyzers.Dependencies.Tests.Licenses;

public sealed class LicensePolicyFileTests
{
    [Fact]
    public void A_full_policy_reads_every_field()
    {
        var policy = LicensePolicyFile.Load("""
            version: 1
            severity: medium
            development: false
            allow:
              - permissive
              - public-domain
              - mpl-2.0
              - LGPL-*
              - GPL-2.0-only WITH Classpath-exception-2.0
            deny:
              - network-copyleft
              - license: GPL-3.0
                severity: critical
                reason: our firmware is distributed to customers
              - class: proprietary
            unknown:
              action: deny
              severity: info
            ignore:
              - left-pad
              - package: Newtonsoft.Json
                ecosystem: NuGet
                version: 13.0.3
                reason: licence bought
            """, "licenses.yml");

        Assert.Equal("licenses.yml", policy.Source);
        Assert.Equal(Severity.Medium, policy.Severity);
        Assert.False(policy.Development);
        Assert.Equal(Severity.Info, policy.Unknown);
        Assert.Equal(
            [(LicenseRuleKind.Class, "permissive"), (LicenseRuleKind.Class, "public-domain"), (LicenseRuleKind.License, "MPL-2.0"), (LicenseRuleKind.Prefix, "LGPL-"),
             (LicenseRuleKind.LicenseWithException, "GPL-2.0-only WITH Classpath-exception-2.0")],
            policy.Allow.Select(r => (r.Kind, r.Value)));
        // A deprecated id stands for its current form.
        var gpl = policy.Deny[1];
        Assert.Equal((LicenseRuleKind.License, "GPL-3.0-only", Severity.Critical, "deny[1].license"), (gpl.Kind, gpl.Value, gpl.Severity, gpl.Field));
        Assert.Equal(LicenseClass.Proprietary, policy.Deny[2].Class);
        Assert.Equal(new PackageExemption("Newtonsoft.Json", "NuGet", "13.0.3", "licence bought", "ignore[1]"), policy.Ignore[1]);
    }

    [Fact]
    public void A_pure_allow_list_denies_the_unlisted_and_a_deny_list_allows_them_unless_default_says_otherwise()
    {
        Assert.True(LicensePolicyFile.Load("allow: [permissive]", "p").DenyUnlisted);
        Assert.False(LicensePolicyFile.Load("deny: [strong-copyleft]\nallow: [GPL-2.0-only]", "p").DenyUnlisted);
        Assert.True(LicensePolicyFile.Load("default: deny\ndeny: [strong-copyleft]\nallow: [permissive]", "p").DenyUnlisted);
        Assert.False(LicensePolicyFile.Load("default: allow\nallow: [permissive]", "p").DenyUnlisted);
    }

    [Fact]
    public void Unknown_licences_are_denied_at_low_by_default_only_when_unlisted_licences_are_denied()
    {
        Assert.Equal(Severity.Low, LicensePolicyFile.Load("allow: [permissive]", "p").Unknown);
        Assert.Null(LicensePolicyFile.Load("deny: [AGPL-3.0-only]", "p").Unknown);
        Assert.Null(LicensePolicyFile.Load("allow: [MIT]\nunknown: allow", "p").Unknown);
        Assert.Equal(Severity.Low, LicensePolicyFile.Load("deny: [MIT]\nunknown: deny", "p").Unknown);
        Assert.Equal(Severity.High, LicensePolicyFile.Load("deny: [MIT]", "p").Severity);
    }

    [Theory]
    [InlineData("alow: [MIT]", "licenses.yml:1: alow: unknown field")]
    [InlineData("allow:\n  - MIT\n  - GPL-3\n", "licenses.yml:3: allow[1]: 'GPL-3' is not an SPDX licence id")]
    [InlineData("deny:\n  - Apache 2.0\n", "did you mean Apache-2.0?")]
    [InlineData("deny:\n  - license: MIT\n    severity: urgent\n", "licenses.yml:3: deny[0].severity: 'urgent' is not a severity")]
    [InlineData("deny:\n  - class: copyleft\n", "deny[0].class: 'copyleft' is not a licence class")]
    [InlineData("deny:\n  - license: MIT\n    class: permissive\n", "deny[0]: give either license: or class:")]
    [InlineData("deny:\n  - unknown\n", "the top-level unknown: field")]
    [InlineData("deny:\n  - MIT OR Apache-2.0\n", "is an expression; list each licence on its own line")]
    [InlineData("deny:\n  - Foo-*\n", "'Foo-*' matches no SPDX licence id")]
    [InlineData("allow: [MIT]\ndeny: [mit]\n", "allow[0] 'MIT' is also denied")]
    [InlineData("allow:\n  - license: MIT\n    severity: high\n", "an allowed licence produces no finding")]
    [InlineData("unknown: maybe\n", "licenses.yml:1: unknown: 'maybe' is not allow or deny")]
    [InlineData("development: sometimes\n", "development: 'sometimes' is not true or false")]
    [InlineData("version: 2\nallow: [MIT]\n", "'2' is not a supported policy version")]
    [InlineData("ignore:\n  - ecosystem: npm\n", "ignore[0].package: is required")]
    [InlineData("allow: MIT\n", "allow: expected a list")]
    [InlineData("- MIT\n", "expected a mapping")]
    [InlineData("allow: [MIT\n", "not valid YAML")]
    [InlineData("default: maybe\nallow: [MIT]\n", "licenses.yml:1: default: 'maybe' is not allow or deny")]
    [InlineData("", "the licence policy is empty")]
    public void An_invalid_policy_names_file_line_field_and_reason(string yaml, string message)
    {
        var error = Assert.Throws<LicensePolicyException>(() => LicensePolicyFile.Load(yaml, "licenses.yml"));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("licenses.yml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_locations_are_tried_in_order_and_an_explicit_file_must_exist()
    {
        var root = Directory.CreateTempSubdirectory("bulwark-policy-").FullName;
        try
        {
            Assert.Null(LicensePolicyFile.Find(null, root));
            File.WriteAllText(Path.Combine(root, "bulwark-licenses.yml"), "deny: [AGPL-3.0-only]");
            Assert.Equal("bulwark-licenses.yml", LicensePolicyFile.Find(null, root)!.Source);
            Directory.CreateDirectory(Path.Combine(root, ".bulwark"));
            File.WriteAllText(Path.Combine(root, ".bulwark", "licenses.yml"), "deny: [SSPL-1.0]");
            Assert.Equal(".bulwark/licenses.yml", LicensePolicyFile.Find(null, root)!.Source);

            var missing = Path.Combine(root, "nope.yml");
            var error = Assert.Throws<LicensePolicyException>(() => LicensePolicyFile.Find(missing, root));
            Assert.Contains("nope.yml: the licence policy file does not exist", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

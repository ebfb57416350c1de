using Bulwark.Analyzers.Dependencies.Licenses;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Tests.Licenses;

public sealed class LicensePolicyEvaluationTests
{
    private static readonly LicensePolicy AllowList = LicensePolicyFile.Load("""
        default: deny
        allow: [permissive, public-domain, MPL-2.0, "GPL-2.0-only WITH Classpath-exception-2.0"]
        deny:
          - license: BSD-4-Clause
            severity: medium
        """, "allow.yml");

    private static readonly LicensePolicy DenyList = LicensePolicyFile.Load("""
        deny: [strong-copyleft, network-copyleft, "LGPL-3.0-*", proprietary]
        allow: [GPL-2.0-only]
        """, "deny.yml");

    [Theory]
    [InlineData("MIT", "Allowed")]
    [InlineData("Apache 2.0", "Allowed")]
    [InlineData("CC0-1.0", "Allowed")]
    [InlineData("MPL-2.0", "Allowed")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "Allowed")]
    [InlineData("GPL-2.0-only", "Denied")]
    [InlineData("LGPL-2.1-only", "Denied")]
    [InlineData("BSD-4-Clause", "Denied")]
    [InlineData("MIT OR GPL-3.0-only", "Allowed")]
    [InlineData("MIT AND GPL-3.0-only", "Denied")]
    [InlineData("LicenseRef-Acme-EULA", "Unknown")]
    [InlineData("SEE LICENSE IN EULA.txt", "Unknown")]
    [InlineData("BSD License", "Allowed")]
    [InlineData("UNLICENSED", "Denied")]
    [InlineData("GPL-3.0-only OR LicenseRef-Acme", "Unknown")]
    public void An_allow_list_denies_what_it_does_not_name(string license, string expected)
    {
        Assert.Equal(Enum.Parse<LicenseOutcome>(expected), LicensePolicyEvaluation.Judge(AllowList, [license]).Outcome);
    }

    [Theory]
    [InlineData("MIT", "Allowed")]
    [InlineData("LGPL-2.1-only", "Allowed")]
    [InlineData("LGPL-3.0-only", "Denied")]
    [InlineData("LGPL-3.0-or-later", "Denied")]
    [InlineData("GPL-3.0-or-later", "Denied")]
    [InlineData("AGPL-3.0-only", "Denied")]
    [InlineData("GPL-2.0", "Allowed")] // deprecated GPL-2.0 is GPL-2.0-only, which is allowed by id over its class
    [InlineData("GPL-2.0-or-later", "Denied")]
    [InlineData("GPL-3.0-only WITH GCC-exception-3.1", "Allowed")] // a linking exception makes it weak copyleft
    [InlineData("BUSL-1.1", "Denied")]
    [InlineData("GPL", "Denied")]
    [InlineData("Acme Internal Licence", "Unknown")]
    public void A_deny_list_denies_what_it_names_and_the_most_specific_rule_wins(string license, string expected)
    {
        Assert.Equal(Enum.Parse<LicenseOutcome>(expected), LicensePolicyEvaluation.Judge(DenyList, [license]).Outcome);
    }

    [Fact]
    public void Several_declared_licences_all_apply_and_none_is_unknown()
    {
        Assert.Equal(LicenseOutcome.Denied, LicensePolicyEvaluation.Judge(DenyList, ["MIT", "AGPL-3.0-only"]).Outcome);
        Assert.Equal(LicenseOutcome.Unknown, LicensePolicyEvaluation.Judge(DenyList, []).Outcome);
        Assert.Equal(LicenseOutcome.Unknown, LicensePolicyEvaluation.Judge(DenyList, ["NOASSERTION"]).Outcome);
    }

    [Fact]
    public void A_denial_names_the_rule_and_a_choice_of_denied_licences_names_each()
    {
        var verdict = LicensePolicyEvaluation.Judge(DenyList, ["AGPL-3.0-only OR SSPL-1.0 OR BUSL-1.1"]);
        Assert.Equal(LicenseOutcome.Denied, verdict.Outcome);
        Assert.Equal(["deny[1] 'network-copyleft'", "deny[1] 'network-copyleft'", "deny[3] 'proprietary'"], verdict.Denials.Select(d => d.Rule!.Describe()));
        Assert.Null(Assert.Single(LicensePolicyEvaluation.Judge(AllowList, ["GPL-3.0-only"]).Denials).Rule);
    }

    [Fact]
    public void Findings_carry_the_licence_the_rule_the_location_and_the_policy_severity()
    {
        var components = new[]
        {
            new Component { Name = "fast-json", Version = "2.1.0", Ecosystem = "npm", SourceFile = "web/package-lock.json", IsDirect = true, Licenses = new[] { "AGPL-3.0-only" }.ToEquatableArray(), Purl = "pkg:npm/fast-json@2.1.0" },
            new Component { Name = "mit-thing", Version = "1.0.0", Ecosystem = "npm", SourceFile = "web/package-lock.json", Licenses = new[] { "MIT" }.ToEquatableArray() },
            new Component { Name = "mystery", Version = "0.0.1", Ecosystem = "npm", SourceFile = "web/package-lock.json" },
            new Component { Name = "left-pad", Version = "1.3.0", Ecosystem = "npm", SourceFile = "web/package-lock.json", Licenses = new[] { "WTFPL" }.ToEquatableArray() },
            new Component { Name = "old-4-clause", Version = "1.0.0", Ecosystem = "npm", SourceFile = "web/package-lock.json", Licenses = new[] { "BSD-4-Clause" }.ToEquatableArray() },
            new Component { Name = "dev-gpl", Version = "1.0.0", Ecosystem = "npm", SourceFile = "web/package-lock.json", Licenses = new[] { "GPL-3.0-only" }.ToEquatableArray(), IsDevelopment = true },
        };
        var policy = LicensePolicyFile.Load("""
            severity: high
            default: deny
            development: false
            deny:
              - network-copyleft
              - license: BSD-4-Clause
                severity: medium
                reason: advertising clause
            unknown: deny
            ignore: [left-pad]
            allow: [permissive]
            """, ".bulwark/licenses.yml");

        var findings = LicensePolicyFindings.Evaluate(policy, components).ToList();

        Assert.Equal(["fast-json", "mystery", "old-4-clause"], findings.Select(f => ((DependencyLocation)f.Location).Dependency.Package));
        var agpl = findings[0];
        Assert.Equal(ReportType.DependencyScanning, agpl.ReportType);
        Assert.Equal(new Identifier("license", "AGPL-3.0-only", "AGPL-3.0-only", "https://spdx.org/licenses/AGPL-3.0-only.html"), agpl.PrimaryIdentifier);
        Assert.Equal(new DependencyLocation("web/package-lock.json", new DependencyReference("fast-json", "2.1.0", true)), agpl.Location);
        Assert.Equal(Severity.High, agpl.Severity);
        Assert.Contains("AGPL-3.0-only (network-copyleft) is denied by deny[0] 'network-copyleft'", agpl.Description, StringComparison.Ordinal);
        Assert.Contains(".bulwark/licenses.yml", agpl.Description, StringComparison.Ordinal);
        Assert.Equal("network-copyleft", agpl.GetProperty("license-class"));
        Assert.Equal("pkg:npm/fast-json@2.1.0", agpl.GetProperty("purl"));

        var unknown = findings[1];
        Assert.Equal(Severity.Low, unknown.Severity);
        Assert.Equal("No licence declared", unknown.Name);
        Assert.Equal("unknown", unknown.PrimaryIdentifier.Value);

        var bsd = findings[2];
        Assert.Equal(Severity.Medium, bsd.Severity);
        Assert.Contains("denied by deny[1].license 'BSD-4-Clause': advertising clause", bsd.Description, StringComparison.Ordinal);
    }
}

using System.Globalization;
using Bulwark.Core.Cvss;

namespace Bulwark.Core.Findings;

/// <summary>
/// A reference that names a vulnerability in some database (CVE, CWE, GHSA, a rule id).
/// A finding's first identifier is its primary identifier and keys its identity.
/// </summary>
public sealed record Identifier(string Type, string Name, string Value, string? Url = null)
{
    public static Identifier Cve(string cve) =>
        new("cve", cve, cve, $"https://www.cve.org/CVERecord?id={cve}");

    public static Identifier Cwe(int id) =>
        new("cwe", $"CWE-{id.ToString(CultureInfo.InvariantCulture)}", id.ToString(CultureInfo.InvariantCulture),
            $"https://cwe.mitre.org/data/definitions/{id.ToString(CultureInfo.InvariantCulture)}.html");

    public static Identifier Ghsa(string ghsa) =>
        new("ghsa", ghsa, ghsa, $"https://github.com/advisories/{ghsa}");

    /// <summary>A rule of one of our analyzers, e.g. <c>bulwark_secrets:github-pat</c>.</summary>
    public static Identifier Rule(string analyzer, string ruleId, string? name = null) =>
        new($"bulwark_{analyzer}", name ?? ruleId, ruleId);
}

public sealed record Link(string Url, string? Name = null);

/// <summary>A CVSS vector as issued by one vendor (GitLab keeps the first as the primary one).</summary>
public sealed record CvssVector(string Vendor, string Vector)
{
    public CvssVersion Version => CvssCalculator.VersionOf(Vector);

    /// <summary>The score the vector's specification gives it; null for a vector that is not valid CVSS v2, v3.x or v4.0.</summary>
    public CvssBaseScore? Score => CvssCalculator.TryScore(Vector, out var score, out _) ? score : null;

    public double? BaseScore => Score?.Score;
}

/// <summary>A flag attached by a tool, e.g. <c>flagged-as-likely-false-positive</c>.</summary>
public sealed record Flag(string Type, string Origin, string Description);

/// <summary>A build asset linked to a finding (DAST HTTP sessions, Postman collections).</summary>
public sealed record Asset(string Type, string Name, string Url);

using System.Text.Json;
using Bulwark.Core.Findings;

namespace Bulwark.Core.Tests.Findings;

public class FindingRedactionTests
{
    private const string Token = "glpat-Xf3kP9qLm2Rz7Vb1Nc8Y";

    [Theory]
    [InlineData("AKIAZ4XQ7PL2RTMBE5KN", "AKIA…")]
    [InlineData("hunter22", "…")]
    [InlineData("abc", "…")]
    [InlineData("AKIA…", "AKIA…")]
    [InlineData("…", "…")]
    public void Mask_keeps_four_characters_of_a_long_value_and_nothing_of_a_short_one(string value, string masked)
    {
        Assert.Equal(masked, FindingRedaction.Mask(value));
    }

    [Fact]
    public void A_secret_is_masked_wherever_the_finding_repeats_it()
    {
        using var details = JsonDocument.Parse($$$"""{"token": {"type": "text", "name": "Token", "value": "{{{Token}}}"}}""");
        var finding = Secret() with
        {
            Name = "GitLab personal access token",
            Description = $"Found {Token} in .env.",
            RawSourceCodeExtract = Token,
            Details = details.RootElement.Clone(),
            Properties = EquatableArray.Of(
                KeyValuePair.Create("compare-key", $".env:{Token}:gitlab-pat"),
                KeyValuePair.Create("match", $"GITLAB_TOKEN={Token}"),
                KeyValuePair.Create("secret", Token)),
        };

        var redacted = FindingRedaction.Redact(finding);

        Assert.Equal("glpa…", redacted.RawSourceCodeExtract);
        Assert.Equal("Found glpa… in .env.", redacted.Description);
        Assert.Equal([".env:glpa…:gitlab-pat", "GITLAB_TOKEN=glpa…", "glpa…"], redacted.Properties.Select(p => p.Value));
        Assert.DoesNotContain(Token, JsonSerializer.Serialize(redacted.Details), StringComparison.Ordinal);
        Assert.Equal(redacted, FindingRedaction.Redact(redacted));
    }

    [Fact]
    public void Credential_headers_in_evidence_keep_their_scheme_and_cookie_names()
    {
        var finding = Secret() with
        {
            ReportType = ReportType.Dast,
            Location = new WebLocation("https://shop.example.com", "GET", "/api/orders"),
            Evidence = new Evidence(
                "The response discloses stack traces.",
                Request: new HttpRequest("GET", "https://shop.example.com/api/orders", EquatableArray.Of(
                    new HttpHeader("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"),
                    new HttpHeader("Cookie", "session=9f8e7d6c5b4a39281706"),
                    new HttpHeader("Accept", "application/json"))),
                Response: new HttpResponse(500, "Internal Server Error", EquatableArray.Of(new HttpHeader("Set-Cookie", "session=0a1b2c3d4e5f60718293; HttpOnly")))),
        };

        var evidence = FindingRedaction.Redact(finding).Evidence!;

        Assert.Equal(
            ["Bearer eyJh…", "session=9f8e…", "application/json"],
            evidence.Request!.Headers.Select(h => h.Value));
        Assert.Equal("session=0a1b…", evidence.Response!.Headers[0].Value);
    }

    [Fact]
    public void Findings_of_other_types_keep_their_source_extract()
    {
        var sast = Secret() with { ReportType = ReportType.Sast, Location = new SourceLocation("a.py", 1), RawSourceCodeExtract = "eval(request.args['q'])" };

        Assert.Equal(sast, FindingRedaction.Redact(sast));
    }

    private static Finding Secret() => new()
    {
        ReportType = ReportType.SecretDetection,
        Analyzer = "secrets",
        RuleId = "gitlab-pat",
        Identifiers = EquatableArray.Of(new Identifier("gitleaks_rule_id", "gitlab-pat", "gitlab-pat")),
        Location = new SecretLocation(".env", Commit.WorkingTree, 3, 3),
    };
}

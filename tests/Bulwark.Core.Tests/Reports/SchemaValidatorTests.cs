using System.Text.Json.Nodes;
using Newtonsoft.Json.Schema;

namespace Bulwark.Core.Tests.Reports;

/// <summary>
/// The validator the report tests rely on really enforces each schema by its own draft: documents
/// that break a required field, an enum or a pattern fail with that error, and OSV's 2020-12 rules
/// (if/then, contains) are applied, not skipped as an older draft would.
/// </summary>
[Collection(SchemaCollection.Name)]
public class SchemaValidatorTests(SchemaValidator schemas)
{
    private const string GitLabSecrets = SchemaValidator.GitLabFolder + "/secret-detection-report-format.json";

    private const string ValidGitLab = """
        {
          "version": "15.2.1",
          "scan": {
            "analyzer": { "id": "secrets", "name": "Bulwark secrets", "vendor": { "name": "Bulwark" }, "version": "1.0.3" },
            "scanner": { "id": "bulwark", "name": "Bulwark", "vendor": { "name": "Bulwark" }, "version": "0.1.0" },
            "type": "secret_detection",
            "start_time": "2026-03-02T09:14:05",
            "end_time": "2026-03-02T09:15:41",
            "status": "success"
          },
          "vulnerabilities": [
            {
              "id": "7c1ab850-fc9b-5d97-8dc2-58e0b8e224c7",
              "name": "AWS access key ID",
              "severity": "Critical",
              "identifiers": [ { "type": "bulwark_secrets", "name": "AWS access key ID", "value": "aws-access-key-id" } ],
              "location": { "file": "config/app.env", "commit": { "sha": "0000000" }, "start_line": 12, "end_line": 12 }
            }
          ]
        }
        """;

    private const string ValidSarif = """
        {
          "version": "2.1.0",
          "runs": [
            {
              "tool": { "driver": { "name": "Bandit", "version": "1.7.7", "rules": [ { "id": "B608", "name": "hardcoded_sql_expressions" } ] } },
              "results": [
                {
                  "ruleId": "B608",
                  "level": "warning",
                  "message": { "text": "Possible SQL injection vector through string-based query construction." },
                  "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "app/reports.py" }, "region": { "startLine": 31, "startColumn": 13 } } } ]
                }
              ]
            }
          ]
        }
        """;

    private const string ValidCycloneDx = """
        {
          "bomFormat": "CycloneDX",
          "specVersion": "1.6",
          "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
          "version": 1,
          "components": [
            { "type": "library", "bom-ref": "pkg:npm/express@4.18.2", "name": "express", "version": "4.18.2",
              "licenses": [ { "license": { "id": "MIT" } } ], "purl": "pkg:npm/express@4.18.2" }
          ]
        }
        """;

    public static TheoryData<string, string> ValidDocuments() => new()
    {
        { GitLabSecrets, ValidGitLab },
        { SchemaValidator.Sarif, ValidSarif },
        { SchemaValidator.CycloneDx, ValidCycloneDx },
        { SchemaValidator.Osv, File.ReadAllText(SchemaValidator.FixturePath("RUSTSEC-2021-0078.json")) },
    };

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public void A_valid_document_passes(string schema, string json) => schemas.AssertValid(schema, json);

    [Theory]
    [InlineData("missing required scan", ErrorType.Required, "")]
    [InlineData("severity outside the enum", ErrorType.Enum, "vulnerabilities[0].severity")]
    [InlineData("start_time with a space", ErrorType.Pattern, "scan.start_time")]
    [InlineData("commit without sha", ErrorType.Required, "vulnerabilities[0].location.commit")]
    public void GitLab_draft_07_schema_is_enforced(string change, ErrorType expected, string path)
    {
        var document = JsonNode.Parse(ValidGitLab)!;
        switch (change)
        {
            case "missing required scan":
                document.AsObject().Remove("scan");
                break;
            case "severity outside the enum":
                document["vulnerabilities"]![0]!["severity"] = "Severe";
                break;
            case "start_time with a space":
                document["scan"]!["start_time"] = "2026-03-02 09:14:05";
                break;
            default:
                document["vulnerabilities"]![0]!["location"]!["commit"]!.AsObject().Remove("sha");
                break;
        }

        AssertFails(GitLabSecrets, document, expected, path);
    }

    [Theory]
    [InlineData("missing version", ErrorType.Required, "")]
    [InlineData("level outside the enum", ErrorType.Enum, "runs[0].results[0].level")]
    [InlineData("line zero", ErrorType.Minimum, "runs[0].results[0].locations[0].physicalLocation.region.startLine")]
    public void Sarif_draft_04_schema_is_enforced(string change, ErrorType expected, string path)
    {
        var document = JsonNode.Parse(ValidSarif)!;
        var result = document["runs"]![0]!["results"]![0]!;
        switch (change)
        {
            case "missing version":
                document.AsObject().Remove("version");
                break;
            case "level outside the enum":
                result["level"] = "fatal";
                break;
            default:
                result["locations"]![0]!["physicalLocation"]!["region"]!["startLine"] = 0;
                break;
        }

        AssertFails(SchemaValidator.Sarif, document, expected, path);
    }

    [Theory]
    [InlineData("missing bomFormat", ErrorType.Required, "")]
    [InlineData("licence id not in the SPDX list", ErrorType.Enum, "components[0].licenses[0].license.id")]
    [InlineData("serial number not a urn:uuid", ErrorType.Pattern, "serialNumber")]
    public void CycloneDx_draft_07_schema_is_enforced_with_its_spdx_neighbour_resolved(string change, ErrorType expected, string path)
    {
        var document = JsonNode.Parse(ValidCycloneDx)!;
        switch (change)
        {
            case "missing bomFormat":
                document.AsObject().Remove("bomFormat");
                break;
            case "licence id not in the SPDX list":
                document["components"]![0]!["licenses"]![0]!["license"]!["id"] = "MIT License";
                break;
            default:
                document["serialNumber"] = "3e671687-395b-41f5-a30f-a58921a69b79";
                break;
        }

        AssertFails(SchemaValidator.CycloneDx, document, expected, path);
    }

    [Theory]
    [InlineData("events without introduced", ErrorType.Contains)]
    [InlineData("fixed and last_affected together", ErrorType.Then)]
    [InlineData("GIT range without repo", ErrorType.Then)]
    [InlineData("misspelt top-level field", ErrorType.AdditionalProperties)]
    [InlineData("missing modified", ErrorType.Required)]
    public void Osv_draft_2020_12_schema_is_enforced_including_if_then_and_contains(string change, ErrorType expected)
    {
        var document = JsonNode.Parse(File.ReadAllText(SchemaValidator.FixturePath("RUSTSEC-2021-0078.json")))!;
        var range = document["affected"]![0]!["ranges"]![0]!;
        switch (change)
        {
            case "events without introduced":
                range["events"] = new JsonArray(new JsonObject { ["fixed"] = "0.14.10" });
                break;
            case "fixed and last_affected together":
                range["events"]!.AsArray().Add(new JsonObject { ["last_affected"] = "0.14.9" });
                break;
            case "GIT range without repo":
                range["type"] = "GIT";
                range["events"] = new JsonArray(
                    new JsonObject { ["introduced"] = "0" },
                    new JsonObject { ["fixed"] = "8bd6d5bdfbd6c4f5bd8b42d3a7c6c0e5d3f1e2a4" });
                break;
            case "misspelt top-level field":
                document["withdrawm"] = "2021-10-19T22:14:35Z";
                break;
            default:
                document.AsObject().Remove("modified");
                break;
        }

        var errors = schemas.Validate(SchemaValidator.Osv, document.ToJsonString());
        Assert.Contains(errors, e => e.Type == expected);
    }

    private void AssertFails(string schema, JsonNode document, ErrorType expected, string path)
    {
        var errors = schemas.Validate(schema, document.ToJsonString());
        Assert.True(errors.Any(e => e.Type == expected && e.Path == path),
            $"expected {expected} at '{path}', got:\n{string.Join("\n", errors)}");
    }
}

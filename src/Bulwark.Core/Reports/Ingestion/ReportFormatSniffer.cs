using System.Text.Json;

namespace Bulwark.Core.Reports.Ingestion;

/// <summary>
/// Recognises a report by the keys near the start of its JSON. Reads tokens only (never builds a document),
/// so a truncated head of a large file is enough.
/// </summary>
internal static class ReportFormatSniffer
{
    public static ReportFormat Detect(ReadOnlySpan<byte> head)
    {
        var reader = new Utf8JsonReader(head, isFinalBlock: false, state: default);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var rootIsArray = false;
        try
        {
            if (!reader.Read())
            {
                throw new ReportFormatException("report", "$", "is empty");
            }

            rootIsArray = reader.TokenType == JsonTokenType.StartArray;
            if (rootIsArray)
            {
                // gitleaks writes an array of leaks: look at the first one's keys.
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadKeys(ref reader, keys, values);
                }
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadKeys(ref reader, keys, values);
            }
        }
        catch (JsonException e)
        {
            throw new ReportFormatException("report", "$", $"is not JSON ({e.Message})", e);
        }

        if (rootIsArray)
        {
            if (keys.Contains("RuleID") && keys.Contains("Fingerprint") || keys.Contains("RuleID") && keys.Contains("Secret"))
            {
                return ReportFormat.Gitleaks;
            }

            if (keys.Count == 0)
            {
                // An empty array is what gitleaks writes when it finds nothing.
                return ReportFormat.Gitleaks;
            }

            throw new ReportFormatException("report", "$", "is a JSON array but not a gitleaks report (no RuleID)");
        }

        if (values.GetValueOrDefault("bomFormat") == "CycloneDX")
        {
            return ReportFormat.CycloneDx;
        }

        if (keys.Contains("runs") && (keys.Contains("version") || keys.Contains("$schema")))
        {
            return ReportFormat.Sarif;
        }

        if (keys.Contains("SchemaVersion") && (keys.Contains("ArtifactName") || keys.Contains("Results")))
        {
            return ReportFormat.Trivy;
        }

        if (values.GetValueOrDefault("format") == "bulwark" && keys.Contains("formatVersion"))
        {
            return ReportFormat.Native;
        }

        if (keys.Contains("vulnerabilities") || keys.Contains("scan") || keys.Contains("version") && keys.Contains("remediations"))
        {
            return ReportFormat.GitLab;
        }

        if (keys.Count == 0)
        {
            throw new ReportFormatException("report", "$", "is empty or not a JSON object");
        }

        throw new ReportFormatException(
            "report", "$",
            "is not a recognised format (expected a GitLab security report, SARIF 2.1.0, CycloneDX, Trivy JSON, gitleaks JSON or a Bulwark report); top-level keys: "
            + string.Join(", ", keys.Order(StringComparer.Ordinal).Take(8)));
    }

    /// <summary>Collects the keys of the object the reader is in (and their string values), skipping nested values.</summary>
    private static void ReadKeys(ref Utf8JsonReader reader, HashSet<string> keys, Dictionary<string, string> values)
    {
        // Ends quietly when the head runs out mid-document: the keys seen so far decide.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString() ?? string.Empty;
            keys.Add(name);
            if (!reader.Read())
            {
                return;
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                values[name] = reader.GetString() ?? string.Empty;
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
            {
                return;
            }
        }
    }
}

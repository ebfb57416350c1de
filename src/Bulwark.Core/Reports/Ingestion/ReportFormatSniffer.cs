using System.Text.Json;
using Bulwark.Core.Reports.Streaming;

namespace Bulwark.Core.Reports.Ingestion;

/// <summary>
/// Recognises a report by its top-level keys (and, for a top-level array, the keys of its first element).
/// Reads tokens only, never a document: the head of the file usually decides; when it does not (a huge
/// <c>runs</c> before <c>version</c>), the top-level keys of the whole stream are read, skipping values.
/// </summary>
internal static class ReportFormatSniffer
{
    /// <summary>Bytes looked at first; enough for every format's leading keys.</summary>
    public const int HeadLength = 64 * 1024;

    public static ReportFormat Detect(Stream report)
    {
        var head = new byte[HeadLength];
        var length = report.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var whole = length < head.Length;
        var shape = ReadHead(head.AsSpan(0, length), whole);
        if (Decide(shape, complete: shape.Complete) is { } format)
        {
            return format;
        }

        report.Position = 0;
        return Decide(ReadTopLevel(report), complete: true)!.Value;
    }

    /// <summary>What the keys say, or null when they are not all known and the ones seen do not settle it.</summary>
    private static ReportFormat? Decide(Shape shape, bool complete)
    {
        var keys = shape.Keys;
        if (shape.RootIsArray)
        {
            if (keys.Contains("RuleID") && (keys.Contains("Fingerprint") || keys.Contains("Secret") || keys.Contains("Match") || keys.Contains("File")))
            {
                return ReportFormat.Gitleaks;
            }

            // Trivy before 0.20: an array of results.
            if (keys.Contains("Target") && (keys.Contains("Vulnerabilities") || keys.Contains("Type")))
            {
                return ReportFormat.Trivy;
            }

            if (shape.ArrayIsEmpty)
            {
                // What gitleaks writes when it finds nothing.
                return ReportFormat.Gitleaks;
            }

            if (!complete && shape.FirstElementIsObject)
            {
                return null;
            }

            throw new ReportFormatException("report", "$", shape.FirstElementIsObject
                ? "is a JSON array but neither a gitleaks report nor a Trivy report before 0.20: its first element has no RuleID nor Target (keys: " + Describe(keys) + ")"
                : "is a JSON array but not a gitleaks report: its elements are not objects");
        }

        if (shape.Values.TryGetValue("bomFormat", out var bomFormat))
        {
            return bomFormat == "CycloneDX"
                ? ReportFormat.CycloneDx
                : throw new ReportFormatException("report", "$.bomFormat", $"is '{bomFormat}', not 'CycloneDX'");
        }

        if (keys.Contains("runs") && (keys.Contains("version") || keys.Contains("$schema")))
        {
            return ReportFormat.Sarif;
        }

        if (keys.Contains("SchemaVersion") && (keys.Contains("ArtifactName") || keys.Contains("ArtifactType") || keys.Contains("Results")))
        {
            return ReportFormat.Trivy;
        }

        if (keys.Contains("ClusterName") && (keys.Contains("Resources") || keys.Contains("Vulnerabilities") || keys.Contains("Misconfigurations")))
        {
            throw new ReportFormatException("report", "$", "is a Trivy Kubernetes report (trivy k8s), which is not read: upload the trivy image reports of the cluster's images instead");
        }

        if (shape.Values.GetValueOrDefault("format") == "bulwark" && keys.Contains("formatVersion"))
        {
            return ReportFormat.Native;
        }

        if (keys.Contains("vulnerabilities") && (keys.Contains("version") || keys.Contains("scan")))
        {
            return ReportFormat.GitLab;
        }

        // Bandit writes its keys sorted: errors, generated_at, metrics (per file: large), results.
        if ((keys.Contains("generated_at") && keys.Contains("metrics")) || (keys.Contains("results") && (keys.Contains("metrics") || keys.Contains("generated_at"))))
        {
            return ReportFormat.Bandit;
        }

        // Semgrep: results with errors (always written), paths (0.60 and later) or version (1.x).
        if (keys.Contains("results") && (keys.Contains("errors") || keys.Contains("paths") || keys.Contains("version")))
        {
            return complete || keys.Contains("paths") || keys.Contains("version") ? ReportFormat.Semgrep : null;
        }

        if (!complete)
        {
            return null;
        }

        if (keys.Contains("scan") || keys.Contains("vulnerabilities") || (keys.Contains("version") && keys.Contains("remediations")))
        {
            return ReportFormat.GitLab;
        }

        throw new ReportFormatException("report", "$", shape.RootIsObject
            ? "is not a recognised format (expected a GitLab security report, SARIF 2.1.0, CycloneDX, Trivy JSON, gitleaks JSON, Bandit JSON, Semgrep JSON or a Bulwark report); top-level keys: " + Describe(keys)
            : "is a JSON value that is not a report (a report is a JSON object, or a gitleaks array)");
    }

    private static string Describe(HashSet<string> keys) =>
        keys.Count == 0 ? "none" : string.Join(", ", keys.Order(StringComparer.Ordinal).Take(8)) + (keys.Count > 8 ? ", …" : string.Empty);

    private static Shape ReadHead(ReadOnlySpan<byte> head, bool isWhole)
    {
        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        if (isWhole && head.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new ReportFormatException("report", "$", "is empty: it holds no JSON value");
        }

        var shape = new Shape();
        var reader = new Utf8JsonReader(head, isWhole, new JsonReaderState(JsonWindow.Options));
        try
        {
            if (!reader.Read())
            {
                throw new ReportFormatException("report", "$", "is empty: it holds no JSON value");
            }

            shape.Start(reader.TokenType);
            if (shape.RootIsArray)
            {
                if (!reader.Read())
                {
                    return shape;
                }

                shape.FirstElement(reader.TokenType);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return shape;
                }
            }
            else if (!shape.RootIsObject)
            {
                shape.Complete = true;
                return shape;
            }

            // Ends quietly when the head runs out mid-document: the keys seen so far may decide.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString() ?? string.Empty;
                if (!reader.Read())
                {
                    return shape;
                }

                shape.Add(name, reader.TokenType == JsonTokenType.String ? reader.GetString() : null);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                {
                    return shape;
                }
            }

            shape.Complete = reader.TokenType == JsonTokenType.EndObject;
            return shape;
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
        catch (InvalidOperationException)
        {
            throw NotUtf8();
        }
    }

    /// <summary>
    /// The top-level keys of the whole stream (of its first element, for an array), values skipped token by
    /// token in a bounded window.
    /// </summary>
    private static Shape ReadTopLevel(Stream report)
    {
        var shape = new Shape { Complete = true };
        using var window = new JsonWindow(report, report.Position);
        window.Fill();
        window.SkipByteOrderMark();
        var name = (string?)null;
        var started = false;
        var keyDepth = 1;
        while (true)
        {
            var reader = window.Reader();
            try
            {
                while (reader.Read())
                {
                    var depth = reader.CurrentDepth;
                    if (!started)
                    {
                        started = true;
                        shape.Start(reader.TokenType);
                        if (!shape.RootIsObject && !shape.RootIsArray)
                        {
                            return shape;
                        }

                        keyDepth = shape.RootIsArray ? 2 : 1;
                    }
                    else if (shape.RootIsArray && depth == 1)
                    {
                        if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                        {
                            // The first element has been read (or the array has none): its keys decide.
                            return shape;
                        }

                        shape.FirstElement(reader.TokenType);
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            return shape;
                        }
                    }
                    else if (shape.RootIsArray && depth == 0)
                    {
                        shape.FirstElement(reader.TokenType);
                        return shape;
                    }
                    else if (depth == keyDepth)
                    {
                        if (reader.TokenType == JsonTokenType.PropertyName)
                        {
                            name = reader.GetString() ?? string.Empty;
                        }
                        else if (name is not null)
                        {
                            shape.Add(name, reader.TokenType == JsonTokenType.String ? reader.GetString() : null);
                            name = null;
                        }
                    }
                }
            }
            catch (JsonException e)
            {
                throw NotJson(e);
            }
            catch (InvalidOperationException)
            {
                throw NotUtf8();
            }

            window.Commit(ref reader);
            if (window.IsFinal)
            {
                return started ? shape : throw new ReportFormatException("report", "$", "is empty: it holds no JSON value");
            }

            window.Fill();
        }
    }

    /// <summary>A key or value read to recognise the format does not decode.</summary>
    private static ReportFormatException NotUtf8() => new("report", "$", "is not UTF-8 JSON: a key or value near its start does not decode");

    private static ReportFormatException NotJson(JsonException e) =>
        new("report", "$", $"is not JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}): {e.Message}", e);

    private sealed class Shape
    {
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        public bool RootIsArray { get; private set; }

        public bool RootIsObject { get; private set; }

        public bool ArrayIsEmpty { get; private set; }

        public bool FirstElementIsObject { get; private set; }

        /// <summary>True when every top-level key has been seen.</summary>
        public bool Complete { get; set; }

        public void Start(JsonTokenType token)
        {
            RootIsArray = token == JsonTokenType.StartArray;
            RootIsObject = token == JsonTokenType.StartObject;
        }

        public void FirstElement(JsonTokenType token)
        {
            ArrayIsEmpty = token == JsonTokenType.EndArray;
            FirstElementIsObject = token == JsonTokenType.StartObject;
        }

        public void Add(string name, string? value)
        {
            Keys.Add(name);
            if (value is not null)
            {
                Values[name] = value;
            }
        }
    }
}

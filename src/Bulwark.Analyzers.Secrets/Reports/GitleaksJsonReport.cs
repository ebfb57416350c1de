using System.Globalization;
using System.Text.Json;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Reports;

/// <summary>One entry of a gitleaks JSON report (<c>gitleaks detect --report-format json</c>), field for field.</summary>
public sealed record GitleaksFinding
{
    public string RuleID { get; init; } = "";

    public string Description { get; init; } = "";

    public int StartLine { get; init; }

    public int EndLine { get; init; }

    public int StartColumn { get; init; }

    public int EndColumn { get; init; }

    public string Match { get; init; } = "";

    public string Secret { get; init; } = "";

    public string File { get; init; } = "";

    public string SymlinkFile { get; init; } = "";

    public string Commit { get; init; } = "";

    public double Entropy { get; init; }

    public string Author { get; init; } = "";

    public string Email { get; init; } = "";

    public string Date { get; init; } = "";

    public string Message { get; init; } = "";

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string Fingerprint { get; init; } = "";
}

/// <summary>
/// The gitleaks JSON report: an array of findings with gitleaks' field names, in gitleaks' order, so tools
/// built on gitleaks output (dashboards, DefectDojo, CI scripts reading <c>.[].RuleID</c>) keep working.
/// Working-tree findings have an empty <c>Commit</c> as in gitleaks; decoded findings get gitleaks' tags
/// <c>decoded:ENCODING</c> and <c>decode-depth:N</c>. Secrets are written as the findings hold them
/// (redacted unless the scan ran with <c>--no-redact</c>).
/// </summary>
public static class GitleaksJsonReport
{
    public static GitleaksFinding From(Finding finding)
    {
        var location = finding.Location as SecretLocation;
        var commit = location?.Commit;
        var tags = SplitTags(finding.GetProperty(SecretFindings.TagsKey)).ToList();
        if (finding.GetProperty(SecretFindings.DecodedKey) is { } decoded)
        {
            var encodings = decoded.Split(',', StringSplitOptions.RemoveEmptyEntries);
            tags.AddRange(encodings.Distinct(StringComparer.Ordinal).Select(e => $"decoded:{e}"));
            tags.Add($"decode-depth:{encodings.Length}");
        }

        return new GitleaksFinding
        {
            RuleID = finding.RuleId,
            Description = finding.Name ?? finding.Description ?? finding.RuleId,
            StartLine = location?.StartLine ?? 0,
            EndLine = location?.EndLine ?? 0,
            StartColumn = location?.StartColumn ?? 0,
            EndColumn = location?.EndColumn ?? 0,
            Match = finding.GetProperty(SecretFindings.MatchKey) ?? "",
            Secret = finding.GetProperty(SecretFindings.SecretKey) ?? finding.RawSourceCodeExtract ?? "",
            File = location?.File ?? "",
            Commit = commit is null || commit.IsWorkingTree ? "" : commit.Sha,
            Entropy = double.TryParse(finding.GetProperty(SecretFindings.EntropyKey), NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ? e : 0,
            Author = commit?.Author ?? "",
            Email = commit?.Email ?? "",
            Date = commit?.Date is { } date ? date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "",
            Message = commit?.Message ?? "",
            Tags = tags,
            Fingerprint = finding.GetProperty(SecretFindings.FingerprintKey) ?? "",
        };
    }

    public static void Write(Stream stream, IEnumerable<Finding> findings)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartArray();
        foreach (var f in findings.Where(f => f.ReportType == ReportType.SecretDetection).Select(From))
        {
            w.WriteStartObject();
            w.WriteString("RuleID", f.RuleID);
            w.WriteString("Description", f.Description);
            w.WriteNumber("StartLine", f.StartLine);
            w.WriteNumber("EndLine", f.EndLine);
            w.WriteNumber("StartColumn", f.StartColumn);
            w.WriteNumber("EndColumn", f.EndColumn);
            w.WriteString("Match", f.Match);
            w.WriteString("Secret", f.Secret);
            w.WriteString("File", f.File);
            w.WriteString("SymlinkFile", f.SymlinkFile);
            w.WriteString("Commit", f.Commit);
            w.WriteNumber("Entropy", Math.Round(f.Entropy, 7));
            w.WriteString("Author", f.Author);
            w.WriteString("Email", f.Email);
            w.WriteString("Date", f.Date);
            w.WriteString("Message", f.Message);
            w.WriteStartArray("Tags");
            foreach (var tag in f.Tags)
            {
                w.WriteStringValue(tag);
            }

            w.WriteEndArray();
            w.WriteString("Fingerprint", f.Fingerprint);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Reads a gitleaks JSON report (ours or gitleaks' own); unknown fields are ignored.</summary>
    /// <exception cref="JsonException">The text is not a JSON array of objects.</exception>
    public static IReadOnlyList<GitleaksFinding> Read(Stream stream)
    {
        using var document = JsonDocument.Parse(stream);
        return Read(document.RootElement);
    }

    internal static List<GitleaksFinding> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("a gitleaks report is a JSON array of findings");
        }

        var findings = new List<GitleaksFinding>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("a gitleaks report is a JSON array of findings");
            }

            findings.Add(new GitleaksFinding
            {
                RuleID = Text(item, "RuleID"),
                Description = Text(item, "Description"),
                StartLine = Number(item, "StartLine"),
                EndLine = Number(item, "EndLine"),
                StartColumn = Number(item, "StartColumn"),
                EndColumn = Number(item, "EndColumn"),
                Match = Text(item, "Match"),
                Secret = Text(item, "Secret"),
                File = Text(item, "File"),
                SymlinkFile = Text(item, "SymlinkFile"),
                Commit = Text(item, "Commit"),
                Entropy = item.TryGetProperty("Entropy", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : 0,
                Author = Text(item, "Author"),
                Email = Text(item, "Email"),
                Date = Text(item, "Date"),
                Message = Text(item, "Message"),
                Tags = item.TryGetProperty("Tags", out var t) && t.ValueKind == JsonValueKind.Array
                    ? [.. t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
                    : [],
                Fingerprint = Text(item, "Fingerprint"),
            });
        }

        return findings;
    }

    private static IEnumerable<string> SplitTags(string? tags) =>
        tags is null ? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static int Number(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : 0;
}

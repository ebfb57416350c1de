using System.Text.Json;
using Bulwark.Analyzers.Secrets.Reports;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Baselines;

/// <summary>The baseline report cannot be used; the message names the file and what is wrong (exit code 2).</summary>
public sealed class BaselineFormatException : Exception
{
    public BaselineFormatException(string message)
        : base(message)
    {
    }

    public BaselineFormatException()
    {
    }

    public BaselineFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The findings of an earlier report, to report only what is new (<c>--baseline REPORT</c>). Reads gitleaks'
/// JSON report (ours or gitleaks' own), a GitLab <c>secret_detection</c> report and Bulwark's native
/// <c>bulwark.json</c>. A finding is already known when either
/// <list type="number">
/// <item>its fingerprint equals one in the baseline — gitleaks' <c>commit:file:rule:line</c> for history,
/// <c>file:rule:line</c> outside it (a working-tree or staged finding also matches a history entry of the same
/// file, rule and line); or</item>
/// <item>the same rule found the same secret in the same file — compared by <see cref="SecretFindings.SecretHash"/>,
/// so a secret whose line moved, or that another commit touched, stays baselined. This needs the baseline to
/// carry the secret unredacted (gitleaks <c>--redact=0</c>, GitLab's own analyzer) or its hash (Bulwark's
/// reports).</item>
/// </list>
/// </summary>
public sealed class SecretBaseline
{
    private readonly HashSet<string> _fingerprints = new(StringComparer.Ordinal);
    private readonly HashSet<string> _commitless = new(StringComparer.Ordinal);
    private readonly HashSet<(string Rule, string File, string Hash)> _secrets = [];

    private SecretBaseline(string format) => Format = format;

    /// <summary><c>gitleaks</c>, <c>gitlab</c> or <c>bulwark</c>.</summary>
    public string Format { get; }

    public int Count { get; private set; }

    public static SecretBaseline Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BaselineFormatException($"--baseline: cannot read '{path}': {e.Message}");
        }
    }

    public static SecretBaseline Read(Stream stream, string name = "baseline")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new BaselineFormatException($"--baseline: '{name}' is not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                return FromGitleaks(root, name);
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("vulnerabilities", out var vulnerabilities) && vulnerabilities.ValueKind == JsonValueKind.Array)
            {
                return FromReport(vulnerabilities, "gitlab");
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("findings", out var findings) && findings.ValueKind == JsonValueKind.Array)
            {
                return FromReport(findings, "bulwark");
            }

            throw new BaselineFormatException(
                $"--baseline: '{name}' is not a report we can read (expected a gitleaks JSON array, a GitLab report with 'vulnerabilities', or bulwark.json with 'findings')");
        }
    }

    public bool Contains(Leak leak)
    {
        if (_fingerprints.Contains(leak.Fingerprint))
        {
            return true;
        }

        if (leak.Commit.IsWorkingTree && _commitless.Contains(leak.Fingerprint))
        {
            return true;
        }

        return _secrets.Contains((leak.RuleId, leak.File, SecretFindings.SecretHash(leak.RuleId, leak.Secret)));
    }

    /// <summary>The leaks the baseline does not know, in their order.</summary>
    public IReadOnlyList<Leak> NewOnly(IEnumerable<Leak> leaks) => [.. leaks.Where(l => !Contains(l))];

    private static SecretBaseline FromGitleaks(JsonElement root, string name)
    {
        List<GitleaksFinding> entries;
        try
        {
            entries = GitleaksJsonReport.Read(root);
        }
        catch (JsonException e)
        {
            throw new BaselineFormatException($"--baseline: '{name}': {e.Message}");
        }

        var baseline = new SecretBaseline("gitleaks");
        foreach (var entry in entries)
        {
            var commit = entry.Commit.Length == 0 ? null : entry.Commit;
            baseline.Add(entry.RuleID, entry.File, entry.StartLine, commit, entry.Fingerprint, secret: entry.Secret, secretHash: null);
        }

        return baseline;
    }

    /// <summary>GitLab vulnerabilities and Bulwark findings: the same facts under a few different names.</summary>
    private static SecretBaseline FromReport(JsonElement items, string format)
    {
        var baseline = new SecretBaseline(format);
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            Flatten(item, fields);
            var rule = RuleOf(item) ?? Field(fields, "ruleid");
            var file = Field(fields, "file");
            if (rule is null || file is null)
            {
                continue;
            }

            var line = int.TryParse(Field(fields, "startline"), out var n) ? n : 0;
            var commit = Field(fields, "sha") ?? Field(fields, "commit");
            baseline.Add(rule, file, line, commit, Field(fields, "fingerprint"),
                secret: Field(fields, "secret") ?? Field(fields, "rawsourcecodeextract"), secretHash: Field(fields, "secrethash"));
        }

        return baseline;
    }

    private void Add(string rule, string file, int line, string? commit, string? fingerprint, string? secret, string? secretHash)
    {
        Count++;
        if (commit == Commit.WorkingTreeSha)
        {
            commit = null;
        }

        var commitless = $"{file}:{rule}:{line}";
        _fingerprints.Add(commit is null ? commitless : $"{commit}:{file}:{rule}:{line}");
        _commitless.Add(commitless);
        if (!string.IsNullOrEmpty(fingerprint))
        {
            _fingerprints.Add(fingerprint);
        }

        if (!string.IsNullOrEmpty(secretHash))
        {
            _secrets.Add((rule, file, secretHash));
        }
        else if (!string.IsNullOrEmpty(secret) && !LooksRedacted(secret))
        {
            _secrets.Add((rule, file, SecretFindings.SecretHash(rule, secret)));
        }
    }

    /// <summary>Ours end in "…", gitleaks' partial redaction in "...", its full one is "REDACTED".</summary>
    private static bool LooksRedacted(string secret) =>
        secret.EndsWith('…') || secret.EndsWith("...", StringComparison.Ordinal) || secret == "REDACTED";

    private static string? RuleOf(JsonElement item)
    {
        if (!item.TryGetProperty("identifiers", out var identifiers) || identifiers.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string? first = null;
        foreach (var identifier in identifiers.EnumerateArray())
        {
            var type = identifier.TryGetProperty("type", out var t) ? t.GetString() : null;
            var value = identifier.TryGetProperty("value", out var v) ? v.GetString() : null;
            first ??= value;
            if (type is "bulwark_secrets" or "gitleaks_rule_id")
            {
                return value;
            }
        }

        return first;
    }

    /// <summary>
    /// Collects leaf strings and numbers by normalised key (lower case, no '_' or '-'), first occurrence wins,
    /// and <c>{key|name, value}</c> property lists as their key; skips identifiers (read separately).
    /// </summary>
    private static void Flatten(JsonElement element, Dictionary<string, string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (PropertyPair(element) is { } pair)
                {
                    into.TryAdd(Normalize(pair.Key), pair.Value);
                    return;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("identifiers"))
                    {
                        continue;
                    }

                    var key = Normalize(property.Name);
                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            into.TryAdd(key, property.Value.GetString()!);
                            break;
                        case JsonValueKind.Number:
                            into.TryAdd(key, property.Value.GetRawText());
                            break;
                        case JsonValueKind.Object or JsonValueKind.Array:
                            Flatten(property.Value, into);
                            break;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, into);
                }

                break;
        }
    }

    private static (string Key, string Value)? PropertyPair(JsonElement element)
    {
        var hasKey = element.TryGetProperty("key", out var key) || element.TryGetProperty("name", out key);
        if (hasKey && element.TryGetProperty("value", out var value) && key.ValueKind == JsonValueKind.String
            && value.ValueKind == JsonValueKind.String && element.EnumerateObject().Count() <= 3)
        {
            return (key.GetString()!, value.GetString()!);
        }

        return null;
    }

    private static string Normalize(string key) => key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string? Field(Dictionary<string, string> fields, string key) => fields.GetValueOrDefault(key);
}

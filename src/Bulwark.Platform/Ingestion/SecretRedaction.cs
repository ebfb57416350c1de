using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Platform.Ingestion;

/// <summary>
/// Strips secret material from secret-detection findings before anything is stored: GitLab's own analyzer
/// puts the secret in <c>raw_source_code_extract</c>, gitleaks in <c>Secret</c> and <c>Match</c>.
/// </summary>
public static class SecretRedaction
{
    private static readonly HashSet<string> SecretProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "secret", "match", "raw", "value", "raw_source_code_extract",
    };

    public static Finding Redact(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.ReportType != ReportType.SecretDetection)
        {
            return finding;
        }

        return finding with
        {
            RawSourceCodeExtract = finding.RawSourceCodeExtract is { } raw ? Mask(raw) : null,
            Properties = finding.Properties
                .Select(p => SecretProperties.Contains(p.Key) ? new KeyValuePair<string, string>(p.Key, Mask(p.Value)) : p)
                .ToEquatableArray(),
        };
    }

    /// <summary>The first four characters and an ellipsis; short values lose everything.</summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.EndsWith('…') && value.Length <= 5)
        {
            return value;
        }

        return value.Length <= 8 ? "…" : string.Concat(value.AsSpan(0, 4), "…");
    }
}

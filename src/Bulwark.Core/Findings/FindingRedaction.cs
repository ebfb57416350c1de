using System.Text.Json;

namespace Bulwark.Core.Findings;

/// <summary>
/// Takes secret material out of a finding, whatever report it came from, so that what is stored or shown
/// can identify a secret but not be used as one. Idempotent: redacting twice changes nothing more.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Secret-detection findings: the raw extract (GitLab's analyzer puts the secret there, SARIF tools a
/// snippet of the line) and the <c>secret</c> property are masked; the <c>match</c> property keeps its
/// context with the secret masked inside it, or is masked whole when the secret is not known; the secret
/// is also masked wherever else it appears in the finding (other properties, title, description,
/// evidence, details).</item>
/// <item>Every finding: credential headers in evidence (<c>Authorization</c>, <c>Cookie</c>, API-key headers)
/// keep only their scheme and a masked value.</item>
/// </list>
/// </remarks>
public static class FindingRedaction
{
    /// <summary>The property holding the secret itself (gitleaks' <c>Secret</c>, our analyzer's).</summary>
    public const string SecretProperty = "secret";

    /// <summary>The property holding the text the rule matched, the secret in it.</summary>
    public const string MatchProperty = "match";

    private const char Ellipsis = '…';

    /// <summary>Below this length a value is not searched for elsewhere in the finding: it would mangle ordinary text.</summary>
    private const int MinimumSearchedLength = 6;

    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token",
        "X-Access-Token", "X-Amz-Security-Token", "X-Csrf-Token", "X-Xsrf-Token", "Private-Token", "Job-Token",
    };

    /// <summary>
    /// The first four characters and an ellipsis; a value of eight characters or fewer keeps nothing, and a
    /// value already masked this way is kept as it is.
    /// </summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsMasked(value))
        {
            return value;
        }

        return value.Length <= 8 ? Ellipsis.ToString() : string.Concat(value.AsSpan(0, 4), Ellipsis.ToString());
    }

    public static Finding Redact(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var redacted = finding.Evidence is { } evidence ? finding with { Evidence = RedactHeaders(evidence) } : finding;
        return finding.ReportType == ReportType.SecretDetection ? RedactSecret(redacted) : redacted;
    }

    private static Finding RedactSecret(Finding finding)
    {
        var secrets = new[] { finding.GetProperty(SecretProperty), finding.RawSourceCodeExtract }
            .Where(s => s is not null && !IsMasked(s) && s.Trim().Length >= MinimumSearchedLength)
            .Select(s => s!.Trim())
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToList();

        string? Scrub(string? text)
        {
            if (text is null)
            {
                return null;
            }

            foreach (var secret in secrets)
            {
                text = text.Replace(secret, Mask(secret), StringComparison.Ordinal);
            }

            return text;
        }

        // The match keeps its context when the secret in it is known (or its tool masked it), else it goes whole.
        string RedactMatch(string match)
        {
            var scrubbed = Scrub(match)!;
            return scrubbed != match || LooksMasked(match) ? scrubbed : Mask(match);
        }

        var properties = finding.Properties.Select(p => KeyValuePair.Create(p.Key, p.Key switch
        {
            SecretProperty => Mask(p.Value),
            MatchProperty => RedactMatch(p.Value),
            _ => Scrub(p.Value)!,
        })).ToEquatableArray();

        return finding with
        {
            RawSourceCodeExtract = finding.RawSourceCodeExtract is { } raw ? Mask(raw) : null,
            Properties = properties,
            Name = Scrub(finding.Name),
            Description = Scrub(finding.Description),
            Solution = Scrub(finding.Solution),
            Evidence = finding.Evidence is { } e && secrets.Count > 0 ? ScrubEvidence(e, Scrub) : finding.Evidence,
            Details = secrets.Count > 0 && finding.Details is { } details ? ScrubJson(details, Scrub) : finding.Details,
        };
    }

    private static Evidence RedactHeaders(Evidence evidence)
    {
        HttpRequest? Request(HttpRequest? r) => r is null ? null : r with { Headers = Headers(r.Headers) };
        HttpResponse? Response(HttpResponse? r) => r is null ? null : r with { Headers = Headers(r.Headers) };
        return evidence with
        {
            Request = Request(evidence.Request),
            Response = Response(evidence.Response),
            SupportingMessages = evidence.SupportingMessages
                .Select(m => m with { Request = Request(m.Request), Response = Response(m.Response) })
                .ToEquatableArray(),
        };
    }

    private static EquatableArray<HttpHeader> Headers(EquatableArray<HttpHeader> headers) =>
        headers.Select(h => CredentialHeaders.Contains(h.Name) ? h with { Value = MaskCredential(h.Value) } : h).ToEquatableArray();

    /// <summary>Keeps an authorization scheme (<c>Bearer</c>, <c>Basic</c>) or a cookie's name, masks the rest.</summary>
    private static string MaskCredential(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && value.AsSpan(0, space).IndexOfAny('=', ';') < 0)
        {
            return string.Concat(value.AsSpan(0, space + 1), Mask(value[(space + 1)..].Trim()));
        }

        var equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? string.Concat(value.AsSpan(0, equals + 1), Mask(value[(equals + 1)..])) : Mask(value);
    }

    private static Evidence ScrubEvidence(Evidence evidence, Func<string?, string?> scrub)
    {
        HttpRequest? Request(HttpRequest? r) => r is null ? null : r with { Url = scrub(r.Url)!, Body = scrub(r.Body), Headers = ScrubHeaders(r.Headers) };
        HttpResponse? Response(HttpResponse? r) => r is null ? null : r with { Body = scrub(r.Body), Headers = ScrubHeaders(r.Headers) };
        EquatableArray<HttpHeader> ScrubHeaders(EquatableArray<HttpHeader> headers) =>
            headers.Select(h => h with { Value = scrub(h.Value)! }).ToEquatableArray();
        return evidence with
        {
            Summary = scrub(evidence.Summary),
            Request = Request(evidence.Request),
            Response = Response(evidence.Response),
            SupportingMessages = evidence.SupportingMessages
                .Select(m => m with { Request = Request(m.Request), Response = Response(m.Response) })
                .ToEquatableArray(),
        };
    }

    /// <summary>The details with the secret masked in their text; dropped when that leaves no valid JSON.</summary>
    private static JsonElement? ScrubJson(JsonElement details, Func<string?, string?> scrub)
    {
        var text = details.GetRawText();
        var scrubbed = scrub(text)!;
        if (text == scrubbed)
        {
            return details;
        }

        try
        {
            using var document = JsonDocument.Parse(scrubbed);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsMasked(string value) =>
        value.Length == 1 && value[0] == Ellipsis || value.Length == 5 && value[4] == Ellipsis;

    /// <summary>A match its tool already masked (Trivy's <c>****</c>, our <c>AKIA…</c>).</summary>
    private static bool LooksMasked(string value) =>
        value.Contains("****", StringComparison.Ordinal) || value.Contains(Ellipsis, StringComparison.Ordinal);
}

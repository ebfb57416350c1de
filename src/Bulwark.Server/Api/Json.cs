using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Platform.Data;

namespace Bulwark.Server.Api;

/// <summary>Wire names: lower-case snake case, as GitLab's API writes them.</summary>
public static class WireNames
{
    public static string Severity(int severity) => ((Bulwark.Core.Findings.Severity)severity).ToString().ToLowerInvariant();

    public static bool TryParseSeverity(string text, out int severity)
    {
        var ok = SeverityScale.TryParse(text, out var parsed) && Enum.GetNames<Bulwark.Core.Findings.Severity>().Any(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
        severity = (int)parsed;
        return ok;
    }

    public static string State(VulnerabilityState state) => state.ToString().ToLowerInvariant();

    public static string Reason(DismissalReason reason) => JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());

    public static bool TryParseReason(string text, out DismissalReason reason)
    {
        foreach (var value in Enum.GetValues<DismissalReason>())
        {
            if (Reason(value).Equals(text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                reason = value;
                return true;
            }
        }

        reason = default;
        return false;
    }

    public static string Role(Role role) => role.ToString().ToLowerInvariant();
}

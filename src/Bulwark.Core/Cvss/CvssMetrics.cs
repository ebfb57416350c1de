namespace Bulwark.Core.Cvss;

/// <summary>
/// The grammar every CVSS version shares: <c>KEY:VALUE</c> pairs joined by <c>/</c> (after the version
/// prefix <c>CVSS:3.1/</c> or <c>CVSS:4.0/</c>; v2 has none), each key once, each value from the key's
/// list, all base metrics present.
/// </summary>
internal static class CvssMetrics
{
    public static bool TryParse(string body, IReadOnlyDictionary<string, string[]> allowed, string[] required,
        out Dictionary<string, string> metrics, out string error)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        metrics = parsed;
        foreach (var part in body.Split('/'))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == part.Length - 1)
            {
                error = $"'{part}' is not a METRIC:VALUE pair";
                return false;
            }

            var key = part[..colon];
            var value = part[(colon + 1)..];
            if (!allowed.TryGetValue(key, out var values))
            {
                error = $"unknown metric '{key}'";
                return false;
            }

            if (Array.IndexOf(values, value) < 0)
            {
                error = $"'{value}' is not a value of {key} (expected one of {string.Join(", ", values)})";
                return false;
            }

            if (!parsed.TryAdd(key, value))
            {
                error = $"metric '{key}' appears more than once";
                return false;
            }
        }

        var missing = required.Where(m => !parsed.ContainsKey(m)).ToArray();
        if (missing.Length > 0)
        {
            error = $"missing base metric(s) {string.Join(", ", missing)}";
            return false;
        }

        error = "";
        return true;
    }
}

using System.Text;

namespace Bulwark.Core.Inventory;

/// <summary>
/// Package URLs per the purl specification: <c>pkg:type/namespace/name@version?qualifiers#subpath</c>,
/// each part percent-encoded (namespace and subpath segment by segment).
/// </summary>
public static class Purl
{
    public static string Build(string type, string? @namespace, string name, string? version,
        IReadOnlyList<KeyValuePair<string, string>>? qualifiers = null, string? subpath = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder("pkg:").Append(type).Append('/');
        if (!string.IsNullOrEmpty(@namespace))
        {
            foreach (var segment in @namespace.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                sb.Append(Encode(segment)).Append('/');
            }
        }

        sb.Append(Encode(name));
        if (!string.IsNullOrEmpty(version))
        {
            sb.Append('@').Append(Encode(version));
        }

        if (qualifiers is { Count: > 0 })
        {
            var first = true;
            foreach (var (key, value) in qualifiers.Where(q => q.Value.Length > 0).OrderBy(q => q.Key, StringComparer.Ordinal))
            {
                sb.Append(first ? '?' : '&').Append(key.ToLowerInvariant()).Append('=').Append(Encode(value));
                first = false;
            }
        }

        if (!string.IsNullOrEmpty(subpath))
        {
            sb.Append('#').Append(string.Join('/', subpath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Encode)));
        }

        return sb.ToString();
    }

    /// <summary>Splits a purl into type, namespace, name and version (decoded); false when it is not one.</summary>
    public static bool TryParse(string? purl, out (string Type, string? Namespace, string Name, string? Version) parts)
    {
        parts = default;
        if (purl is null || !purl.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = purl[4..].TrimStart('/');
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            rest = rest[..question];
        }

        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at > 0 && at > rest.LastIndexOf('/'))
        {
            version = Uri.UnescapeDataString(rest[(at + 1)..]);
            rest = rest[..at];
        }

        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return false;
        }

        var type = segments[0].ToLowerInvariant();
        var name = Uri.UnescapeDataString(segments[^1]);
        var ns = segments.Length > 2 ? string.Join('/', segments[1..^1].Select(Uri.UnescapeDataString)) : null;
        parts = (type, ns, name, version);
        return true;
    }

    /// <summary>Percent-encodes everything but the unreserved characters (A-Z a-z 0-9 - . _ ~) and ':'.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~' or ':')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2"));
            }
        }

        return sb.ToString();
    }
}

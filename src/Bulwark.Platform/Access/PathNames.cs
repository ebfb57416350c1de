using System.Text.RegularExpressions;

namespace Bulwark.Platform.Access;

/// <summary>Group and project paths as GitLab writes them: segments of letters, digits, <c>_ . -</c>, joined by <c>/</c>.</summary>
public static partial class PathNames
{
    public const int MaxLength = 255;

    /// <summary>The canonical form of a path, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static string? Normalise(string? path, out string? error)
    {
        error = null;
        var trimmed = path?.Trim().Trim('/') ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = "path is empty";
            return null;
        }

        if (trimmed.Length > MaxLength)
        {
            error = $"path is longer than {MaxLength} characters";
            return null;
        }

        foreach (var segment in trimmed.Split('/'))
        {
            if (!Segment().IsMatch(segment) || segment is "." or "..")
            {
                error = $"path segment '{segment}' must start with a letter, digit or underscore and contain only letters, digits, '_', '.' and '-'";
                return null;
            }
        }

        return trimmed;
    }

    public static string Key(string path) => path.ToLowerInvariant();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,99}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Segment();
}

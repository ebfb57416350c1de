using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

/// <summary>
/// The package.json files beside a lockfile (the root and its workspaces), for formats whose lockfile does not
/// record what the project itself asks for (Yarn) or whether it is for development (Yarn Berry).
/// </summary>
internal static class NpmManifests
{
    /// <summary>The root package.json beside the lockfile and those of its workspaces found in the tree.</summary>
    public static IReadOnlyList<(string Directory, JsonElement Manifest)> Read(ExtractorInput input, ExtractionLog log)
    {
        var result = new List<(string, JsonElement)>();
        var rootPath = PathOps.Combine(input.Directory, "package.json");
        if (Parse(input.Tree.Read(rootPath), rootPath, log) is not { } root)
        {
            return result;
        }

        result.Add((input.Directory, root));
        var patterns = root.Array("workspaces") is not null ? root.Strings("workspaces")
            : root.Object("workspaces") is { } ws ? ws.Strings("packages") : [];
        foreach (var pattern in patterns)
        {
            foreach (var path in input.Tree.Paths.Where(p => PathOps.FileName(p) == "package.json").Order(StringComparer.Ordinal))
            {
                var dir = PathOps.DirectoryOf(path);
                if (dir != input.Directory && Glob.Matches(PathOps.Combine(input.Directory, pattern), dir) && Parse(input.Tree.Read(path), path, log) is { } member)
                {
                    result.Add((dir, member));
                }
            }
        }

        return result;
    }

    private static JsonElement? Parse(string? text, string path, ExtractionLog log)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            log.Info($"{path} is not valid JSON; direct dependencies were inferred from the lockfile alone");
            return null;
        }
    }
}

/// <summary>Workspace globs: '*' matches within one path segment, '**' any number of segments.</summary>
internal static class Glob
{
    public static bool Matches(string pattern, string path) =>
        Match(pattern.Split('/', StringSplitOptions.RemoveEmptyEntries), 0, path.Split('/', StringSplitOptions.RemoveEmptyEntries), 0);

    private static bool Match(string[] pattern, int pi, string[] path, int si)
    {
        if (pi == pattern.Length)
        {
            return si == path.Length;
        }

        if (pattern[pi] == "**")
        {
            for (var k = si; k <= path.Length; k++)
            {
                if (Match(pattern, pi + 1, path, k))
                {
                    return true;
                }
            }

            return false;
        }

        return si < path.Length && Segment(pattern[pi], path[si]) && Match(pattern, pi + 1, path, si + 1);
    }

    private static bool Segment(string pattern, string text)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return pattern == text;
        }

        var prefix = pattern[..star];
        var suffix = pattern[(star + 1)..].Replace("*", string.Empty, StringComparison.Ordinal);
        return text.Length >= prefix.Length + suffix.Length && text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith(suffix, StringComparison.Ordinal);
    }
}

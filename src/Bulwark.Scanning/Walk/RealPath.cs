namespace Bulwark.Scanning.Walk;

/// <summary>
/// Resolves symbolic links component by component, the way realpath(3) does, so a link's destination can be
/// compared with the scanned root and with the directories being walked. Only symlinks pay for this.
/// </summary>
internal static class RealPath
{
    // What Linux allows before ELOOP.
    private const int MaxLinks = 40;

    /// <summary>The real path of an absolute path; null and the reason when it does not resolve.</summary>
    public static string? Resolve(string path, out string? error)
    {
        var root = Path.GetPathRoot(path) ?? "";
        return Resolve(root, path[root.Length..], out error);
    }

    /// <summary>
    /// The real path of <paramref name="relative"/> taken from <paramref name="realDirectory"/>, a path that is
    /// already real (no symlink in it), so only the new components need a look.
    /// </summary>
    public static string? Resolve(string realDirectory, string relative, out string? error)
    {
        var pending = new Stack<string>();
        Push(pending, relative);
        var result = realDirectory;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                result = Path.GetDirectoryName(result) ?? result;
                continue;
            }

            var candidate = Path.Join(result, part);
            string? target;
            try
            {
                var info = new FileInfo(candidate);
                if ((int)info.Attributes == -1)
                {
                    error = "No such file or directory";
                    return null;
                }

                target = info.LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = e.Message;
                return null;
            }

            if (target is null)
            {
                result = candidate;
                continue;
            }

            if (++links > MaxLinks)
            {
                error = "Too many levels of symbolic links";
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                var root = Path.GetPathRoot(target)!;
                result = root;
                Push(pending, target[root.Length..]);
            }
            else
            {
                Push(pending, target);
            }
        }

        error = null;
        return result;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies under it (both real).</summary>
    public static bool IsWithin(string path, string root)
    {
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            return false;
        }

        return path.Length == root.Length
            || Path.EndsInDirectorySeparator(root)
            || path[root.Length] == Path.DirectorySeparatorChar;
    }

    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar == '/' ? ['/'] : ['/', '\\']);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}

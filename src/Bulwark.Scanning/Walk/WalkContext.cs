using Bulwark.Scanning.Ignore;

namespace Bulwark.Scanning.Walk;

/// <summary>What every directory of one walk shares: the root, the options and how to read the disk.</summary>
internal sealed class WalkContext
{
    private readonly string _rootPrefix;

    public WalkContext(string root, WorkspaceOptions options, DirectoryReader reader)
    {
        Root = root;
        Options = options;
        Reader = reader;
        _rootPrefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        RealRoot = RealPath.Resolve(root, out _) ?? root;
        var excludes = options.Excludes.Count > 0 ? IgnoreRuleSet.FromLines(options.Excludes, "", "--exclude") : null;
        BaseScope = IgnoreScope.ForExcludes(excludes);
    }

    public string Root { get; }

    /// <summary>The root with every symlink resolved: what link destinations are compared with.</summary>
    public string RealRoot { get; }

    public WorkspaceOptions Options { get; }

    public DirectoryReader Reader { get; }

    /// <summary>The rules in force at the root before its own ignore files are read.</summary>
    public IgnoreScope BaseScope { get; }

    /// <summary>The OS path of a '/'-separated path relative to the root.</summary>
    public string FullPath(string relativePath)
    {
        if (relativePath.Length == 0)
        {
            return Root;
        }

        var path = string.Concat(_rootPrefix, relativePath);
        return Path.DirectorySeparatorChar == '/' ? path : path.Replace('/', Path.DirectorySeparatorChar);
    }
}

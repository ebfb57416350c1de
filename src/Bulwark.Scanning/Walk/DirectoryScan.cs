using System.Runtime.ExceptionServices;
using Bulwark.Core;
using Bulwark.Scanning.Ignore;

namespace Bulwark.Scanning.Walk;

/// <summary>
/// One directory of the walk: its entries read, sorted by name, filtered by the ignore rules in force and
/// sized. Exactly one thread reads it (whoever claims it first: a read-ahead thread or the consumer), and the
/// outcome — items, warnings, counts — is the same whichever thread it is, so the walk is deterministic.
/// </summary>
internal sealed class DirectoryScan
{
    private const int Pending = 0;
    private const int Running = 1;
    private const int Done = 2;

    [ThreadStatic]
    private static List<ListedEntry>? t_entries;

    private readonly IgnoreScope _inheritedScope;
    private int _state;

    public DirectoryScan(DirectoryScan? parent, string relativePrefix, string realPath, IgnoreScope inheritedScope)
    {
        Parent = parent;
        RelativePrefix = relativePrefix;
        RealPath = realPath;
        Components = parent is null ? 0 : parent.Components + 1;
        _inheritedScope = inheritedScope;
    }

    public DirectoryScan? Parent { get; }

    /// <summary>The directory relative to the root with a trailing '/', "" for the root.</summary>
    public string RelativePrefix { get; }

    /// <summary>The directory with every symlink resolved, to recognise a link back to it.</summary>
    public string RealPath { get; }

    public int Components { get; }

    /// <summary>Files and subdirectories in name order, once read.</summary>
    public ScanItem[] Items { get; private set; } = [];

    public List<ScanWarning>? Warnings { get; private set; }

    /// <summary>Entries left out by an ignore rule (an ignored directory counts once).</summary>
    public int Ignored { get; private set; }

    public int Unreadable { get; private set; }

    /// <summary>A bug while reading, kept to be rethrown on the consumer's thread.</summary>
    public ExceptionDispatchInfo? Fault { get; private set; }

    private string DisplayPath => RelativePrefix.Length == 0 ? "." : RelativePrefix[..^1];

    public bool IsDone => Volatile.Read(ref _state) == Done;

    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Running, Pending) == Pending;

    public void Run(WalkContext context, ReadAhead? readAhead)
    {
        try
        {
            Read(context);
            readAhead?.Finished(this);
        }
#pragma warning disable CA1031 // a read-ahead thread must not die: the consumer rethrows it
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fault = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            lock (this)
            {
                Volatile.Write(ref _state, Done);
                Monitor.PulseAll(this);
            }
        }
    }

    public void WaitUntilDone()
    {
        if (Volatile.Read(ref _state) == Done)
        {
            return;
        }

        lock (this)
        {
            while (Volatile.Read(ref _state) != Done)
            {
                Monitor.Wait(this);
            }
        }
    }

    /// <summary>Drops the items once consumed, so a finished subtree can be collected while the walk goes on.</summary>
    public void Release() => Items = [];

    private void Read(WalkContext context)
    {
        using var directory = context.Reader.Open(context.FullPath(RelativePrefix), out var openError);
        if (directory is null)
        {
            Unreadable++;
            Warn(WarningLevel.Warning, $"cannot read directory: {openError}", DisplayPath);
            return;
        }

        var entries = t_entries ??= [];
        try
        {
            var readError = directory.ReadAll(RelativePrefix, entries);
            if (readError is not null)
            {
                Unreadable++;
                Warn(WarningLevel.Warning, $"cannot read directory: {readError}", DisplayPath);
            }

            entries.Sort(static (a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
            var scope = EnterScope(context, entries);
            var items = new List<ScanItem>(entries.Count);
            foreach (var entry in entries)
            {
                AddEntry(context, directory, scope, entry, items);
            }

            Items = [.. items];
        }
        finally
        {
            entries.Clear();
        }
    }

    private void AddEntry(WalkContext context, OpenDirectory directory, IgnoreScope scope, ListedEntry entry, List<ScanItem> items)
    {
        var relative = entry.RelativePath;
        var name = relative.AsSpan(RelativePrefix.Length);
        if (name is ".git")
        {
            return;
        }

        var kind = entry.Kind;
        var length = entry.Length;
        if (kind == EntryKind.Unknown && !Stat(directory, relative, out kind, out length))
        {
            return;
        }

        if (kind == EntryKind.SymbolicLink)
        {
            AddLink(context, scope, relative, items);
            return;
        }

        var isDirectory = kind == EntryKind.Directory;
        if (IsIgnored(scope, relative, isDirectory))
        {
            Ignored++;
            return;
        }

        // Sizes are read only now, for what survived the ignore rules, and only when asked for.
        if (kind == EntryKind.File && length < 0 && context.Options.MeasureSizes && !Stat(directory, relative, out kind, out length))
        {
            return;
        }

        switch (kind)
        {
            case EntryKind.File:
                items.Add(new ScanItem(new WorkspaceEntry(context, relative, length), null));
                return;
            case EntryKind.Directory:
                items.Add(new ScanItem(null, new DirectoryScan(this, relative + "/", Path.Join(RealPath, name), scope)));
                return;
            case EntryKind.SymbolicLink:
                // It was a regular file when listed and became a link since.
                AddLink(context, scope, relative, items);
                return;
            default:
                Warn(WarningLevel.Info, "skipped: not a regular file (pipe, socket or device)", relative);
                return;
        }
    }

    private bool Stat(OpenDirectory directory, string relative, out EntryKind kind, out long length)
    {
        if (directory.TryStat(relative.AsSpan(RelativePrefix.Length), out kind, out length, out var error))
        {
            return true;
        }

        Unreadable++;
        Warn(WarningLevel.Warning, $"cannot read: {error}", relative);
        return false;
    }

    private void AddLink(WalkContext context, IgnoreScope scope, string relative, List<ScanItem> items)
    {
        var real = Walk.RealPath.Resolve(RealPath, relative[RelativePrefix.Length..], out var error);
        EntryKind kind = EntryKind.Unknown;
        long length = 0;
        if (real is null || !context.Reader.TryStatTarget(real, out kind, out length, out error))
        {
            // Ignore rules see a link they cannot follow as a file, as git does.
            if (IsIgnored(scope, relative, isDirectory: false))
            {
                Ignored++;
                return;
            }

            Unreadable++;
            Warn(WarningLevel.Warning, $"cannot follow symbolic link: {error}", relative);
            return;
        }

        if (!Walk.RealPath.IsWithin(real, context.RealRoot))
        {
            if (IsIgnored(scope, relative, kind == EntryKind.Directory))
            {
                Ignored++;
                return;
            }

            Warn(WarningLevel.Info, $"not followed: symbolic link to {real}, outside the scanned root", relative);
            return;
        }

        if (kind == EntryKind.Special)
        {
            Warn(WarningLevel.Info, "skipped: symbolic link to a pipe, socket or device", relative);
            return;
        }

        var isDirectory = kind == EntryKind.Directory;
        if (IsIgnored(scope, relative, isDirectory))
        {
            Ignored++;
            return;
        }

        if (!isDirectory)
        {
            items.Add(new ScanItem(new WorkspaceEntry(context, relative, length), null));
            return;
        }

        for (var ancestor = this; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (string.Equals(ancestor.RealPath, real, StringComparison.Ordinal))
            {
                Warn(WarningLevel.Info, $"not followed: symbolic link loop back to {ancestor.DisplayPath}", relative);
                return;
            }
        }

        items.Add(new ScanItem(null, new DirectoryScan(this, relative + "/", real, scope)));
    }

    private bool IsIgnored(IgnoreScope scope, string relative, bool isDirectory) =>
        !scope.IsEmpty && scope.IsIgnored(new IgnoreCandidate(relative, RelativePrefix.Length, Components + 1, isDirectory));

    /// <summary>The rules in force inside this directory: the inherited ones plus the files it holds.</summary>
    private IgnoreScope EnterScope(WalkContext context, List<ListedEntry> entries)
    {
        var options = context.Options;
        if (!options.RespectGitIgnore && !options.RespectBulwarkIgnore)
        {
            return _inheritedScope;
        }

        ListedEntry? git = null, gitIgnore = null, bulwarkIgnore = null;
        foreach (var entry in entries)
        {
            var name = entry.RelativePath.AsSpan(RelativePrefix.Length);
            if (name.Length < 4 || name[0] != '.')
            {
                continue;
            }

            switch (name)
            {
                case ".git":
                    git = entry;
                    break;
                case ".gitignore":
                    gitIgnore = entry;
                    break;
                case ".bulwarkignore":
                    bulwarkIgnore = entry;
                    break;
            }
        }

        var bulwarkRules = options.RespectBulwarkIgnore && bulwarkIgnore is { } b ? Load(context, b.RelativePath, required: true) : null;
        if (!options.RespectGitIgnore)
        {
            return _inheritedScope.Enter(bulwarkRules, null, newRepository: false, null);
        }

        var gitRules = gitIgnore is { } g ? Load(context, g.RelativePath, required: true) : null;

        // A .git directory holds info/exclude; a .git file (submodule, worktree) points elsewhere and is left alone.
        var exclude = git is { Kind: EntryKind.Directory } ? Load(context, RelativePrefix + ".git/info/exclude", required: false) : null;
        return _inheritedScope.Enter(bulwarkRules, gitRules, newRepository: git is not null, exclude);
    }

    private IgnoreRuleSet? Load(WalkContext context, string relative, bool required)
    {
        try
        {
            return IgnoreRuleSet.Parse(File.ReadAllText(context.FullPath(relative)), RelativePrefix, relative);
        }
        catch (Exception e) when (!required && e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn(WarningLevel.Warning, $"cannot read ignore file, its rules are not applied: {e.Message}", relative);
            return null;
        }
    }

    private void Warn(WarningLevel level, string message, string path) =>
        (Warnings ??= []).Add(new ScanWarning(message, path, Level: level));
}

/// <summary>A file to hand out or a directory to walk, in name order within its parent.</summary>
/// <remarks>A class for the reason <see cref="ListedEntry"/> is one.</remarks>
internal sealed record ScanItem(WorkspaceEntry? File, DirectoryScan? Directory);

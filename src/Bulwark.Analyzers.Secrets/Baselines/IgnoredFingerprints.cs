using Bulwark.Analyzers.Secrets.Sources;

namespace Bulwark.Analyzers.Secrets.Baselines;

/// <summary>
/// Fingerprints a team decided to ignore, one per line, from <c>.bulwarkignore-secrets</c> and gitleaks'
/// <c>.gitleaksignore</c> at the repository root (<c>#</c> starts a comment). An entry with a commit
/// (<c>commit:file:rule:line</c>) ignores that one finding; an entry without (<c>file:rule:line</c>) ignores
/// it in every commit and in the working tree, as gitleaks does.
/// </summary>
public sealed class IgnoredFingerprints
{
    public static readonly string[] FileNames = [".bulwarkignore-secrets", ".gitleaksignore"];

    private readonly HashSet<string> _entries;

    private IgnoredFingerprints(HashSet<string> entries) => _entries = entries;

    public static IgnoredFingerprints None { get; } = new([]);

    public int Count => _entries.Count;

    public static IgnoredFingerprints Load(string root)
    {
        var entries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in FileNames)
        {
            var path = Path.Combine(root, name);
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var raw in File.ReadLines(path))
            {
                var hash = raw.IndexOf('#', StringComparison.Ordinal);
                var line = (hash >= 0 ? raw[..hash] : raw).Trim();
                if (line.Length > 0)
                {
                    entries.Add(line);
                }
            }
        }

        return new IgnoredFingerprints(entries);
    }

    public bool Contains(Leak leak) =>
        _entries.Contains(leak.Fingerprint) || _entries.Contains($"{leak.File}:{leak.RuleId}:{leak.StartLine}");
}

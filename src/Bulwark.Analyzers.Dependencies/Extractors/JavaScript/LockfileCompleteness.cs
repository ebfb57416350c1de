using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

/// <summary>
/// Signs that a line-based lockfile (yarn.lock, pnpm-lock.yaml) was cut short or damaged, which its syntax alone does
/// not show: a JSON lockfile cut anywhere fails to parse, but a YAML or Yarn-classic file cut at a line break parses
/// as a shorter, valid file. The package managers write every entry a dependency resolves to and end the file with a
/// line break, so a dependency without an entry, or a last line without its break, means the file is incomplete;
/// bytes that are not UTF-8 text mean it is damaged.
/// </summary>
internal sealed class LockfileCompleteness(ExtractionLog log)
{
    private int _missing;
    private string? _first;
    private int? _firstLine;

    /// <summary>A dependency (<paramref name="name"/>@<paramref name="range"/> of <paramref name="dependent"/>) the lockfile has no entry for.</summary>
    public void Missing(string dependent, string name, string range, int? line = null)
    {
        if (_missing++ == 0)
        {
            _first = $"{name}@{range}, needed by {dependent}";
            _firstLine = line;
        }
    }

    /// <summary>Adds the warnings: one for all missing entries (they usually have one cause), one for a cut last line.</summary>
    public void Report(string text)
    {
        if (_missing > 0)
        {
            log.Warn(_missing == 1
                ? $"a dependency has no entry in the lockfile ({_first}): the lockfile is incomplete (cut short, or older than package.json), and what that entry would have pulled in is missing"
                : $"{_missing} dependencies have no entry in the lockfile (the first: {_first}): the lockfile is incomplete (cut short, or older than package.json), and what those entries would have pulled in is missing",
                _firstLine);
        }

        // The package managers write UTF-8 text; a NUL or an undecodable byte (read as U+FFFD) is damage, which a
        // YAML or Yarn value (an integrity hash, a URL) would otherwise carry silently.
        var damaged = text.AsSpan().IndexOfAny('\0', '\uFFFD');
        if (damaged >= 0)
        {
            log.Warn("the file holds bytes that are not UTF-8 text: it is damaged, and the entry there may be wrong", ExtractionLog.LineOf(text, damaged));
        }

        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            log.Warn("the file does not end with a line break, as the package manager writes it: it looks cut short, and its last entry may be incomplete",
                ExtractionLog.LineOf(text, text.Length));
        }
    }
}

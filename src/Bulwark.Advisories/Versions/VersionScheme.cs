using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Advisories.Versions;

/// <summary>
/// Shared plumbing of the schemes: each one only says how to read its text into a comparable value.
/// </summary>
internal abstract class VersionScheme<TVersion> : IVersionScheme
    where TVersion : IComparable<TVersion>
{
    /// <summary>Readings remembered per scheme at most; beyond that, versions are parsed every time.</summary>
    internal const int MemoCapacity = 100_000;

    // Matching reads the same strings over and over (every event and listed version of a record, for every
    // component checked against it; PyPI records list hundreds of versions), and parsing is most of its cost.
    // Versions are immutable, so a reading can be shared; the bound keeps a long-running process's memory flat.
    private readonly ConcurrentDictionary<string, (bool Ok, TVersion? Version)> _memo = new(StringComparer.Ordinal);

    public abstract string Name { get; }

    protected abstract bool TryRead(string text, [NotNullWhen(true)] out TVersion? version);

    private bool Read(string text, [NotNullWhen(true)] out TVersion? version)
    {
        if (_memo.TryGetValue(text, out var reading))
        {
            version = reading.Version;
            return reading.Ok;
        }

        var ok = TryRead(text, out version);
        if (_memo.Count < MemoCapacity)
        {
            _memo.TryAdd(text, (ok, version));
        }

        return ok;
    }

    public bool TryParse(string text, [NotNullWhen(true)] out IComparableVersion? version)
    {
        if (text is not null && Read(text, out var parsed))
        {
            version = new Parsed(this, text, parsed);
            return true;
        }

        version = null;
        return false;
    }

    public bool TryCompare(string a, string b, out int order)
    {
        if (a is not null && b is not null && Read(a, out var left) && Read(b, out var right))
        {
            order = Math.Sign(left.CompareTo(right));
            return true;
        }

        order = 0;
        return false;
    }

    public int Compare(string a, string b)
    {
        if (a is null || !Read(a, out var left))
        {
            throw new FormatException($"'{a}' is not a {Name} version");
        }

        if (b is null || !Read(b, out var right))
        {
            throw new FormatException($"'{b}' is not a {Name} version");
        }

        return Math.Sign(left.CompareTo(right));
    }

    public override string ToString() => Name;

    private sealed class Parsed(VersionScheme<TVersion> scheme, string text, TVersion value) : IComparableVersion
    {
        public string Text { get; } = text;

        public int CompareTo(IComparableVersion? other)
        {
            if (other is null)
            {
                return 1;
            }

            if (other is not Parsed parsed || !ReferenceEquals(parsed.Scheme, Scheme))
            {
                throw new ArgumentException($"'{other.Text}' was not parsed by the {Scheme.Name} scheme", nameof(other));
            }

            return Math.Sign(Value.CompareTo(parsed.Value));
        }

        private VersionScheme<TVersion> Scheme { get; } = scheme;

        private TVersion Value { get; } = value;

        public override string ToString() => Text;
    }
}

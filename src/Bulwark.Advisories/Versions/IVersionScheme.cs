using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Advisories.Versions;

/// <summary>
/// The ordering rules of one packaging ecosystem. Parsing never throws: a version the scheme cannot
/// read is reported with <see cref="TryParse"/> returning false, so matching can say "cannot order"
/// instead of guessing with a string compare.
/// </summary>
public interface IVersionScheme
{
    /// <summary>A short name for messages (<c>SemVer 2.0</c>, <c>PEP 440</c>…).</summary>
    string Name { get; }

    bool TryParse(string text, [NotNullWhen(true)] out IComparableVersion? version);

    /// <summary>Orders two versions; false when either cannot be read by this scheme.</summary>
    bool TryCompare(string a, string b, out int order);

    /// <summary>Orders two versions; throws <see cref="FormatException"/> naming the unreadable one.</summary>
    int Compare(string a, string b);
}

/// <summary>A parsed version; comparable only with versions parsed by the same scheme.</summary>
public interface IComparableVersion : IComparable<IComparableVersion>
{
    /// <summary>The text as given.</summary>
    string Text { get; }
}

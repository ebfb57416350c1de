using Bulwark.Core.Inventory;

namespace Bulwark.Cli.Commands.Deps;

/// <summary>
/// <c>--ecosystem</c>: a component is kept when its OSV ecosystem or its purl type is one of the names, in any case,
/// so <c>cargo</c> and <c>crates.io</c>, <c>go</c> and <c>golang</c>, <c>gem</c> and <c>RubyGems</c> all work.
/// </summary>
internal sealed class EcosystemFilter(IReadOnlyList<string> names)
{
    public bool IsEmpty => names.Count == 0;

    public bool Matches(Component component)
    {
        if (names.Count == 0)
        {
            return true;
        }

        var purlType = PurlType(component.Purl);
        return names.Any(n => string.Equals(n, component.Ecosystem, StringComparison.OrdinalIgnoreCase)
            || string.Equals(n, purlType, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The ecosystems present, for the message when a filter leaves nothing.</summary>
    public static string Present(IEnumerable<Component> components)
    {
        var present = components.Select(c => c.Ecosystem).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return present.Count == 0 ? "none" : string.Join(", ", present);
    }

    public override string ToString() => string.Join(", ", names);

    private static string? PurlType(string? purl)
    {
        if (purl is null || !purl.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var slash = purl.IndexOf('/', 4);
        return slash < 0 ? null : purl[4..slash];
    }
}

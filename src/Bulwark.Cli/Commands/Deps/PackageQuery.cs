using Bulwark.Advisories.Matching;
using Bulwark.Core.Inventory;

namespace Bulwark.Cli.Commands.Deps;

/// <summary>
/// <c>PACKAGE[@VERSION]</c> as <c>bulwark deps why</c> takes it. The version follows the last <c>@</c> that is not
/// the first character, so npm scopes (<c>@babel/core@7.24.0</c>), Maven coordinates (<c>g:a@1.0</c>) and Go module
/// paths (<c>golang.org/x/net@v0.17.0</c>) all read naturally. Names compare the way the ecosystem's registry does
/// (PEP 503 for PyPI, case-insensitive for npm, NuGet…); a Go version matches with or without its leading <c>v</c>.
/// </summary>
internal sealed record PackageQuery(string Name, string? Version)
{
    public static bool TryParse(string text, out PackageQuery query)
    {
        text = text.Trim();
        var at = text.LastIndexOf('@');
        query = at > 0 && at < text.Length - 1
            ? new PackageQuery(text[..at], text[(at + 1)..])
            : new PackageQuery(at == text.Length - 1 && at > 0 ? text[..at] : text, null);
        return query.Name.Length > 0;
    }

    public bool MatchesName(Component component)
    {
        var ecosystem = component.Ecosystem ?? string.Empty;
        return string.Equals(PackageNames.Normalize(ecosystem, component.Name), PackageNames.Normalize(ecosystem, Name), StringComparison.Ordinal)
            || string.Equals(component.Name, Name, StringComparison.OrdinalIgnoreCase);
    }

    public bool Matches(Component component) => MatchesName(component) && (Version is null || VersionMatches(component.Version));

    private bool VersionMatches(string? version) =>
        version is not null && (string.Equals(version, Version, StringComparison.OrdinalIgnoreCase)
            || string.Equals(version.TrimStart('v'), Version!.TrimStart('v'), StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Version is null ? Name : $"{Name}@{Version}";
}

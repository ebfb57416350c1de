using System.Collections.Frozen;
using System.Text.Json;

namespace Bulwark.Core.Licenses;

/// <summary>One licence of the SPDX licence list.</summary>
/// <param name="Name">The full name; null for the few ids newer than the packaged list carrying names.</param>
public sealed record SpdxLicense(string Id, string? Name, bool IsDeprecated, bool IsOsiApproved, bool IsFsfLibre);

/// <summary>One licence exception of the SPDX list (the right-hand side of <c>WITH</c>).</summary>
public sealed record SpdxLicenseException(string Id, string? Name, bool IsDeprecated);

/// <summary>
/// The SPDX licence list, vendored as data (<c>Licenses/Data/spdx-licenses.json</c>; its README says which list
/// version and where it came from). Lookups ignore case and answer with the canonical id, because declared
/// licences are written every which way (<c>mit</c>, <c>apache-2.0</c>) while SPDX ids have one spelling.
/// </summary>
public static class SpdxLicenseCatalog
{
    private static readonly Lazy<Catalog> Data = new(Load);

    /// <summary>The SPDX licence list version the data was built from (e.g. <c>3.28.0</c>).</summary>
    public static string ListVersion => Data.Value.Version;

    public static IReadOnlyCollection<SpdxLicense> Licenses => Data.Value.Licenses.Values;

    public static IReadOnlyCollection<SpdxLicenseException> Exceptions => Data.Value.Exceptions.Values;

    public static bool TryGetLicense(string id, out SpdxLicense license) => Data.Value.Licenses.TryGetValue(id, out license!);

    public static bool TryGetException(string id, out SpdxLicenseException exception) => Data.Value.Exceptions.TryGetValue(id, out exception!);

    internal static Stream OpenResource(string name) =>
        typeof(SpdxLicenseCatalog).Assembly.GetManifestResourceStream($"Bulwark.Core.Licenses.Data.{name}")
        ?? throw new InvalidOperationException($"{name} is not embedded in Bulwark.Core");

    private sealed record Catalog(
        string Version,
        FrozenDictionary<string, SpdxLicense> Licenses,
        FrozenDictionary<string, SpdxLicenseException> Exceptions);

    private static Catalog Load()
    {
        using var stream = OpenResource("spdx-licenses.json");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var licenses = root.GetProperty("licenses").EnumerateArray().Select(l => new SpdxLicense(
            l.GetProperty("id").GetString()!,
            l.GetProperty("name").GetString(),
            l.GetProperty("deprecated").GetBoolean(),
            l.GetProperty("osi").GetBoolean(),
            l.GetProperty("fsf").GetBoolean()));
        var exceptions = root.GetProperty("exceptions").EnumerateArray().Select(e => new SpdxLicenseException(
            e.GetProperty("id").GetString()!,
            e.GetProperty("name").GetString(),
            e.GetProperty("deprecated").GetBoolean()));
        return new Catalog(
            root.GetProperty("licenseListVersion").GetString()!,
            licenses.ToFrozenDictionary(l => l.Id, StringComparer.OrdinalIgnoreCase),
            exceptions.ToFrozenDictionary(e => e.Id, StringComparer.OrdinalIgnoreCase));
    }
}

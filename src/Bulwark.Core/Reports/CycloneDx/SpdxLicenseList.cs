using System.Collections.Frozen;
using System.Text.Json;

namespace Bulwark.Core.Reports.CycloneDx;

/// <summary>
/// The SPDX licence ids CycloneDX 1.6 accepts in <c>license.id</c>: the enum of its
/// <c>spdx.schema.json</c>, embedded from the vendored schema so the two cannot drift apart.
/// </summary>
internal static class SpdxLicenseList
{
    private static readonly Lazy<FrozenSet<string>> Ids = new(Load);

    /// <summary>Exact, case-sensitive: the schema's enum is, and <c>mit</c> is not a valid id there.</summary>
    public static bool IsLicenseId(string id) => Ids.Value.Contains(id);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(SpdxLicenseList).Assembly.GetManifestResourceStream("Bulwark.Core.Reports.CycloneDx.spdx.schema.json")
            ?? throw new InvalidOperationException("the SPDX licence list is not embedded in Bulwark.Core");
        using var schema = JsonDocument.Parse(stream);
        return schema.RootElement.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToFrozenSet(StringComparer.Ordinal);
    }
}

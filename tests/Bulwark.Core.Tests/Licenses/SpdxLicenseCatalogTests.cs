using Bulwark.Core.Licenses;

namespace Bulwark.Core.Tests.Licenses;

public sealed class SpdxLicenseCatalogTests
{
    [Fact]
    public void The_vendored_list_has_its_version_ids_names_and_flags()
    {
        Assert.Matches(@"^3\.\d+(\.\d+)?$", SpdxLicenseCatalog.ListVersion);
        Assert.True(SpdxLicenseCatalog.Licenses.Count > 700);
        Assert.True(SpdxLicenseCatalog.TryGetLicense("apache-2.0", out var apache));
        Assert.Equal(new SpdxLicense("Apache-2.0", "Apache License 2.0", IsDeprecated: false, IsOsiApproved: true, IsFsfLibre: true), apache);
        Assert.True(SpdxLicenseCatalog.TryGetLicense("GPL-2.0", out var gpl));
        Assert.True(gpl.IsDeprecated);
        Assert.True(SpdxLicenseCatalog.TryGetLicense("BUSL-1.1", out var busl));
        Assert.False(busl.IsOsiApproved);
        Assert.False(SpdxLicenseCatalog.TryGetLicense("Apache-2", out _));
    }

    [Fact]
    public void Exceptions_are_listed_separately_from_licences()
    {
        Assert.True(SpdxLicenseCatalog.TryGetException("classpath-exception-2.0", out var classpath));
        Assert.Equal("Classpath-exception-2.0", classpath.Id);
        Assert.False(SpdxLicenseCatalog.TryGetLicense("Classpath-exception-2.0", out _));
        Assert.False(SpdxLicenseCatalog.TryGetException("MIT", out _));
        Assert.Contains(SpdxLicenseCatalog.Exceptions, e => e.Id == "LLVM-exception");
    }

    [Fact]
    public void Every_licence_id_CycloneDX_accepts_is_on_the_list()
    {
        // CycloneDX 1.6's spdx.schema.json is an older SPDX list: everything in it must be known to us.
        var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Reports.SchemaValidator.RepositoryRoot, "schemas", "cyclonedx", "spdx.schema.json")));
        var missing = schema.RootElement.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)
            .Where(id => !SpdxLicenseCatalog.TryGetLicense(id, out _) && !SpdxLicenseCatalog.TryGetException(id, out _))
            .ToList();
        Assert.Empty(missing);
    }
}

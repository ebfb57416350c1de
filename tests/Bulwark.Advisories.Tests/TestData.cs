using Bulwark.Advisories.Osv;

namespace Bulwark.Advisories.Tests;

/// <summary>Paths into the vendored test data (copied next to the test assembly).</summary>
internal static class TestData
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "testdata");

    public static string Advisories { get; } = Path.Combine(Root, "advisories");

    public static string Fixtures { get; } = Path.Combine(Root, "fixtures");

    public static OsvRecord Fixture(string fileName) => OsvReader.ReadFile(Path.Combine(Fixtures, fileName));

    public static OsvRecord Real(string relativePath) => OsvReader.ReadFile(Path.Combine(Advisories, relativePath));
}

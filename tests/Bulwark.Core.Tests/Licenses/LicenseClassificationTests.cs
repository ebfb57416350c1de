using Bulwark.Core.Licenses;

namespace Bulwark.Core.Tests.Licenses;

public sealed class LicenseClassificationTests
{
    [Theory]
    [InlineData("MIT", LicenseClass.Permissive)]
    [InlineData("Apache-2.0", LicenseClass.Permissive)]
    [InlineData("BSD-3-Clause", LicenseClass.Permissive)]
    [InlineData("CC0-1.0", LicenseClass.PublicDomain)]
    [InlineData("Unlicense", LicenseClass.PublicDomain)]
    [InlineData("LGPL-2.1-only", LicenseClass.WeakCopyleft)]
    [InlineData("MPL-2.0", LicenseClass.WeakCopyleft)]
    [InlineData("EPL-2.0", LicenseClass.WeakCopyleft)]
    [InlineData("GPL-3.0-or-later", LicenseClass.StrongCopyleft)]
    [InlineData("EUPL-1.2", LicenseClass.StrongCopyleft)]
    [InlineData("AGPL-3.0-only", LicenseClass.NetworkCopyleft)]
    [InlineData("SSPL-1.0", LicenseClass.NetworkCopyleft)]
    [InlineData("BUSL-1.1", LicenseClass.Proprietary)]
    [InlineData("CC-BY-NC-4.0", LicenseClass.Proprietary)]
    [InlineData("LicenseRef-Acme", LicenseClass.Unknown)]
    // OR: the user picks, so the most permissive choice
    [InlineData("MIT OR GPL-3.0-only", LicenseClass.Permissive)]
    [InlineData("GPL-2.0-only OR LicenseRef-Acme", LicenseClass.StrongCopyleft)]
    // AND: everything applies, so the most restrictive
    [InlineData("MIT AND GPL-3.0-only", LicenseClass.StrongCopyleft)]
    [InlineData("MIT AND LicenseRef-Acme", LicenseClass.Unknown)]
    [InlineData("BUSL-1.1 AND LicenseRef-Acme", LicenseClass.Proprietary)]
    [InlineData("(MIT OR AGPL-3.0-only) AND LGPL-2.1-only", LicenseClass.WeakCopyleft)]
    // WITH: a linking exception lowers copyleft to weak; other exceptions change nothing
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", LicenseClass.WeakCopyleft)]
    [InlineData("GPL-3.0-or-later WITH GCC-exception-3.1", LicenseClass.WeakCopyleft)]
    [InlineData("GPL-2.0-or-later WITH openvpn-openssl-exception", LicenseClass.StrongCopyleft)]
    [InlineData("Apache-2.0 WITH LLVM-exception", LicenseClass.Permissive)]
    public void Expressions_take_the_class_a_user_can_rely_on(string expression, LicenseClass expected)
    {
        Assert.Equal(expected, LicenseClassification.Of(LicenseExpression.Parse(expression)));
    }

    [Fact]
    public void Every_SPDX_licence_is_classified_exactly_once()
    {
        var lines = ReadTable();
        var ids = lines.Where(l => l.Section != "linking-exceptions").Select(l => l.Id).ToList();
        Assert.Empty(ids.GroupBy(i => i, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(SpdxLicenseCatalog.Licenses.Select(l => l.Id).Except(ids, StringComparer.Ordinal));
        Assert.DoesNotContain(ids, id => !SpdxLicenseCatalog.TryGetLicense(id, out var l) || l.Id != id);
    }

    [Fact]
    public void Linking_exceptions_are_SPDX_exceptions()
    {
        var exceptions = ReadTable().Where(l => l.Section == "linking-exceptions").Select(l => l.Id).ToList();
        Assert.Contains("Classpath-exception-2.0", exceptions);
        Assert.DoesNotContain(exceptions, id => !SpdxLicenseCatalog.TryGetException(id, out var e) || e.Id != id);
    }

    [Fact]
    public void Class_names_round_trip()
    {
        foreach (var name in LicenseClassNames.All)
        {
            Assert.True(LicenseClassNames.TryParse(name, out var parsed));
            Assert.Equal(name, parsed.Name());
        }

        Assert.True(LicenseClassNames.TryParse("Strong_Copyleft", out var strong));
        Assert.Equal(LicenseClass.StrongCopyleft, strong);
        Assert.False(LicenseClassNames.TryParse("copyleft", out _));
    }

    private static List<(string Section, string Id)> ReadTable()
    {
        var path = Path.Combine(Reports.SchemaValidator.RepositoryRoot, "src", "Bulwark.Core", "Licenses", "Data", "license-classes.txt");
        var result = new List<(string, string)>();
        var section = string.Empty;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.StartsWith('['))
            {
                section = line.Trim('[', ']');
            }
            else if (line.Length > 0)
            {
                result.Add((section, line));
            }
        }

        return result;
    }
}

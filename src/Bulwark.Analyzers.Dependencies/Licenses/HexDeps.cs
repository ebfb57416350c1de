using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// Mix's <c>deps/</c> beside a <c>mix.lock</c>: each fetched Hex package keeps the metadata it was published with in
/// <c>deps/&lt;name&gt;/hex_metadata.config</c>, Erlang terms such as <c>{&lt;&lt;"licenses"&gt;&gt;,[&lt;&lt;"MIT"&gt;&gt;]}.</c>
/// Several licences are alternatives (OR), as Hex shows them. Git and path dependencies have no such file.
/// </summary>
internal static partial class HexDeps
{
    public static IReadOnlyList<InstalledPackage> Read(DirectoryInfo deps, InstalledPackageLimits limits, ref int unreadable)
    {
        var found = new List<InstalledPackage>();
        foreach (var package in InstalledTree.Children(deps))
        {
            if (found.Count >= limits.MaxPackages)
            {
                break;
            }

            if (InstalledTree.RealFile(Path.Combine(package.FullName, "hex_metadata.config"), limits.MaxManifestSize) is not { } file)
            {
                continue;
            }

            var text = File.ReadAllText(file.FullName);
            var name = Term().Matches(text).FirstOrDefault(m => m.Groups[1].Value == "name")?.Groups[2].Value;
            var version = Term().Matches(text).FirstOrDefault(m => m.Groups[1].Value == "version")?.Groups[2].Value;
            if (name is not { Length: > 0 })
            {
                unreadable++;
                continue;
            }

            var licenses = Licenses().Match(text) is { Success: true } list
                ? Binary().Matches(list.Groups[1].Value).Select(m => m.Groups[1].Value.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList()
                : [];
            IReadOnlyList<string> declared = licenses.Count switch
            {
                0 => [],
                1 => licenses,
                _ => [Core.Licenses.LicenseNormalizer.AnyOf(licenses)!.Text],
            };
            found.Add(new InstalledPackage("Hex", name, version, declared, file.FullName));
        }

        return found;
    }

    /// <summary>A key with a binary value: <c>{&lt;&lt;"name"&gt;&gt;,&lt;&lt;"phoenix"&gt;&gt;}.</c></summary>
    [GeneratedRegex("""\{<<"([a-z_]+)">>,\s*<<"([^"]*)">>\}\.""")]
    private static partial Regex Term();

    [GeneratedRegex("""\{<<"licenses">>,\s*\[(.*?)\]\}\.""", RegexOptions.Singleline)]
    private static partial Regex Licenses();

    [GeneratedRegex("""<<"([^"]*)">>""")]
    private static partial Regex Binary();
}

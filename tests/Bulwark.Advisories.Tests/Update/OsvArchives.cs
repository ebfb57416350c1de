using System.IO.Compression;
using System.Text.Json;
using YamlDotNet.Serialization;

namespace Bulwark.Advisories.Tests.Update;

/// <summary>
/// Builds OSV <c>all.zip</c> archives at test time from real records (the vendored subset of the
/// workspace's shared advisories): Go and RustSec as they are, PyPI's YAML converted to the JSON an OSV
/// archive holds — with YamlDotNet and System.Text.Json, independently of the importer under test.
/// </summary>
internal static class OsvArchives
{
    /// <summary>The folder of real records, by OSV ecosystem name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Folders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Go"] = "go",
        ["PyPI"] = "pypi",
        ["crates.io"] = "rustsec",
    };

    /// <summary>The records of one ecosystem as (entry name, JSON), ordered by name.</summary>
    public static List<(string Name, string Json)> Records(string advisoriesRoot, string ecosystem)
    {
        var folder = Path.Combine(advisoriesRoot, Folders[ecosystem]);
        return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f) + ".json", f.EndsWith(".yaml", StringComparison.Ordinal) ? YamlAsJson(File.ReadAllText(f)) : File.ReadAllText(f)))];
    }

    public static byte[] Zip(IEnumerable<(string Name, string Json)> records)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, json) in records)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(json);
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Zip(string advisoriesRoot, string ecosystem) => Zip(Records(advisoriesRoot, ecosystem));

    // Every YAML scalar stays a string (YamlDotNet's untyped deserialisation), as OSV versions must.
    private static string YamlAsJson(string yaml) =>
        JsonSerializer.Serialize(new DeserializerBuilder().Build().Deserialize<object>(yaml));
}

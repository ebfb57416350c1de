using System.IO.Compression;
using Bulwark.Advisories.Osv;

namespace Bulwark.Advisories.Storage;

/// <summary>One record's raw content and where it came from (a file, or an entry of an <c>all.zip</c>).</summary>
internal readonly record struct AdvisoryDocument(string Source, ReadOnlyMemory<byte> Content, bool IsYaml);

/// <summary>
/// Finds the OSV documents under the paths given to an import: directories (searched recursively),
/// <c>.json</c>/<c>.yaml</c>/<c>.yml</c> files and <c>.zip</c> archives such as OSV's per-ecosystem <c>all.zip</c>.
/// Unreadable sources become problems, not exceptions.
/// </summary>
internal static class AdvisorySource
{
    public static IEnumerable<AdvisoryDocument> Enumerate(IEnumerable<string> paths, List<ImportProblem> problems)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    if (IsRecordFile(file) || IsZip(file))
                    {
                        foreach (var document in FromFile(file, problems))
                        {
                            yield return document;
                        }
                    }
                }
            }
            else if (File.Exists(path))
            {
                foreach (var document in FromFile(path, problems))
                {
                    yield return document;
                }
            }
            else
            {
                problems.Add(new ImportProblem(path, "no such file or directory"));
            }
        }
    }

    private static IEnumerable<AdvisoryDocument> FromFile(string path, List<ImportProblem> problems)
    {
        if (IsZip(path))
        {
            return FromZip(path, problems);
        }

        if (!IsRecordFile(path))
        {
            problems.Add(new ImportProblem(path, "not an OSV file (expected .json, .yaml, .yml or .zip)"));
            return [];
        }

        try
        {
            return [new AdvisoryDocument(path, File.ReadAllBytes(path), OsvReader.IsYaml(path))];
        }
        catch (IOException e)
        {
            problems.Add(new ImportProblem(path, e.Message));
            return [];
        }
    }

    private static List<AdvisoryDocument> FromZip(string path, List<ImportProblem> problems)
    {
        var documents = new List<AdvisoryDocument>();
        try
        {
            using var archive = ZipFile.OpenRead(path);
            foreach (var entry in archive.Entries)
            {
                if (!IsRecordFile(entry.FullName))
                {
                    continue;
                }

                using var stream = entry.Open();
                using var buffer = new MemoryStream(checked((int)entry.Length));
                stream.CopyTo(buffer);
                documents.Add(new AdvisoryDocument($"{path}!{entry.FullName}", buffer.ToArray(), OsvReader.IsYaml(entry.FullName)));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            problems.Add(new ImportProblem(path, $"not a readable zip archive: {e.Message}"));
        }

        return documents;
    }

    private static bool IsRecordFile(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || OsvReader.IsYaml(path);

    private static bool IsZip(string path) => path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
}

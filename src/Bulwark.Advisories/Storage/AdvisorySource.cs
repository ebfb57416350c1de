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
                    if (OsvArchive.IsRecordName(file) || IsZip(file))
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

        if (!OsvArchive.IsRecordName(path))
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

    // An archive that turns out broken half way keeps the records read before the break; the break is a problem.
    private static IEnumerable<AdvisoryDocument> FromZip(string path, List<ImportProblem> problems)
    {
        using var documents = OsvArchive.Read(path, path, ArchiveLimits.Default).GetEnumerator();
        while (true)
        {
            try
            {
                if (!documents.MoveNext())
                {
                    yield break;
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                problems.Add(new ImportProblem(path, $"not a readable zip archive: {e.Message}"));
                yield break;
            }

            yield return documents.Current;
        }
    }

    private static bool IsZip(string path) => path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
}

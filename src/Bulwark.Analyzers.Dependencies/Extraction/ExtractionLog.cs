using Bulwark.Core;

namespace Bulwark.Analyzers.Dependencies.Extraction;

/// <summary>Collects the notes of one extraction and makes its result.</summary>
internal sealed class ExtractionLog
{
    private readonly List<ExtractionNote> _notes = [];

    public ExtractionLog(string extractor, string path)
    {
        Extractor = extractor;
        Path = path;
    }

    public string Extractor { get; }

    public string Path { get; }

    public IReadOnlyList<ExtractionNote> Notes => _notes;

    /// <summary>Something in the file could not be understood; the rest of the file was still read.</summary>
    public void Warn(string message, int? line = null, string? field = null) => _notes.Add(new ExtractionNote(message, WarningLevel.Warning, line, field));

    /// <summary>A fact worth knowing that is not a failure (unpinned requirements, skipped local packages).</summary>
    public void Info(string message, int? line = null, string? field = null) => _notes.Add(new ExtractionNote(message, WarningLevel.Info, line, field));

    public ExtractionResult Result(PackageGraph graph) => Result(graph.ToComponents());

    public ExtractionResult Result(IReadOnlyList<Core.Inventory.Component> components) => new()
    {
        Extractor = Extractor,
        Path = Path,
        Components = components,
        Notes = _notes,
    };

    /// <summary>The file could not be read at all (malformed, unknown version): no components, a warning.</summary>
    public ExtractionResult Failure(string message, int? line = null, string? field = null)
    {
        Warn(message, line, field);
        return new ExtractionResult { Extractor = Extractor, Path = Path, Notes = _notes, Succeeded = false };
    }

    /// <summary>The 1-based line of a character offset in a text.</summary>
    public static int LineOf(string text, int offset)
    {
        var line = 1;
        var end = Math.Min(offset, text.Length);
        for (var i = 0; i < end; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}

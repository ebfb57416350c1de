using Bulwark.Core;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Extraction;

/// <summary>What an extractor made of one file.</summary>
internal sealed record ExtractionResult
{
    public required string Extractor { get; init; }

    public required string Path { get; init; }

    public IReadOnlyList<Component> Components { get; init; } = [];

    public IReadOnlyList<ExtractionNote> Notes { get; init; } = [];

    /// <summary>False when the file could not be read at all (malformed, unknown version).</summary>
    public bool Succeeded { get; init; } = true;
}

/// <summary>Something the user should know about one file: line is 1-based when known, field names the JSON/YAML/TOML key.</summary>
internal sealed record ExtractionNote(string Message, WarningLevel Level = WarningLevel.Warning, int? Line = null, string? Field = null)
{
    /// <summary>The message with where in the file it applies, for a warning that names the file separately.</summary>
    public string Describe()
    {
        var where = (Line, Field) switch
        {
            ({ } line, { } field) => $"line {line} ({field}): ",
            ({ } line, null) => $"line {line}: ",
            (null, { } field) => $"{field}: ",
            _ => string.Empty,
        };
        return where + Message;
    }

    public string Format(string path)
    {
        var where = Line is { } line ? $"{path}:{line}" : path;
        return Field is { } field ? $"{where} ({field}): {Message}" : $"{where}: {Message}";
    }
}

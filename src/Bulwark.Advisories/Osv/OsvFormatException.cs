namespace Bulwark.Advisories.Osv;

/// <summary>A record that does not follow the OSV schema, naming the file and the field at fault.</summary>
public sealed class OsvFormatException : Exception
{
    public OsvFormatException()
        : this("unknown source", "", "not an OSV record")
    {
    }

    public OsvFormatException(string message)
        : this("unknown source", "", message)
    {
    }

    public OsvFormatException(string message, Exception innerException)
        : this("unknown source", "", message, innerException)
    {
    }

    public OsvFormatException(string source, string field, string problem, Exception? innerException = null)
        : base(field.Length == 0 ? $"{source}: {problem}" : $"{source}: {field}: {problem}", innerException)
    {
        SourceName = source;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file (or archive entry) the record came from.</summary>
    public string SourceName { get; }

    /// <summary>A JSON-path-like location such as <c>affected[0].ranges[1].events[2]</c>; empty for the whole document.</summary>
    public string Field { get; }

    public string Problem { get; }

    /// <summary>The document is not JSON (or YAML) at all, as opposed to a document that breaks the OSV schema.</summary>
    public bool IsSyntaxError { get; init; }
}

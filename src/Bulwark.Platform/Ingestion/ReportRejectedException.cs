namespace Bulwark.Platform.Ingestion;

/// <summary>An upload the platform will not store, with the reason to show its sender.</summary>
public sealed class ReportRejectedException : Exception
{
    public ReportRejectedException()
        : this("the report was rejected")
    {
    }

    public ReportRejectedException(string message)
        : base(message)
    {
    }

    public ReportRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the content is not a format we read (415) rather than a malformed one (422).</summary>
    public bool UnsupportedFormat { get; init; }
}

namespace Bulwark.Core.Reports;

/// <summary>
/// A report could not be read: not JSON, or a field missing or of the wrong shape. <see cref="Path"/>
/// names the field (<c>$.vulnerabilities[2].identifiers</c>) so the producer of the report can be told
/// exactly what to fix.
/// </summary>
public sealed class ReportFormatException : Exception
{
    public ReportFormatException()
        : this("report", "$", "could not be read")
    {
    }

    public ReportFormatException(string message)
        : this("report", "$", message)
    {
    }

    public ReportFormatException(string message, Exception innerException)
        : this("report", "$", message, innerException)
    {
    }

    public ReportFormatException(string format, string path, string reason, Exception? innerException = null)
        : base(format == "report" ? $"report: {path} {reason}" : $"{format} report: {path} {reason}", innerException)
    {
        Format = format;
        Path = path;
        Reason = reason;
    }

    /// <summary>The format being read (<c>GitLab</c>, <c>SARIF</c>, <c>CycloneDX</c>, <c>Trivy</c>, <c>gitleaks</c>, <c>Bulwark</c>; <c>report</c> before it is known).</summary>
    public string Format { get; }

    /// <summary>A JSONPath-like address of the offending value; <c>$</c> is the document.</summary>
    public string Path { get; }

    public string Reason { get; }
}

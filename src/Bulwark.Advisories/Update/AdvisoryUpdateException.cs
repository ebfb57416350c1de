using System.Net;

namespace Bulwark.Advisories.Update;

/// <summary>
/// An update that could not complete: the network failed, the server answered with an error, or what it
/// sent failed verification. Names the URL and the reason; the database is left as it was.
/// </summary>
public sealed class AdvisoryUpdateException : Exception
{
    public AdvisoryUpdateException()
    {
    }

    public AdvisoryUpdateException(string message)
        : base(message)
    {
    }

    public AdvisoryUpdateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AdvisoryUpdateException(Uri url, string reason, HttpStatusCode? status = null, Exception? innerException = null)
        : base($"{url}: {reason}", innerException)
    {
        Url = url;
        Reason = reason;
        Status = status;
    }

    public Uri? Url { get; }

    public string? Reason { get; }

    /// <summary>The HTTP status when the server answered with an error.</summary>
    public HttpStatusCode? Status { get; }
}

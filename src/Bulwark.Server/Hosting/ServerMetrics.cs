using System.Globalization;
using System.Text;

namespace Bulwark.Server.Hosting;

/// <summary>
/// Counters exposed at <c>/metrics</c> in Prometheus' text format. Per instance, as Prometheus expects:
/// it scrapes every instance and sums.
/// </summary>
public sealed class ServerMetrics
{
    private long _requests;
    private long _failedRequests;
    private long _reports;
    private long _findings;
    private long _rejectedReports;

    public void Request(int status)
    {
        Interlocked.Increment(ref _requests);
        if (status >= 500)
        {
            Interlocked.Increment(ref _failedRequests);
        }
    }

    public void ReportIngested(int findings)
    {
        Interlocked.Increment(ref _reports);
        Interlocked.Add(ref _findings, findings);
    }

    public void ReportRejected() => Interlocked.Increment(ref _rejectedReports);

    public string Render()
    {
        var text = new StringBuilder();
        Counter(text, "bulwark_http_requests_total", "HTTP requests served.", _requests);
        Counter(text, "bulwark_http_server_errors_total", "HTTP requests answered with a 5xx status.", _failedRequests);
        Counter(text, "bulwark_reports_ingested_total", "Security reports stored.", _reports);
        Counter(text, "bulwark_findings_ingested_total", "Findings read from stored reports.", _findings);
        Counter(text, "bulwark_reports_rejected_total", "Uploaded reports refused as malformed or unsupported.", _rejectedReports);
        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {Interlocked.Read(ref value)}\n");
}

using System.Text;

namespace Bulwark.Core.Tests.Reports;

/// <summary>Writes a report to text and reads text back, as files on disk would be.</summary>
internal static class ReportText
{
    public static string Of(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static T Read<T>(string json, Func<Stream, T> read)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return read(stream);
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bulwark.Core.Reports;

/// <summary>How every report is written and parsed, so all formats agree on encoding and layout.</summary>
internal static class ReportJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Reports are files for tools and people, not HTML: keep quotes, '+' and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The same bytes on every OS.
        NewLine = "\n",
    };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 256,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static Utf8JsonWriter CreateWriter(Stream output) => new(output, WriterOptions);

    public static JsonDocument Parse(Stream input, string format)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return JsonDocument.Parse(input, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw NotJson(format, e);
        }
    }

    public static async Task<JsonDocument> ParseAsync(Stream input, string format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return await JsonDocument.ParseAsync(input, DocumentOptions, cancellationToken);
        }
        catch (JsonException e)
        {
            throw NotJson(format, e);
        }
    }

    /// <summary>Writes a document to a stream, flushing synchronously or asynchronously.</summary>
    public static void Write(Stream output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = CreateWriter(output);
        write(writer);
        writer.Flush();
        output.WriteByte((byte)'\n');
    }

    public static async Task WriteAsync(Stream output, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var writer = CreateWriter(output);
        write(writer);
        await writer.FlushAsync(cancellationToken);
        await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
    }

    public static void WriteIfNotEmpty(this Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteIfPresent(this Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    public static void WriteIfPresent(this Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }

    /// <summary>Cuts text to a schema's maxLength without splitting a surrogate pair.</summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = maxLength - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    /// <summary>Seconds-precision UTC, <c>2024-05-01T10:00:00</c>, as GitLab requires.</summary>
    public static string GitLabTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 UTC with a <c>Z</c>, as SARIF and CycloneDX <c>date-time</c> want.</summary>
    public static string UtcTime(DateTimeOffset time, bool milliseconds = false) =>
        time.UtcDateTime.ToString(milliseconds ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(ReportElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var text = element.AsString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time)
            ? time
            : throw element.Error($"is not a date and time: '{text}'");
    }

    private static ReportFormatException NotJson(string format, JsonException e) =>
        new(format, e.Path ?? "$",
            $"is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}): {e.Message}", e);
}

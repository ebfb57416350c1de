using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bulwark.Core.Reports.Streaming;

/// <summary>
/// An array of a report that is read one element at a time: where it starts in the stream and how many
/// elements it holds. <see cref="Path"/> is its JSONPath (<c>$.runs[0].results</c>).
/// </summary>
internal sealed record StreamedArray(string Path, long Offset, int Count);

/// <summary>
/// Everything of a report but its bulk: the document with each streamed array (findings, results,
/// components…) replaced by an empty one, and where each of those arrays is. Built in one pass over the
/// stream that never holds more than one token, so a report whose <c>scan</c> comes after its
/// <c>vulnerabilities</c> is read as easily as one in the usual order, and the whole input is checked to be
/// well-formed JSON before any finding is read.
/// </summary>
internal sealed partial class ReportSkeleton : IDisposable
{
    private readonly JsonDocument _document;
    private readonly Dictionary<string, StreamedArray> _arrays;

    private ReportSkeleton(JsonDocument document, string format, Dictionary<string, StreamedArray> arrays)
    {
        _document = document;
        _arrays = arrays;
        Root = ReportElement.Root(document, format);
    }

    /// <summary>The document without its streamed arrays.</summary>
    public ReportElement Root { get; }

    /// <summary>The streamed array at a JSONPath, or null when the report has none there.</summary>
    public StreamedArray? Array(string path) => _arrays.GetValueOrDefault(path);

    /// <summary>
    /// Reads the skeleton of the report at the stream's start. <paramref name="streamedArrays"/> are JSONPaths
    /// whose <c>[*]</c> matches any index (<c>$.runs[*].results</c>); <c>$</c> streams a top-level array.
    /// </summary>
    public static async Task<ReportSkeleton> ReadAsync(
        Stream stream, string format, IReadOnlyCollection<string> streamedArrays, CancellationToken cancellationToken)
    {
        using var builder = new Builder(stream, format, streamedArrays);
        return await builder.BuildAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _document.Dispose();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Index();

    /// <summary>Copies tokens into a writer, leaving out the streamed arrays, whose elements it only counts.</summary>
    private sealed class Builder(Stream stream, string format, IReadOnlyCollection<string> streamedArrays) : IDisposable
    {
        private readonly JsonWindow _window = new(stream, 0);
        private readonly ArrayBufferWriter<byte> _output = new();
        private readonly List<Frame> _frames = [];
        private readonly Dictionary<string, StreamedArray> _arrays = new(StringComparer.Ordinal);
        private Utf8JsonWriter? _writer;
        private Skip? _skip;
        private bool _rootDone;

        public async Task<ReportSkeleton> BuildAsync(CancellationToken cancellationToken)
        {
            _writer = new Utf8JsonWriter(_output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = JsonWindow.Options.MaxDepth + 1 });
            await FillAsync(cancellationToken).ConfigureAwait(false);
            _window.SkipByteOrderMark();
            while (!Step())
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            _writer.Flush();
            var document = JsonDocument.Parse(_output.WrittenMemory, new JsonDocumentOptions { MaxDepth = JsonWindow.Options.MaxDepth + 1 });
            return new ReportSkeleton(document, format, _arrays);
        }

        public void Dispose()
        {
            _writer?.Dispose();
            _window.Dispose();
        }

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _window.FillAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ElementTooLargeException e)
            {
                throw new ReportFormatException(format, CurrentPath(), e.Reason);
            }
        }

        /// <summary>Reads what the window holds; true once the document has been read to its end.</summary>
        private bool Step()
        {
            var reader = _window.Reader();
            try
            {
                while (true)
                {
                    if (_skip is not null)
                    {
                        if (!SkipArray(ref reader))
                        {
                            break;
                        }
                    }
                    else if (reader.Read())
                    {
                        Copy(ref reader);
                    }
                    else
                    {
                        break;
                    }
                }
            }
            catch (JsonException e)
            {
                throw new ReportFormatException(format, CurrentPath(),
                    $"is not valid JSON (line {((e.LineNumber ?? 0) + 1).ToString(CultureInfo.InvariantCulture)}, byte {((e.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture)}): {e.Message}", e);
            }

            _window.Commit(ref reader);
            if (!_window.IsFinal)
            {
                return false;
            }

            // A final block the reader accepted to its end holds one complete value, or nothing at all.
            return _rootDone ? true : throw new ReportFormatException(format, "$", "is empty: it holds no JSON value");
        }

        private void Copy(ref Utf8JsonReader reader)
        {
            var writer = _writer!;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    CheckText(ref reader);
                    var name = reader.GetString()!;
                    _frames[^1].Name = name;
                    writer.WritePropertyName(name);
                    break;
                case JsonTokenType.StartObject:
                    _frames.Add(new Frame(ValuePath(reader.TokenType), IsArray: false));
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.StartArray:
                    var path = ValuePath(reader.TokenType);
                    writer.WriteStartArray();
                    if (IsStreamed(path))
                    {
                        writer.WriteEndArray();
                        _skip = new Skip(path, _window.PositionOf(ref reader), reader.CurrentDepth);
                    }
                    else
                    {
                        _frames.Add(new Frame(path, IsArray: true));
                    }

                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    EndContainer();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    EndContainer();
                    break;
                case JsonTokenType.String:
                    ValuePath(reader.TokenType);
                    CheckText(ref reader);
                    if (reader.ValueIsEscaped)
                    {
                        writer.WriteStringValue(reader.GetString());
                    }
                    else
                    {
                        writer.WriteStringValue(reader.ValueSpan);
                    }

                    break;
                case JsonTokenType.Number:
                    ValuePath(reader.TokenType);
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    ValuePath(reader.TokenType);
                    writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                    break;
                case JsonTokenType.Null:
                    ValuePath(reader.TokenType);
                    writer.WriteNullValue();
                    break;
            }

            _rootDone = _frames.Count == 0 && _skip is null;
        }

        /// <summary>Counts the elements of the array being left out; true while there are tokens to read.</summary>
        private bool SkipArray(ref Utf8JsonReader reader)
        {
            var skip = _skip!;
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    CheckText(ref reader);
                }

                var depth = reader.CurrentDepth;
                if (depth == skip.Depth + 1)
                {
                    if (reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
                    {
                        skip.Count++;
                    }
                }
                else if (depth == skip.Depth && reader.TokenType == JsonTokenType.EndArray)
                {
                    _arrays[skip.Path] = new StreamedArray(skip.Path, skip.Offset, skip.Count);
                    _skip = null;
                    _rootDone = _frames.Count == 0;
                    return true;
                }
            }

            return false;
        }

        private void EndContainer() => _frames.RemoveAt(_frames.Count - 1);

        /// <summary>
        /// The path of the value starting now, counting it when its parent is an array. A value where an array
        /// is streamed must be that array (or null, read as absent): anything else is refused here, as the
        /// whole-document readers refuse it.
        /// </summary>
        private string ValuePath(JsonTokenType token)
        {
            if (_frames.Count == 0)
            {
                return Checked("$", token);
            }

            var parent = _frames[^1];
            return Checked(parent.IsArray
                ? ReportElement.ItemPath(parent.Path, parent.NextIndex++)
                : ReportElement.MemberPath(parent.Path, parent.Name ?? string.Empty), token);
        }

        private string Checked(string path, JsonTokenType token) =>
            token is JsonTokenType.StartArray or JsonTokenType.Null || !IsStreamed(path)
                ? path
                : throw new ReportFormatException(format, path, $"must be an array, not {Describe(token)}");

        private bool IsStreamed(string path) => streamedArrays.Contains(Index().Replace(path, "[*]"));

        private static string Describe(JsonTokenType token) => token switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            _ => "a boolean",
        };

        /// <summary>
        /// Text must be UTF-8 (escapes included): checked here, where every byte passes once, so that reading
        /// an element later never meets text it cannot decode.
        /// </summary>
        private void CheckText(ref Utf8JsonReader reader)
        {
            bool valid;
            if (!reader.ValueIsEscaped)
            {
                valid = Utf8.IsValid(reader.ValueSpan);
            }
            else
            {
                var length = reader.ValueSpan.Length;
                var scratch = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    valid = Utf8.IsValid(scratch.AsSpan(0, reader.CopyString(scratch)));
                }
                catch (InvalidOperationException)
                {
                    valid = false;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
            }

            if (!valid)
            {
                throw new ReportFormatException(format, CurrentPath(), "holds text that is not valid UTF-8");
            }
        }

        /// <summary>Where the reader is, for error messages: the element of a skipped array, else the innermost container.</summary>
        private string CurrentPath()
        {
            if (_skip is { } skip)
            {
                return ReportElement.ItemPath(skip.Path, Math.Max(0, skip.Count - 1));
            }

            if (_frames.Count == 0)
            {
                return "$";
            }

            var frame = _frames[^1];
            return frame.IsArray || frame.Name is null ? frame.Path : ReportElement.MemberPath(frame.Path, frame.Name);
        }

        private sealed record Frame(string Path, bool IsArray)
        {
            public string? Name { get; set; }

            public int NextIndex { get; set; }
        }

        private sealed record Skip(string Path, long Offset, int Depth)
        {
            public int Count { get; set; }
        }
    }
}

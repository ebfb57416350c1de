using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Bulwark.Core.Reports.Streaming;

/// <summary>
/// Reads the elements of a <see cref="StreamedArray"/> one at a time: each element is parsed on its own,
/// handed to the mapping as a <see cref="ReportElement"/> that knows its JSONPath
/// (<c>$.vulnerabilities[1234]</c>), and released before the next is read, so memory holds one element
/// whatever the size of the array.
/// </summary>
internal static class StreamedElements
{
    /// <summary>
    /// Maps every element; <paramref name="map"/> may give none (a skipped element) or several (one
    /// vulnerability affecting two packages), and must not keep the element beyond the call.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Stream stream,
        StreamedArray array,
        string format,
        Func<ReportElement, IEnumerable<T>> map,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var window = new JsonWindow(stream, array.Offset);
        var cursor = new Cursor(window, array, format);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = cursor.Next(out var document);
            if (step == Step.NeedData)
            {
                await cursor.FillAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (step == Step.End)
            {
                yield break;
            }

            List<T> items;
            using (document)
            {
                items = map(new ReportElement(document!.RootElement, ReportElement.ItemPath(array.Path, cursor.Index), format)).ToList();
            }

            foreach (var item in items)
            {
                yield return item;
            }
        }
    }

    private enum Step
    {
        Element,
        NeedData,
        End,
    }

    private sealed class Cursor(JsonWindow window, StreamedArray array, string format)
    {
        private bool _opened;

        /// <summary>The index of the element last read.</summary>
        public int Index { get; private set; } = -1;

        public Step Next(out JsonDocument? document)
        {
            document = null;
            try
            {
                var reader = window.Reader();
                if (!_opened)
                {
                    if (!reader.Read())
                    {
                        return Step.NeedData;
                    }

                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new ReportFormatException(format, array.Path, "changed while it was being read (no array where there was one)");
                    }

                    _opened = true;
                    window.Commit(ref reader);
                    reader = window.Reader();
                }

                if (!reader.Read())
                {
                    return Step.NeedData;
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    return Step.End;
                }

                // On false the reader is back at the element's first token; nothing is committed and the
                // element is read again, whole, once the window holds more.
                if (!JsonDocument.TryParseValue(ref reader, out document))
                {
                    return Step.NeedData;
                }

                window.Commit(ref reader);
                Index++;
                return Step.Element;
            }
            catch (JsonException e)
            {
                throw new ReportFormatException(format, ReportElement.ItemPath(array.Path, Index + 1),
                    $"is not valid JSON: {e.Message}", e);
            }
        }

        public async ValueTask FillAsync(CancellationToken cancellationToken)
        {
            try
            {
                await window.FillAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ElementTooLargeException e)
            {
                throw new ReportFormatException(format, ReportElement.ItemPath(array.Path, Index + 1), e.Reason);
            }
            catch (InvalidOperationException) when (window.IsFinal)
            {
                throw new ReportFormatException(format, array.Path,
                    $"ends early: the stream ended before element {(Index + 1).ToString(CultureInfo.InvariantCulture)} was complete");
            }
        }
    }
}

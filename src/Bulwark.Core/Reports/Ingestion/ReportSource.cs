using System.Runtime.CompilerServices;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports.Streaming;

namespace Bulwark.Core.Reports.Ingestion;

/// <summary>
/// A report opened for streaming: its skeleton (all but the bulk arrays) and the stream the bulk is read
/// from, an element at a time, when asked.
/// </summary>
internal sealed class ReportSource(Stream stream, ReportSkeleton skeleton, string format)
{
    public ReportElement Root => skeleton.Root;

    public string Format => format;

    public StreamedArray? Array(string path) => skeleton.Array(path);

    /// <summary>Elements of the array at <paramref name="path"/> mapped one by one; none when the report has no such array.</summary>
    public IAsyncEnumerable<T> ReadAsync<T>(string path, Func<ReportElement, IEnumerable<T>> map, CancellationToken cancellationToken) =>
        skeleton.Array(path) is { Count: > 0 } array
            ? StreamedElements.ReadAsync(stream, array, format, map, cancellationToken)
            : AsyncEnumerable.Empty<T>();

    /// <summary>Visits every element of the array at <paramref name="path"/>.</summary>
    public async Task ForEachAsync(string path, Action<ReportElement> visit, CancellationToken cancellationToken)
    {
        await foreach (var _ in ReadAsync<bool>(path, e =>
        {
            visit(e);
            return [];
        }, cancellationToken).ConfigureAwait(false))
        {
        }
    }

    /// <summary>The first mapped value of the array at <paramref name="path"/>, reading no further than it.</summary>
    public async Task<T?> FirstAsync<T>(string path, Func<ReportElement, IEnumerable<T>> map, CancellationToken cancellationToken)
    {
        await foreach (var value in ReadAsync(path, map, cancellationToken).ConfigureAwait(false))
        {
            return value;
        }

        return default;
    }

    /// <summary>
    /// Calls <paramref name="map"/> with the first element of the array at <paramref name="path"/>, or with
    /// null when it is empty or absent.
    /// </summary>
    public async Task<T> WithFirstAsync<T>(string path, Func<ReportElement?, T> map, CancellationToken cancellationToken)
    {
        var found = false;
        var result = default(T);
        await foreach (var value in ReadAsync<T>(path, e => new[] { map(e) }, cancellationToken).ConfigureAwait(false))
        {
            (found, result) = (true, value);
            break;
        }

        return found ? result! : map(null);
    }
}

/// <summary>
/// How one format is laid out and turned into sections, findings and components, over a
/// <see cref="ReportSource"/>. One instance serves one opened report, so it may keep what it learnt about
/// the sections.
/// </summary>
internal abstract class ReportLayout(ReportSource source)
{
    protected ReportSource Source { get; } = source;

    protected ReportElement Root => Source.Root;

    public abstract Task<IReadOnlyList<ReportSection>> ReadSectionsAsync(CancellationToken cancellationToken);

    public abstract IAsyncEnumerable<Finding> ReadFindingsAsync(int section, CancellationToken cancellationToken);

    public virtual IAsyncEnumerable<Component> ReadComponentsAsync(int section, CancellationToken cancellationToken) =>
        AsyncEnumerable.Empty<Component>();

    /// <summary>Findings of several streamed arrays, one after the other.</summary>
    protected async IAsyncEnumerable<T> ConcatAsync<T>(
        IEnumerable<(string Path, Func<ReportElement, IEnumerable<T>> Map)> arrays,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (path, map) in arrays)
        {
            await foreach (var item in Source.ReadAsync(path, map, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }
}

using System.Runtime.CompilerServices;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports.Streaming;

namespace Bulwark.Core.Reports.Ingestion;

/// <summary>
/// A report opened by <see cref="SecurityReportReader.OpenAsync"/>: its sections are known, its findings and
/// components are read from the stream one element at a time, as often as asked. Holds the report's
/// skeleton (everything but its bulk) until disposed; the stream stays the caller's and must stay open.
/// Enumerations may be nested or interleaved (each reads from its own place), but not run on two threads.
/// </summary>
public sealed class SecurityReport : IDisposable
{
    private readonly Stream _stream;
    private readonly ReportSkeleton _skeleton;
    private readonly ReportLayout _layout;
    private bool _disposed;

    internal SecurityReport(ReportFormat format, Stream stream, ReportSkeleton skeleton, ReportLayout layout, IReadOnlyList<ReportSection> sections)
    {
        Format = format;
        _stream = stream;
        _skeleton = skeleton;
        _layout = layout;
        Sections = sections;
    }

    public ReportFormat Format { get; }

    public IReadOnlyList<ReportSection> Sections { get; }

    /// <summary>
    /// The findings of a section, secret material redacted (<see cref="FindingRedaction"/>). A malformed
    /// element raises <see cref="ReportFormatException"/> naming its JSONPath, after the findings before it
    /// were given: a caller that stores a report all or nothing fails the report.
    /// </summary>
    public async IAsyncEnumerable<Finding> ReadFindingsAsync(int section, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        CheckSection(section);
        try
        {
            await foreach (var finding in _layout.ReadFindingsAsync(section, cancellationToken).ConfigureAwait(false))
            {
                yield return FindingRedaction.Redact(finding);
            }
        }
        finally
        {
            _stream.Position = 0;
        }
    }

    /// <summary>The inventory of a section (none unless <see cref="ReportSection.HasComponents"/>).</summary>
    public async IAsyncEnumerable<Component> ReadComponentsAsync(int section, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        CheckSection(section);
        if (!Sections[section].HasComponents)
        {
            yield break;
        }

        try
        {
            await foreach (var component in _layout.ReadComponentsAsync(section, cancellationToken).ConfigureAwait(false))
            {
                yield return component;
            }
        }
        finally
        {
            _stream.Position = 0;
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _skeleton.Dispose();
        }
    }

    private void CheckSection(int section)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(section);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(section, Sections.Count);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Scanning;

/// <summary>
/// Runs a set of analyzers over a tree in one pass: each file is enumerated once, read at most once
/// (only if an analyzer wants it) and handed to every analyzer that accepts it, files in parallel.
/// </summary>
public sealed class ScanRunner
{
    private readonly IReadOnlyList<IAnalyzer> _analyzers;
    private readonly TimeProvider _time;
    private long _filesSeen;
    private long _filesAnalyzed;
    private long _bytesAnalyzed;
    private int _findings;
    private string? _currentFile;

    public ScanRunner(IReadOnlyList<IAnalyzer> analyzers, TimeProvider? time = null)
    {
        _analyzers = analyzers;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Safe to read from another thread while <see cref="Run"/> works.</summary>
    public ScanProgress Progress => new(
        Interlocked.Read(ref _filesSeen),
        Interlocked.Read(ref _filesAnalyzed),
        Interlocked.Read(ref _bytesAnalyzed),
        Volatile.Read(ref _findings),
        Volatile.Read(ref _currentFile));

    public ScanResult Run(ScanOptions options, ToolInfo tool, CancellationToken cancellationToken = default)
    {
        RefuseForbiddenAnalyzers(options.Settings);

        var started = _time.GetUtcNow();
        // The walk does not size files: a file is sized through the handle it is read with (one call fewer per file).
        var workspace = new Workspace(options.Settings.Root, options.Workspace with { MeasureSizes = false });
        var lanes = _analyzers.Select(a => new AnalyzerLane(a, new AnalysisContext(
            a.Descriptor.Name, options.Settings, cancellationToken, _ => Interlocked.Increment(ref _findings)))).ToArray();
        var runnerWarnings = new ConcurrentQueue<ScanWarning>();
        var counters = new WalkCounters();
        string? incompleteReason = null;

        try
        {
            if (lanes.Length > 0)
            {
                WalkAndAnalyze(workspace, lanes, options, counters, runnerWarnings, cancellationToken);
                foreach (var lane in lanes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    lane.Complete(runnerWarnings);
                }
            }
            else
            {
                foreach (var _ in workspace.Enumerate(cancellationToken))
                {
                    Interlocked.Increment(ref _filesSeen);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            incompleteReason = "the scan was cancelled before it finished";
        }

        var walk = workspace.Statistics;
        return new ScanResult
        {
            Tool = tool,
            Target = options.Settings.Root,
            StartedAt = started,
            FinishedAt = _time.GetUtcNow(),
            Completed = incompleteReason is null,
            IncompleteReason = incompleteReason,
            Findings = lanes.SelectMany(l => l.Context.Findings).Order(FindingOrder.Instance).ToEquatableArray(),
            Components = lanes.SelectMany(l => l.Context.Components).OrderBy(c => c.SourceFile, StringComparer.Ordinal)
                .ThenBy(c => c.Reference, StringComparer.Ordinal).ToEquatableArray(),
            // Sorted because arrival order depends on thread timing, and reports must be reproducible.
            Warnings = workspace.Warnings.Concat(runnerWarnings).Concat(lanes.SelectMany(l => l.Context.Warnings))
                .OrderBy(w => w.Path ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(w => w.Analyzer ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(w => w.Message, StringComparer.Ordinal)
                .ToEquatableArray(),
            Analyzers = lanes.Select(l => l.ToRun()).ToEquatableArray(),
            Walk = walk with
            {
                BytesSeen = counters.BytesSized,
                BinaryFiles = walk.BinaryFiles + counters.Binary,
                OversizedFiles = walk.OversizedFiles + counters.Oversized,
                UnreadableFiles = walk.UnreadableFiles + counters.Unreadable,
            },
        };
    }

    private void RefuseForbiddenAnalyzers(ScanSettings settings)
    {
        if (!settings.Offline)
        {
            return;
        }

        var online = _analyzers.Where(a => a.Descriptor.Capabilities.HasFlag(AnalyzerCapabilities.NeedsNetwork))
            .Select(a => a.Descriptor.Name).ToList();
        if (online.Count > 0)
        {
            throw new ScanConfigurationException(
                $"--offline forbids analyzers that need the network: {string.Join(", ", online)}. Leave them out with --analyzers.");
        }
    }

    private void WalkAndAnalyze(Workspace workspace, AnalyzerLane[] lanes, ScanOptions options, WalkCounters counters,
        ConcurrentQueue<ScanWarning> warnings, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism),
            CancellationToken = cancellationToken,
        };

        // NoBuffering keeps memory flat: the walk hands out one entry at a time instead of chunks.
        var entries = Partitioner.Create(workspace.Enumerate(cancellationToken), EnumerablePartitionerOptions.NoBuffering);
        // Parallel.ForEach retires and starts workers as it goes: their buffers are handed on, not grown anew.
        var idleBuffers = new ConcurrentBag<FileBuffers>();
        Parallel.ForEach(entries, parallel, () => new Worker(lanes.Length, idleBuffers.TryTake(out var buffers) ? buffers : new()), (entry, _, worker) =>
        {
            Interlocked.Increment(ref _filesSeen);
            var wanting = worker.Wanting;
            wanting.Clear();
            foreach (var lane in lanes)
            {
                if (lane.Analyzer.Accepts(entry))
                {
                    wanting.Add(lane);
                }
            }

            if (wanting.Count > 0)
            {
                AnalyzeFile(entry, worker, options.Settings.MaxFileSize, counters, warnings);
            }

            return worker;
        }, worker => idleBuffers.Add(worker.Buffers));
    }

    private void AnalyzeFile(WorkspaceEntry entry, Worker worker, long defaultMaxSize, WalkCounters counters,
        ConcurrentQueue<ScanWarning> warnings)
    {
        Volatile.Write(ref _currentFile, entry.RelativePath);
        byte[] buffer;
        int length;
        try
        {
            using var file = ScannedFile.Open(entry.FullPath);

            // Sized through the handle it is read with: the size cap applies to what is read, even if the file
            // changed after it was listed.
            var size = file.Length();
            counters.AddSized(size);
            var wanting = worker.Wanting;
            for (var i = wanting.Count - 1; i >= 0; i--)
            {
                if (size > (wanting[i].Analyzer.MaxFileSizeFor(entry) ?? defaultMaxSize))
                {
                    wanting.RemoveAt(i);
                }
            }

            if (wanting.Count == 0)
            {
                counters.AddOversized();
                warnings.Enqueue(new ScanWarning($"skipped: {size} bytes is over the size cap", entry.RelativePath, Level: WarningLevel.Info));
                return;
            }

            (buffer, length) = ReadWhole(file, size, worker.Buffers);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            counters.AddUnreadable();
            warnings.Enqueue(new ScanWarning($"could not read file: {e.Message}", entry.RelativePath));
            return;
        }

        var bytes = buffer.AsMemory(0, length);
        var content = new FileContent(entry, bytes, FileContent.LooksBinary(bytes.Span), worker.Buffers);
        var analyzedByAny = false;
        try
        {
            foreach (var lane in worker.Wanting)
            {
                if (content.IsBinary && !lane.Analyzer.AcceptsBinaryFile(entry))
                {
                    continue;
                }

                analyzedByAny = true;
                lane.Analyze(content, warnings);
            }
        }
        finally
        {
            content.Release();
        }

        if (content.IsBinary && !analyzedByAny)
        {
            counters.AddBinary();
        }

        Interlocked.Increment(ref _filesAnalyzed);
        Interlocked.Add(ref _bytesAnalyzed, length);
    }

    private static (byte[] Buffer, int Length) ReadWhole(ScannedFile file, long size, FileBuffers buffers)
    {
        if (size > int.MaxValue)
        {
            throw new IOException($"file is too large to scan ({size} bytes)");
        }

        var buffer = buffers.Bytes((int)size);
        var total = 0;
        while (total < size)
        {
            var read = file.Read(buffer.AsSpan(total, (int)size - total), total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return (buffer, total);
    }

    /// <summary>One parallel worker's state: which analyzers want its current file, and its buffers.</summary>
    private sealed class Worker(int lanes, FileBuffers buffers)
    {
        public List<AnalyzerLane> Wanting { get; } = new(lanes);

        public FileBuffers Buffers { get; } = buffers;
    }

    /// <summary>One analyzer's state in a scan: its context and timings.</summary>
    private sealed class AnalyzerLane(IAnalyzer analyzer, AnalysisContext context)
    {
        private long _ticks;
        private long _files;
        private long _bytes;

        public IAnalyzer Analyzer { get; } = analyzer;

        public AnalysisContext Context { get; } = context;

        public void Analyze(FileContent content, ConcurrentQueue<ScanWarning> warnings)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                Analyzer.Analyze(content, Context);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One analyzer failing on one file must not stop the scan; the file is named so it can be reported.
                warnings.Enqueue(new ScanWarning($"analyzer failed on this file: {e.GetType().Name}: {e.Message}",
                    content.Entry.RelativePath, Analyzer.Descriptor.Name, WarningLevel.Error));
            }
            finally
            {
                Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
                Interlocked.Increment(ref _files);
                Interlocked.Add(ref _bytes, content.Bytes.Length);
            }
        }

        public void Complete(ConcurrentQueue<ScanWarning> warnings)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                Analyzer.Complete(Context);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                warnings.Enqueue(new ScanWarning($"analyzer failed to complete: {e.GetType().Name}: {e.Message}",
                    Analyzer: Analyzer.Descriptor.Name, Level: WarningLevel.Error));
            }
            finally
            {
                Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
            }
        }

        public AnalyzerRun ToRun() => new(
            Analyzer.Descriptor.Name,
            Analyzer.Descriptor.Version,
            Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks)),
            Interlocked.Read(ref _files),
            Interlocked.Read(ref _bytes),
            Context.Findings.Count,
            Context.Components.Count)
        {
            ReportType = Analyzer.Descriptor.ReportType,
        };
    }

    private sealed class WalkCounters
    {
        private long _binary;
        private long _oversized;
        private long _unreadable;
        private long _sized;

        /// <summary>Bytes of the files opened for an analyzer, as their handles gave them.</summary>
        public long BytesSized => Interlocked.Read(ref _sized);

        public long Binary => Interlocked.Read(ref _binary);

        public long Oversized => Interlocked.Read(ref _oversized);

        public long Unreadable => Interlocked.Read(ref _unreadable);

        public void AddBinary() => Interlocked.Increment(ref _binary);

        public void AddOversized() => Interlocked.Increment(ref _oversized);

        public void AddUnreadable() => Interlocked.Increment(ref _unreadable);

        public void AddSized(long bytes) => Interlocked.Add(ref _sized, bytes);
    }
}

namespace Bulwark.Scanning.Walk;

/// <summary>
/// Threads that read directories ahead of the consumer. On Linux most of a walk is system calls (a stat per
/// file for its size), which this spreads over the cores while the consumer still sees one ordered stream.
/// Directories wait on a stack, so the readers go depth first like the consumer and stay just ahead of it;
/// they pause once <see cref="MaxItemsAhead"/> items are read and not yet reached, which keeps memory flat.
/// The consumer reads a directory itself when no thread has claimed it yet, so it never waits on idle threads.
/// </summary>
internal sealed class ReadAhead : IDisposable
{
    public const int MaxItemsAhead = 16 * 1024;

    /// <summary>
    /// Directories waiting for a thread. Past this the oldest are forgotten: the consumer reads a directory
    /// nobody claimed itself, so this bounds memory on huge trees at no cost to correctness.
    /// </summary>
    public const int MaxPending = 4 * 1024;

    private readonly WalkContext _context;
    // Used as a stack (newest first) that can also drop its oldest end.
    private readonly LinkedList<DirectoryScan> _pending = new();
    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private int _itemsAhead;
    private bool _stopped;

    public ReadAhead(WalkContext context, int threads)
    {
        _context = context;
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = "Bulwark workspace read-ahead" };
            _threads[i].Start();
        }
    }

    /// <summary>Makes sure <paramref name="scan"/> is read, reading it on this thread if nobody has started it.</summary>
    public static void Complete(DirectoryScan scan, WalkContext context, ReadAhead? readAhead)
    {
        if (scan.TryClaim())
        {
            scan.Run(context, readAhead);
        }
        else
        {
            // Another thread is reading it: rather than wait idle, read a directory further on.
            while (!scan.IsDone && readAhead is not null && readAhead.TryReadOne())
            {
            }

            scan.WaitUntilDone();
        }

        readAhead?.Reached(scan);
    }

    /// <summary>Reads one waiting directory on the calling thread; false when there is none to read now.</summary>
    private bool TryReadOne()
    {
        DirectoryScan scan;
        lock (_gate)
        {
            if (_stopped || _pending.Count == 0 || _itemsAhead >= MaxItemsAhead)
            {
                return false;
            }

            scan = _pending.First!.Value;
            _pending.RemoveFirst();
        }

        if (scan.TryClaim())
        {
            scan.Run(_context, this);
        }

        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _pending.Clear();
            Monitor.PulseAll(_gate);
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    private void Work()
    {
        while (true)
        {
            DirectoryScan scan;
            lock (_gate)
            {
                while (!_stopped && (_pending.Count == 0 || _itemsAhead >= MaxItemsAhead))
                {
                    Monitor.Wait(_gate);
                }

                if (_stopped)
                {
                    return;
                }

                scan = _pending.First!.Value;
                _pending.RemoveFirst();
            }

            if (scan.TryClaim())
            {
                scan.Run(_context, this);
            }
        }
    }

    /// <summary>
    /// A directory was read (called before anyone can see it done): its items count as read ahead and its
    /// subdirectories become work.
    /// </summary>
    public void Finished(DirectoryScan scan)
    {
        var items = scan.Items;
        lock (_gate)
        {
            _itemsAhead += items.Length;

            // Pushed last to first, so the first subdirectory is read next, as the consumer will want it.
            var added = false;
            for (var i = items.Length - 1; i >= 0; i--)
            {
                if (items[i].Directory is { } directory)
                {
                    _pending.AddFirst(directory);
                    added = true;
                }
            }

            while (_pending.Count > MaxPending)
            {
                _pending.RemoveLast();
            }

            if (added && !_stopped)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>The consumer reached a directory: its items no longer count as ahead.</summary>
    private void Reached(DirectoryScan scan)
    {
        lock (_gate)
        {
            var wasFull = _itemsAhead >= MaxItemsAhead;
            _itemsAhead -= scan.Items.Length;
            if (wasFull && _itemsAhead < MaxItemsAhead)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }
}

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// The per-rule tables one run fills — each rule's verdict on the file, each allowlist's, each rule's windows — kept
/// per thread and cleared after the run: a scan runs the detector on tens of thousands of files, and building them
/// afresh for each (a slot per rule, hundreds of rules) was a third of what a scan allocated.
/// </summary>
internal sealed class DetectionScratch
{
    /// <summary>A window list grown past this is let go rather than kept for the next file.</summary>
    private const int MaxKeptWindows = 4096;

    [ThreadStatic]
    private static DetectionScratch? t_free;

    private readonly List<ScanWindow>?[] _windows;

    private DetectionScratch(CompiledRuleSet set)
    {
        Set = set;
        Applies = new sbyte[set.Rules.Length];
        AllowlistVerdicts = new sbyte[set.AllowlistCount];
        _windows = new List<ScanWindow>?[set.Rules.Length];
    }

    public CompiledRuleSet Set { get; }

    /// <summary>Per rule: unknown (0), applies to the file (1), skipped (-1).</summary>
    public sbyte[] Applies { get; }

    /// <summary>Per allowlist: what it said of the file (<see cref="CompiledRule.AppliesTo"/>).</summary>
    public sbyte[] AllowlistVerdicts { get; }

    /// <summary>
    /// The thread's scratch for this rule set, or a new one when it is in use (a run within a run) or belongs to
    /// another rule set.
    /// </summary>
    public static DetectionScratch Rent(CompiledRuleSet set)
    {
        var scratch = t_free;
        if (scratch is not null && ReferenceEquals(scratch.Set, set))
        {
            t_free = null;
            return scratch;
        }

        return new DetectionScratch(set);
    }

    /// <summary>Rule <paramref name="rule"/>'s windows so far (none yet: empty).</summary>
    public List<ScanWindow> Windows(int rule) => _windows[rule] ??= [];

    /// <summary>Rule <paramref name="rule"/>'s windows, or null when it has none.</summary>
    public List<ScanWindow>? WindowsIfAny(int rule) => _windows[rule] is { Count: > 0 } windows ? windows : null;

    /// <summary>Clears what the run filled and keeps the tables for the thread's next run.</summary>
    public void Return()
    {
        Array.Clear(Applies);
        Array.Clear(AllowlistVerdicts);
        for (var r = 0; r < _windows.Length; r++)
        {
            if (_windows[r] is { } windows)
            {
                if (windows.Capacity > MaxKeptWindows)
                {
                    _windows[r] = null;
                }
                else
                {
                    windows.Clear();
                }
            }
        }

        t_free = this;
    }
}

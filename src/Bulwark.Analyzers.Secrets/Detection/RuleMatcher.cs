using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// A rule's regex. It runs on .NET's backtracking interpreter first: nothing to build, little memory, and fast on
/// the short keyword windows a rule sees. The linear-time engine (<see cref="RegexOptions.NonBacktracking"/>)
/// would guarantee linear time but builds its automaton on use — about 10 ms and, on a large tree, several MB of
/// cached states per rule, most of a scan's memory with hundreds of rules. So each match gets a small time
/// budget; a rule that exceeds it redoes that region on the linear-time engine and stays there for the rest of
/// the scan. No input can make a rule hang, and the matches are the same. A pattern the linear-time engine
/// refuses (lookarounds, backreferences) runs on under the user's match timeout, and a timeout is reported.
/// A rule that turns out to run often (its keywords are common in the tree: <c>key</c>, <c>token</c>) is compiled to
/// IL in the background after <see cref="CompileAfter"/> regions — same engine and semantics, several times faster per
/// region — and swapped in when ready; the few milliseconds that costs are paid only by the rules that repay them.
/// </summary>
internal sealed class RuleMatcher
{
    /// <summary>
    /// Time a match may take before the rule moves to the linear-time engine. A window is a few lines, which
    /// takes microseconds; a GC pause or a busy machine can exceed it, which only costs that rule the memory.
    /// </summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);

    /// <summary>Regions a rule scans on the interpreter before it is compiled.</summary>
    public const int CompileAfter = 2_000;

    private readonly string _pattern;
    private readonly TimeSpan _timeout;
    private readonly Lock _switchLock = new();

    // The interpreter, then the same regex compiled once the rule is hot.
    private volatile Regex _backtracking;

    // Regions scanned so far; counted without synchronisation (an approximate count is all it needs).
    private int _uses;
    private int _compileStarted;

    // Set once the interpreter ran out of budget: the linear-time engine, or the interpreter under the user's
    // timeout when the pattern needs backtracking.
    private volatile Regex? _fallback;

    /// <exception cref="ArgumentException">The pattern is not a valid .NET regex.</exception>
    public RuleMatcher(string pattern, TimeSpan timeout)
    {
        _pattern = pattern;
        _timeout = timeout;
        _backtracking = new Regex(pattern, RegexOptions.CultureInvariant, timeout < Budget ? timeout : Budget);
    }

    /// <summary>The number of capture groups.</summary>
    public int GroupCount => _backtracking.GetGroupNumbers().Length - 1;

    /// <summary>Whether the rule left the interpreter's budget: it now runs linearly (or under the user's timeout).</summary>
    public bool HasFallenBack => _fallback is not null;

    /// <summary>Whether the backtracking regex is the compiled one (the rule is hot).</summary>
    public bool IsCompiled => (_backtracking.Options & RegexOptions.Compiled) != 0;

    /// <summary>Whether the rule runs on the linear-time engine.</summary>
    public bool IsLinear => _fallback is { } regex && !RuleRegex.IsBacktracking(regex);

    /// <summary>
    /// Adds the matches in [start, start + length) of <paramref name="text"/> to <paramref name="matches"/>, in
    /// order. Nothing is added for a region that ran out of budget until it is redone whole on the fallback.
    /// </summary>
    /// <exception cref="RegexMatchTimeoutException">The pattern needs backtracking and exceeded the user's timeout.</exception>
    public void Matches(string text, int start, int length, List<Match> matches)
    {
        if (_fallback is { } fallback)
        {
            Collect(fallback, text, start, length, matches);
            return;
        }

        CountUse();
        var before = matches.Count;
        try
        {
            Collect(_backtracking, text, start, length, matches);
        }
        catch (RegexMatchTimeoutException)
        {
            matches.RemoveRange(before, matches.Count - before);
            Collect(Fallback(), text, start, length, matches);
        }
    }

    /// <summary>Whether the regex matches somewhere in <paramref name="region"/> (a region of a pooled buffer).</summary>
    /// <exception cref="RegexMatchTimeoutException">The pattern needs backtracking and exceeded the user's timeout.</exception>
    public bool IsMatch(ReadOnlySpan<char> region)
    {
        if (_fallback is { } fallback)
        {
            return fallback.IsMatch(region);
        }

        CountUse();
        try
        {
            return _backtracking.IsMatch(region);
        }
        catch (RegexMatchTimeoutException)
        {
            return Fallback().IsMatch(region);
        }
    }

    /// <summary>Waits for a compilation started by <see cref="CountUse"/> (tests).</summary>
    internal Task? Compilation { get; private set; }

    private void CountUse()
    {
        if (++_uses == CompileAfter && Interlocked.Exchange(ref _compileStarted, 1) == 0)
        {
            var interpreted = _backtracking;
            // On a thread of its own: the pool's threads are all scanning, and a compilation queued there waited
            // 0.7 s on a kernel-tree scan, the hottest rules interpreted all that time.
            Compilation = Task.Factory.StartNew(() =>
            {
                // Same pattern, options and budget: only the speed changes.
                _backtracking = new Regex(_pattern, interpreted.Options | RegexOptions.Compiled, interpreted.MatchTimeout);
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    private static void Collect(Regex regex, string text, int start, int length, List<Match> matches)
    {
        for (var match = regex.Match(text, start, length); match.Success; match = match.NextMatch())
        {
            matches.Add(match);
        }
    }

    private Regex Fallback()
    {
        lock (_switchLock)
        {
            return _fallback ??= RuleRegex.Create(_pattern, _timeout);
        }
    }
}

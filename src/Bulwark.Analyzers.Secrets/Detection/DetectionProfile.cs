using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// Where the engine's time goes, for tuning: with <c>BULWARK_PROFILE=1</c> in the environment the detector counts
/// per phase (keyword search and window planning, regexes, hit checks, encoded segments) and per rule (keyword hits,
/// windows, chars scanned, regex time, matches), and prints the table to standard error when the process exits.
/// Off, each probe is one test of a static read-only field, which the JIT removes.
/// </summary>
internal static class DetectionProfile
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("BULWARK_PROFILE") is "1" or "true";

    private static readonly ConcurrentDictionary<string, RuleCounters> Rules = new(StringComparer.Ordinal);
    private static readonly long[] Phases = new long[(int)Phase.Count];
    private static long _texts;
    private static long _chars;

    static DetectionProfile()
    {
        if (Enabled)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Console.Error.Write(Report());
        }
    }

    public enum Phase
    {
        /// <summary>Keyword search and window planning.</summary>
        Plan,

        /// <summary>Rule regexes on their windows.</summary>
        Regex,

        /// <summary>Secret group, entropy, allowlists, format checks of the regex matches.</summary>
        Hits,

        /// <summary>Finding encoded segments in a text.</summary>
        EncodedFind,

        /// <summary>Scanning decoded values.</summary>
        Decoded,

        Count,
    }

    public static long Start() => Stopwatch.GetTimestamp();

    public static void Add(Phase phase, long start) => Interlocked.Add(ref Phases[(int)phase], Stopwatch.GetTimestamp() - start);

    public static void Text(int length)
    {
        Interlocked.Increment(ref _texts);
        Interlocked.Add(ref _chars, length);
    }

    public static RuleCounters For(string ruleId) => Rules.GetOrAdd(ruleId, static _ => new RuleCounters());

    public static string Report()
    {
        var report = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        report.AppendLine(culture, $"BULWARK_PROFILE: {Interlocked.Read(ref _texts):N0} texts, {Interlocked.Read(ref _chars) / 1e6:0.0} M chars");
        for (var phase = Phase.Plan; phase < Phase.Count; phase++)
        {
            report.AppendLine(culture, $"  {phase,-12} {Seconds(Phases[(int)phase]),8:0.000} s");
        }

        // The runtime's share, which the phases above do not show: allocation and collections, and the JIT.
        report.AppendLine(culture, $"  runtime: {GC.GetTotalAllocatedBytes() / 1e6:N0} MB allocated, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen 0/1/2), {GC.GetTotalPauseDuration().TotalSeconds:0.000} s paused; JIT {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:0.000} s");

        report.AppendLine(culture, $"  {"rule",-44} {"kw hits",12} {"windows",10} {"M chars",9} {"regex s",8} {"matches",8} engine");
        foreach (var (id, c) in Rules.OrderByDescending(r => r.Value.RegexTicks).Take(40))
        {
            report.AppendLine(culture, $"  {id,-44} {c.KeywordHits,12:N0} {c.Windows,10:N0} {c.WindowChars / 1e6,9:0.0} {Seconds(c.RegexTicks),8:0.000} {c.Matches,8:N0} {c.Engine}");
        }

        return report.ToString();
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    /// <summary>One rule's counts; updated with interlocked adds, as scans run in parallel.</summary>
    internal sealed class RuleCounters
    {
        public long KeywordHits;
        public long Windows;
        public long WindowChars;
        public long RegexTicks;
        public long Matches;

        /// <summary>The engine the rule's regex ran on last: interpreted, compiled or linear.</summary>
        public string Engine = "";
    }
}

using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Bulwark.Analyzers.Secrets.Validity;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// One text through the engine: keyword hits become per-rule windows (merged, so nothing is scanned or reported
/// twice), each rule's regex runs on its windows only, hits go through the secret group, entropy, inline-allow,
/// allowlist and format checks, and lines and columns are computed for the survivors alone, in one forward pass.
/// </summary>
internal sealed class DetectionRun
{
    private const sbyte Unknown = 0;
    private const sbyte Applies = 1;
    private const sbyte Skipped = -1;

    private readonly CompiledRuleSet _set;
    private readonly SecretDetectorOptions _options;
    private readonly ReadOnlyMemory<char> _text;

    // The text as a string when it is one: regexes then run on it in place. A pooled buffer has none, and a
    // window is copied to a string only when its regex matches there.
    private readonly string? _string;
    private readonly SecretSource _source;
    // Each rule's verdict on the file and windows, and what each distinct allowlist said of the file
    // (CompiledRule.AppliesTo) so rules sharing one ask it once: the thread's tables, for the run only.
    private readonly DetectionScratch _scratch;
    private readonly sbyte[] _applies;
    private readonly sbyte[] _allowlistVerdicts;
    private readonly List<Candidate> _candidates = [];
    private readonly List<Match> _matches = [];
    private List<string>? _warnings;
    private int _formatInvalidDropped;
    private bool? _hasInlineAllow;

    public DetectionRun(CompiledRuleSet set, ReadOnlyMemory<char> text, SecretSource source)
    {
        _set = set;
        _options = set.Options;
        _text = text;
        _string = MemoryMarshal.TryGetString(text, out var whole, out var offset, out var length) && offset == 0 && length == whole.Length ? whole : null;
        _source = source with { Path = source.Path ?? "" };
        _scratch = DetectionScratch.Rent(set);
        _applies = _scratch.Applies;
        _allowlistVerdicts = _scratch.AllowlistVerdicts;
    }

    private string DisplayPath => _source.Path.Length > 0 ? _source.Path : "(input)";

    /// <summary>Runs the text through the engine; call it once.</summary>
    public SecretDetection Run()
    {
        try
        {
            return RunOnce();
        }
        finally
        {
            _scratch.Return();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SecretDetection RunOnce()
    {
        foreach (var allowlist in _set.GlobalAllowlists)
        {
            if (allowlist.AllowsFile(_source))
            {
                return SecretDetection.Empty;
            }
        }

        var fileMatches = new List<SecretMatch>();
        if (_source.Path.Length > 0)
        {
            foreach (var r in _set.PathOnlyRules)
            {
                if (RuleApplies(r))
                {
                    fileMatches.Add(new SecretMatch(_set.Rules[r].Id, "", $"file detected: {_source.Path}", 0, 0, 0, 0, 0));
                }
            }
        }

        var profiled = DetectionProfile.Enabled ? DetectionProfile.Start() : 0;
        PlanWindows();
        if (DetectionProfile.Enabled)
        {
            DetectionProfile.Add(DetectionProfile.Phase.Plan, profiled);
            DetectionProfile.Text(_text.Length);
        }

        for (var r = 0; r < _applies.Length; r++)
        {
            if (_scratch.WindowsIfAny(r) is { } windows)
            {
                ScanRule(r, windows);
            }
        }

        if (fileMatches.Count == 0 && _candidates.Count == 0 && _warnings is null && _formatInvalidDropped == 0)
        {
            return SecretDetection.Empty;
        }

        ApplyPrecedence();
        fileMatches.AddRange(Locate());
        return new SecretDetection(fileMatches, _warnings ?? [], _formatInvalidDropped);
    }

    private bool RuleApplies(int r)
    {
        if (_applies[r] == Unknown)
        {
            _applies[r] = _set.Rules[r].AppliesTo(_source, _allowlistVerdicts) ? Applies : Skipped;
        }

        return _applies[r] == Applies;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PlanWindows()
    {
        if (_text.Length == 0)
        {
            return;
        }

        var whole = ScanWindow.Whole(_text.Length);
        if (_options.Prefilter == KeywordPrefilter.Off)
        {
            for (var r = 0; r < _set.Rules.Length; r++)
            {
                if (!_set.Rules[r].IsPathOnly && RuleApplies(r))
                {
                    _scratch.Windows(r).Add(whole);
                }
            }

            return;
        }

        foreach (var r in _set.KeywordlessRules)
        {
            if (RuleApplies(r))
            {
                _scratch.Windows(r).Add(whole);
            }
        }

        var radius = Math.Max(1, _options.WindowRadius);
        var wholeText = _options.Prefilter == KeywordPrefilter.WholeText;
        var around = default(ScanWindow);
        int aroundStart = -1, aroundEnd = -1;
        var text = _text.Span;
        // In the order anchors are met, not held back into text order: a hit out of order starts before the last
        // window of its rule but its keyword reaches past that window's start (anchors lie inside keywords), so the
        // windows overlap and ScanWindow.Add merges them as it would have in order.
        var hits = _set.Keywords.Find(text, inTextOrder: false);
        while (hits.MoveNext())
        {
            var start = hits.Position;
            var keyword = hits.Current;
            var end = start + keyword.Text.Length;
            foreach (var r in keyword.Rules)
            {
                if (!RuleApplies(r))
                {
                    continue;
                }

                if (DetectionProfile.Enabled)
                {
                    Interlocked.Increment(ref DetectionProfile.For(_set.Rules[r].Id).KeywordHits);
                }

                var windows = _scratch.Windows(r);
                if (wholeText)
                {
                    if (windows.Count == 0)
                    {
                        windows.Add(whole);
                    }

                    continue;
                }

                var span = _set.Rules[r].Rule.MultilineSpan;
                if (windows.Count > 0 && span <= 0 && windows[^1].Covers(start, end))
                {
                    continue;
                }

                if (start != aroundStart || end != aroundEnd)
                {
                    around = ScanWindow.AroundKeyword(text, start, end, radius);
                    (aroundStart, aroundEnd) = (start, end);
                }

                ScanWindow.Add(windows, span > 0 ? around.Widen(text, span) : around);
            }
        }
    }

    private void ScanRule(int r, List<ScanWindow> windows)
    {
        var rule = _set.Rules[r];
        var matcher = rule.Matcher!;
        var counters = DetectionProfile.Enabled ? DetectionProfile.For(rule.Id) : null;
        try
        {
            foreach (var window in windows)
            {
                if (rule.Required is { } required && !MayHold(_text.Span[window.Start..window.End], required))
                {
                    continue;
                }

                var profiled = DetectionProfile.Enabled ? DetectionProfile.Start() : 0;
                _matches.Clear();
                var offset = 0;
                if (_string is not null)
                {
                    matcher.Matches(_string, window.Start, window.End - window.Start, _matches);
                }
                else if (matcher.IsMatch(_text.Span[window.Start..window.End]))
                {
                    var region = _text.Span[window.Start..window.End].ToString();
                    matcher.Matches(region, 0, region.Length, _matches);
                    offset = window.Start;
                }

                if (counters is not null)
                {
                    var ticks = System.Diagnostics.Stopwatch.GetTimestamp() - profiled;
                    Interlocked.Add(ref counters.RegexTicks, ticks);
                    Interlocked.Increment(ref counters.Windows);
                    Interlocked.Add(ref counters.WindowChars, window.End - window.Start);
                    Interlocked.Add(ref counters.Matches, _matches.Count);
                    counters.Engine = matcher.IsLinear ? "linear" : matcher.IsCompiled ? "compiled" : "interpreted";
                    DetectionProfile.Add(DetectionProfile.Phase.Regex, profiled);
                    profiled = DetectionProfile.Start();
                }

                foreach (var match in _matches)
                {
                    Consider(r, window, match, offset);
                }

                if (counters is not null)
                {
                    DetectionProfile.Add(DetectionProfile.Phase.Hits, profiled);
                }
            }
        }
        catch (RegexMatchTimeoutException e)
        {
            (_warnings ??= []).Add(string.Create(CultureInfo.InvariantCulture,
                $"secrets rule '{rule.Id}' timed out after {e.MatchTimeout.TotalMilliseconds:0} ms on {DisplayPath}: the rest of the file was not checked with this rule"));
        }
    }

    /// <summary>
    /// Whether a window may hold a match of a rule with these required literal sets: it holds a literal of each, or
    /// it holds a non-ASCII char (the regex's case-insensitivity knows more than ASCII: K, the Kelvin sign, matches k).
    /// </summary>
    private static bool MayHold(ReadOnlySpan<char> window, SearchValues<string>[] required)
    {
        foreach (var set in required)
        {
            if (!window.ContainsAny(set))
            {
                return !System.Text.Ascii.IsValid(window);
            }
        }

        return true;
    }

    /// <param name="offset">Where the string the match was found in starts in the text.</param>
    private void Consider(int r, ScanWindow window, Match match, int offset)
    {
        var text = _text.Span;
        var start = offset + match.Index;
        var end = start + match.Length;
        if (start == end || (window.StartCut && start == window.Start) || (window.EndCut && end == window.End))
        {
            return;
        }

        // As gitleaks: a match's leading or trailing newlines are not part of it.
        while (start < end && text[start] == '\n')
        {
            start++;
        }

        while (end > start && text[end - 1] == '\n')
        {
            end--;
        }

        if (start == end)
        {
            return;
        }

        var rule = _set.Rules[r].Rule;
        var matchText = text[start..end].ToString();
        var (secret, secretStart) = SecretOf(rule, match, matchText, start, offset);
        if (secret.Length == 0)
        {
            return;
        }

        var entropy = ShannonEntropy.Of(secret);
        if (rule.Entropy is { } threshold && entropy <= threshold)
        {
            return;
        }

        if (!_options.IgnoreInlineAllow && HasInlineAllow(start, end))
        {
            return;
        }

        string? line = null;
        string Line() => line ??= LineOf(start, end);
        foreach (var allowlist in _set.GlobalAllowlists)
        {
            if (allowlist.AllowsHit(secret, matchText, Line, _source))
            {
                return;
            }
        }

        foreach (var allowlist in _set.Rules[r].Allowlists)
        {
            if (allowlist.AllowsHit(secret, matchText, Line, _source))
            {
                return;
            }
        }

        var validity = SecretFormat.Check(rule.Validator, secret, matchText);

        // A look-alike its checksum disproves is not reported, yet it still claims its span: a generic rule must
        // not report the same value the checksum just ruled out.
        var reported = validity != SecretValidity.FormatInvalid || !SecretFormat.RulesOut(rule.Validator) || _options.KeepFormatInvalid;
        if (!reported)
        {
            _formatInvalidDropped++;
        }

        _candidates.Add(new Candidate(r, start, end, secret, matchText, entropy, validity, secretStart, reported));
    }

    /// <summary>
    /// gitleaks' secret: the secret group if the rule names one, else the first non-empty group, else the match;
    /// with where it starts in the text.
    /// </summary>
    private static (string Secret, int Start) SecretOf(SecretRule rule, Match match, string matchText, int matchStart, int offset)
    {
        if (rule.SecretGroup > 0)
        {
            var group = match.Groups[rule.SecretGroup];
            return group.Success ? (group.Value, offset + group.Index) : ("", matchStart);
        }

        for (var i = 1; i < match.Groups.Count; i++)
        {
            if (match.Groups[i] is { Success: true, Length: > 0 } group)
            {
                return (group.Value, offset + group.Index);
            }
        }

        return (matchText, matchStart);
    }

    /// <summary>One finding per secret (<see cref="SecretPrecedence"/>); hits a checksum ruled out are dropped here.</summary>
    private void ApplyPrecedence()
    {
        if (_candidates.Count == 1)
        {
            if (!_candidates[0].Reported)
            {
                _candidates.Clear();
            }

            return;
        }

        var claims = new SecretClaim[_candidates.Count];
        for (var i = 0; i < claims.Length; i++)
        {
            var c = _candidates[i];
            claims[i] = new SecretClaim(c.SecretStart, c.SecretStart + c.Secret.Length, _set.Rules[c.Rule].Specificity, c.End - c.Start, c.Rule);
        }

        var kept = SecretPrecedence.Resolve(claims);
        var next = 0;
        for (var i = 0; i < _candidates.Count; i++)
        {
            if (kept[i] && _candidates[i].Reported)
            {
                _candidates[next++] = _candidates[i];
            }
        }

        _candidates.RemoveRange(next, _candidates.Count - next);
    }

    private bool HasInlineAllow(int start, int end)
    {
        // One vectorised search per text spares the line lookups in the usual case of no marker at all.
        _hasInlineAllow ??= _text.Span.Contains(":allow", StringComparison.Ordinal);
        if (_hasInlineAllow == false)
        {
            return false;
        }

        var (lineStart, lineEnd) = LineBounds(start, end);
        var line = _text.Span[lineStart..lineEnd];
        return line.Contains("bulwark:allow", StringComparison.Ordinal) || line.Contains("gitleaks:allow", StringComparison.Ordinal);
    }

    private string LineOf(int start, int end)
    {
        var (lineStart, lineEnd) = LineBounds(start, end);
        return _text.Span[lineStart..lineEnd].ToString();
    }

    /// <summary>The line(s) a hit is on, each side bounded to the window radius (minified files have huge lines).</summary>
    private (int Start, int End) LineBounds(int start, int end)
    {
        var radius = Math.Max(1, _options.WindowRadius);
        var low = Math.Max(0, start - radius);
        var text = _text.Span;
        var newline = text[low..start].LastIndexOf('\n');
        var lineStart = newline >= 0 ? low + newline + 1 : low;
        var high = (int)Math.Min(_text.Length, (long)end + radius);
        newline = text[end..high].IndexOf('\n');
        var lineEnd = newline >= 0 ? end + newline : high;
        return (lineStart, lineEnd);
    }

    private List<SecretMatch> Locate()
    {
        _candidates.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Rule.CompareTo(b.Rule));
        var cursor = new LineCursor(_text);
        var matches = new List<SecretMatch>(_candidates.Count);
        foreach (var c in _candidates)
        {
            var (startLine, startColumn) = cursor.MoveTo(c.Start);
            var (endLine, endColumn) = cursor.Peek(c.End - 1);
            matches.Add(new SecretMatch(_set.Rules[c.Rule].Id, c.Secret, c.Match, startLine, endLine, startColumn, endColumn, c.Entropy, c.Validity)
            {
                SecretIndex = Math.Max(0, c.SecretStart - c.Start),
            });
        }

        return matches;
    }

    private readonly record struct Candidate(int Rule, int Start, int End, string Secret, string Match, double Entropy, SecretValidity Validity, int SecretStart, bool Reported);
}

using System.Collections.Concurrent;
using Bulwark.Analyzers.Secrets.Detection;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// Runs the detector over one <see cref="AddedText"/> and turns its matches into <see cref="Leak"/>s placed in
/// the file as the user knows it; then decodes encoded segments and rescans them, to <see cref="DecodeDepth"/>.
/// Thread-safe: sources call it from several workers.
/// </summary>
public sealed class LeakScanner
{
    /// <summary>Context kept around a decoded value, so a rule that needs its key (<c>password = …</c>) still matches.</summary>
    private const int DecodeContext = 200;

    private static readonly string[] AllowMarkers = ["gitleaks:allow", "bulwark:allow"];

    private readonly SecretDetector _detector;
    private readonly ConcurrentQueue<ScanWarning> _warnings = new();
    private long _formatInvalidDropped;

    public LeakScanner(IReadOnlyList<SecretRule> rules, int decodeDepth = 2)
        : this(new SecretDetector(rules), decodeDepth)
    {
    }

    public LeakScanner(SecretDetector detector, int decodeDepth = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decodeDepth);
        _detector = detector;
        DecodeDepth = decodeDepth;
    }

    /// <summary>
    /// A scanner for a known, small input (a staged diff, a short pipe): only the rules whose keywords occur in
    /// the text — or in what its encoded segments decode to — are compiled, plus the rules without keywords.
    /// Compiling every regex of a large rule set costs seconds; a pre-commit hook has a few hundred milliseconds.
    /// </summary>
    public static LeakScanner ForText(SecretsConfig config, SecretDetectorOptions? options, IReadOnlyList<string> texts, int decodeDepth = 2) =>
        new SmallInputRules(config, options, decodeDepth).ScannerFor(texts);

    /// <summary>The detector this scanner runs (its rules and global allowlists).</summary>
    public SecretDetector Detector => _detector;

    /// <summary>How many layers of encoding are peeled (0 = none).</summary>
    public int DecodeDepth { get; }

    /// <summary>What the detector warned about so far (a rule that timed out, naming rule and file).</summary>
    public IReadOnlyCollection<ScanWarning> Warnings => _warnings;

    /// <summary>Hits of checksummed formats whose check failed, dropped (shown with <c>--show-invalid</c>).</summary>
    public long FormatInvalidDropped => Interlocked.Read(ref _formatInvalidDropped);

    /// <summary>Scans a whole text whose line 1 is the file's line 1 (stdin, a file, an archive entry).</summary>
    public IReadOnlyList<Leak> Scan(string text, string path, Commit? commit = null) =>
        Scan(AddedText.Whole(path, commit ?? Commit.WorkingTree, text.AsMemory()));

    /// <summary>
    /// Scans a whole text held in a buffer the caller reuses (a file of the scan runner): the text is copied to a
    /// string only when a rule matches in it or it holds an encoded segment, which most files do not.
    /// </summary>
    public IReadOnlyList<Leak> Scan(ReadOnlyMemory<char> text, string path, Commit? commit = null)
    {
        commit ??= Commit.WorkingTree;
        var plain = Detect(text, path, commit);
        var profiled = DetectionProfile.Enabled ? DetectionProfile.Start() : 0;
        var segments = DecodeDepth > 0 ? EncodedContent.Find(text.Span) : null;
        if (DetectionProfile.Enabled)
        {
            DetectionProfile.Add(DetectionProfile.Phase.EncodedFind, profiled);
        }

        if (plain.Count == 0 && (segments is null || segments.Count == 0))
        {
            return [];
        }

        return Scan(AddedText.Whole(path, commit, text.ToString().AsMemory()), plain, segments);
    }

    internal IReadOnlyList<Leak> Scan(AddedText added) => Scan(added, hits: null, segments: null);

    /// <param name="hits">The detector's hits on the text, when they are known already.</param>
    /// <param name="segments">The text's encoded segments, when they are known already.</param>
    private List<Leak> Scan(AddedText added, IReadOnlyList<SecretMatch>? hits, List<EncodedSegment>? segments)
    {
        var leaks = new List<Leak>();
        var claims = new List<SecretClaim>();
        foreach (var match in hits ?? Detect(added.Text, added))
        {
            if (match.StartLine == 0)
            {
                // A path-only rule's hit on the file itself: once per file, not once per piece.
                if (added.AlreadyScanned == 0)
                {
                    leaks.Add(ToLeak(match, added, 0, 0, 0, 0, decoded: null));
                    claims.Add(new SecretClaim(-1, -1, RuleSpecificity.Vendor, 0, 0));
                }

                continue;
            }

            if (added.Offset(match.EndLine, match.EndColumn) < added.AlreadyScanned || IsAllowedInline(added.LineText(match.StartLine)))
            {
                continue;
            }

            leaks.Add(ToLeak(match, added,
                added.FileLine(match.StartLine), added.FileLine(match.EndLine),
                added.FileColumn(match.StartLine, match.StartColumn), added.FileColumn(match.EndLine, match.EndColumn), decoded: null));
            var secretStart = added.Offset(match.StartLine, match.StartColumn) + match.SecretIndex;
            claims.Add(new SecretClaim(secretStart, secretStart + match.Secret.Length, SpecificityOf(match.RuleId), 0, 1));
        }

        var plain = leaks.Count;
        if (DecodeDepth > 0)
        {
            var profiled = DetectionProfile.Enabled ? DetectionProfile.Start() : 0;
            if (segments is null)
            {
                segments = EncodedContent.Find(added.Text.Span, added.AlreadyScanned);
                if (DetectionProfile.Enabled)
                {
                    DetectionProfile.Add(DetectionProfile.Phase.EncodedFind, profiled);
                    profiled = DetectionProfile.Start();
                }
            }

            ScanEncoded(added, leaks, claims, segments);
            if (DetectionProfile.Enabled)
            {
                DetectionProfile.Add(DetectionProfile.Phase.Decoded, profiled);
            }
        }

        return plain == 0 || leaks.Count == plain ? leaks : WithPrecedence(leaks, claims);
    }

    /// <summary>
    /// One finding per secret across layers: a value found as written and found again decoded (a generic rule on the
    /// base64 text, a vendor rule on what it decodes to) is reported once, by the more specific rule. A decoded hit
    /// claims its whole encoded segment; on a tie it wins over the hit as written, because it says what the value
    /// really is. Secrets decoded from the same segment never displace each other.
    /// </summary>
    private static List<Leak> WithPrecedence(List<Leak> leaks, List<SecretClaim> claims)
    {
        var kept = SecretPrecedence.Resolve(claims);
        return [.. leaks.Where((_, i) => kept[i])];
    }

    private RuleSpecificity SpecificityOf(string ruleId) => _detector.FindRule(ruleId)?.EffectiveSpecificity ?? RuleSpecificity.Vendor;

    private void ScanEncoded(AddedText added, List<Leak> leaks, List<SecretClaim> claims, List<EncodedSegment> segments)
    {
        var text = added.Text.Span;
        for (var index = 0; index < segments.Count; index++)
        {
            var segment = segments[index];
            var (startLine, startColumn) = LineAndColumn(added, segment.Start);
            if (IsAllowedInline(added.LineText(startLine)))
            {
                continue;
            }

            var (endLine, endColumn) = LineAndColumn(added, segment.Start + segment.Length - 1);
            var lineStart = segment.Start - (startColumn - 1);
            var before = text.Slice(Math.Max(lineStart, segment.Start - DecodeContext), Math.Min(segment.Start - lineStart, DecodeContext));
            var afterStart = segment.Start + segment.Length;
            var afterEnd = text[afterStart..].IndexOf('\n');
            afterEnd = afterEnd < 0 ? text.Length : afterStart + afterEnd;
            var after = text.Slice(afterStart, Math.Min(afterEnd - afterStart, DecodeContext));

            var place = new SegmentPlace(added,
                added.FileLine(startLine), added.FileLine(endLine),
                added.FileColumn(startLine, startColumn), added.FileColumn(endLine, endColumn));
            var first = leaks.Count;
            ScanDecoded(string.Concat(before, segment.Decoded, after), before.Length, segment.Decoded.Length, segment.Encoding, 1, place, leaks);
            for (var i = first; i < leaks.Count; i++)
            {
                // Placed on the encoded segment: that is the span it claims among the hits as written.
                claims.Add(new SecretClaim(segment.Start, segment.Start + segment.Length, SpecificityOf(leaks[i].RuleId), 0, 0, index));
            }
        }
    }

    /// <summary>Scans one decoded value in its context; findings point at the outermost encoded segment.</summary>
    private void ScanDecoded(string context, int decodedStart, int decodedLength, string encodings, int depth, SegmentPlace place, List<Leak> leaks)
    {
        var decodedEnd = decodedStart + decodedLength;
        var lineStarts = LineStarts(context);
        foreach (var match in Detect(context.AsMemory(), place.Added))
        {
            if (match.StartLine == 0)
            {
                continue;
            }

            var start = lineStarts[match.StartLine - 1] + match.StartColumn - 1;
            var end = lineStarts[match.EndLine - 1] + match.EndColumn;
            if (end <= decodedStart || start >= decodedEnd)
            {
                // Entirely in the context around the value: the plain scan already reported it.
                continue;
            }

            leaks.Add(ToLeak(match, place.Added, place.StartLine, place.EndLine, place.StartColumn, place.EndColumn, encodings));
        }

        if (depth >= DecodeDepth)
        {
            return;
        }

        foreach (var inner in EncodedContent.Find(context.AsSpan(decodedStart, decodedLength)))
        {
            ScanDecoded(inner.Decoded, 0, inner.Decoded.Length, $"{encodings},{inner.Encoding}", depth + 1, place, leaks);
        }
    }

    private IReadOnlyList<SecretMatch> Detect(ReadOnlyMemory<char> text, AddedText origin) => Detect(text, origin.Path, origin.Commit);

    private IReadOnlyList<SecretMatch> Detect(ReadOnlyMemory<char> text, string path, Commit commit)
    {
        var detection = _detector.Detect(text, new SecretSource(path, commit.IsWorkingTree ? null : commit.Sha));
        if (detection.FormatInvalidDropped > 0)
        {
            Interlocked.Add(ref _formatInvalidDropped, detection.FormatInvalidDropped);
        }

        foreach (var warning in detection.Warnings)
        {
            _warnings.Enqueue(new ScanWarning(warning, commit.IsWorkingTree ? path : $"{path} @ {commit.Sha}", SecretFindings.Analyzer));
        }

        return detection.Matches;
    }

    private Leak ToLeak(SecretMatch match, AddedText added, int startLine, int endLine, int startColumn, int endColumn, string? decoded)
    {
        var rule = _detector.FindRule(match.RuleId);
        return new Leak
        {
            RuleId = match.RuleId,
            Description = rule?.Description ?? match.RuleId,
            Severity = rule?.Severity ?? Severity.High,
            Tags = rule?.Tags ?? EquatableArray<string>.Empty,
            Secret = match.Secret,
            Match = match.Match,
            Entropy = match.Entropy,
            File = added.Path,
            Commit = added.Commit,
            StartLine = startLine,
            EndLine = endLine,
            StartColumn = startColumn,
            EndColumn = endColumn,
            Decoded = decoded,
            Validity = match.Validity.ToWireName(),
        };
    }

    /// <summary>The detector drops hits on allowed lines itself; this catches decoded hits whose context was cut.</summary>
    private bool IsAllowedInline(ReadOnlySpan<char> line)
    {
        if (_detector.Options.IgnoreInlineAllow)
        {
            return false;
        }

        foreach (var marker in AllowMarkers)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static (int Line, int Column) LineAndColumn(AddedText added, int offset)
    {
        // Binary search over the text lines by offset.
        int low = 1, high = added.LineCount;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (added.Offset(mid, 1) <= offset)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return (low, offset - added.Offset(low, 1) + 1);
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            starts.Add(i + 1);
        }

        return starts;
    }

    private sealed record SegmentPlace(AddedText Added, int StartLine, int EndLine, int StartColumn, int EndColumn);
}

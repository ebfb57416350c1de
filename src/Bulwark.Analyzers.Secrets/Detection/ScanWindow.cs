namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// A region [Start, End) of a text one rule's regex runs on. An edge is "cut" when it falls inside a line
/// (a line longer than the window radius): a match touching a cut edge may be a fragment of a longer one
/// and is not reported.
/// </summary>
internal record struct ScanWindow(int Start, int End, bool StartCut, bool EndCut)
{
    public static ScanWindow Whole(int length) => new(0, length, false, false);

    /// <summary>
    /// The line(s) holding the keyword at [keywordStart, keywordEnd), the end line with its '\n', each side
    /// bounded to <paramref name="radius"/> chars from the keyword.
    /// </summary>
    public static ScanWindow AroundKeyword(ReadOnlySpan<char> text, int keywordStart, int keywordEnd, int radius)
    {
        int start;
        var startCut = false;
        var low = Math.Max(0, keywordStart - radius);
        var newline = text[low..keywordStart].LastIndexOf('\n');
        if (newline >= 0)
        {
            start = low + newline + 1;
        }
        else
        {
            start = low;
            startCut = low > 0;
        }

        int end;
        var endCut = false;
        var high = (int)Math.Min(text.Length, (long)keywordEnd + radius);
        newline = text[keywordEnd..high].IndexOf('\n');
        if (newline >= 0)
        {
            end = keywordEnd + newline + 1;
        }
        else
        {
            end = high;
            endCut = high < text.Length;
        }

        return new ScanWindow(start, end, startCut, endCut);
    }

    /// <summary>Adds the whole lines within <paramref name="span"/> chars before and after, for multi-line rules.</summary>
    public readonly ScanWindow Widen(ReadOnlySpan<char> text, int span)
    {
        var widened = this;
        if (!StartCut && Start > 0)
        {
            var low = Math.Max(0, Start - span);
            if (low == 0)
            {
                widened.Start = 0;
            }
            else
            {
                // The first line start after `low`; `Start - 1` is the '\n' that ends the line before the window.
                var newline = text[low..(Start - 1)].IndexOf('\n');
                if (newline >= 0)
                {
                    widened.Start = low + newline + 1;
                }
            }
        }

        if (!EndCut && End < text.Length)
        {
            var high = (int)Math.Min(text.Length, (long)End + span);
            if (high == text.Length)
            {
                widened.End = high;
            }
            else
            {
                var newline = text[End..high].LastIndexOf('\n');
                if (newline >= 0)
                {
                    widened.End = End + newline + 1;
                }
            }
        }

        return widened;
    }

    /// <summary>
    /// Appends a window to a rule's list, merging it into the last one when they overlap or touch, so that no
    /// region is scanned twice and a match spanning both is seen whole. Windows arrive in text order, or nearly: one
    /// may start before the last one when keyword hits come in anchor order (<see cref="KeywordIndex.Find"/>), and
    /// then overlaps it; merged, it may reach back over earlier ones, which are merged in too.
    /// </summary>
    public static void Add(List<ScanWindow> windows, ScanWindow window)
    {
        if (windows.Count == 0 || window.Start > windows[^1].End)
        {
            windows.Add(window);
            return;
        }

        var merged = Merge(windows[^1], window);
        windows.RemoveAt(windows.Count - 1);
        while (windows.Count > 0 && merged.Start <= windows[^1].End)
        {
            merged = Merge(windows[^1], merged);
            windows.RemoveAt(windows.Count - 1);
        }

        windows.Add(merged);
    }

    /// <summary>Two overlapping or touching windows as one; where both end (or start) at the same char, the first one's cut counts.</summary>
    private static ScanWindow Merge(ScanWindow first, ScanWindow second)
    {
        var merged = first;
        if (second.End > merged.End)
        {
            merged.End = second.End;
            merged.EndCut = second.EndCut;
        }

        if (second.Start < merged.Start)
        {
            merged.Start = second.Start;
            merged.StartCut = second.StartCut;
        }

        return merged;
    }

    /// <summary>Whether a window already holds everything a new keyword hit at [start, end) would add.</summary>
    public readonly bool Covers(int start, int end) => Start <= start && end <= End && !EndCut;
}

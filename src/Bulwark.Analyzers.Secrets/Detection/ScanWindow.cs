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
    /// region is scanned twice and a match spanning both is seen whole. Windows arrive in text order.
    /// </summary>
    public static void Add(List<ScanWindow> windows, ScanWindow window)
    {
        if (windows.Count > 0)
        {
            var last = windows[^1];
            if (window.Start <= last.End)
            {
                if (window.End > last.End)
                {
                    last.End = window.End;
                    last.EndCut = window.EndCut;
                }

                if (window.Start < last.Start)
                {
                    last.Start = window.Start;
                    last.StartCut = window.StartCut;
                }

                windows[^1] = last;
                return;
            }
        }

        windows.Add(window);
    }

    /// <summary>Whether a window already holds everything a new keyword hit at [start, end) would add.</summary>
    public readonly bool Covers(int start, int end) => Start <= start && end <= End && !EndCut;
}

using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>A run of text that decodes to something text-like: where it is, how it was encoded, what it says.</summary>
internal readonly record struct EncodedSegment(int Start, int Length, string Encoding, string Decoded);

/// <summary>
/// Finds base64, hex and percent-encoded segments worth decoding. Cheap by design: one pass over the chars,
/// and only runs that look encoded (long enough, the right alphabet and mix) are decoded; a decoded value is
/// kept only when it is mostly printable text, so hashes, integrity digests and binary blobs are dropped.
/// </summary>
internal static class EncodedContent
{
    /// <summary>20 base64 chars carry 15 bytes: shorter runs are identifiers far more often than secrets.</summary>
    public const int MinBase64Length = 20;

    /// <summary>32 hex chars carry 16 bytes; shorter hex is usually a colour, an id or a hash prefix.</summary>
    public const int MinHexLength = 32;

    public const int MinPercentEscapes = 3;

    /// <summary>Longer runs are data blobs (images, fonts), not encoded credentials.</summary>
    public const int MaxSegmentLength = 64 * 1024;

    private static readonly SearchValues<char> UrlChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;=:@/?");

    public static List<EncodedSegment> Find(ReadOnlySpan<char> text, int from = 0)
    {
        var found = new List<EncodedSegment>();
        from = Math.Max(0, from);
        FindRuns(text, from, found);
        FindPercent(text, from, found);
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>
    /// Runs of base64-alphabet chars at least <see cref="MinBase64Length"/> long, each passed to
    /// <see cref="Candidate"/>. Source text is mostly short words, so the runs are found 64 chars at a time: a
    /// vector compare gives one bit per char, and shifts of that mask find the long runs without a branch per char.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FindRuns(ReadOnlySpan<char> text, int from, List<EncodedSegment> found)
    {
        // Alphabet chars just before the current block (the end of a run that may go on).
        var run = 0;
        var i = from;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= text.Length - 64; i += 64)
            {
                var mask = AlphabetMask(text.Slice(i, 64));
                if (mask == ulong.MaxValue)
                {
                    run += 64;
                    continue;
                }

                var leading = BitOperations.TrailingZeroCount(~mask);
                if (run + leading >= MinBase64Length)
                {
                    Candidate(text, i - run, run + leading, found);
                }

                // Runs wholly inside the block; the one reaching its end goes on in the next block.
                var trailing = BitOperations.LeadingZeroCount(~mask);
                var inside = mask & (ulong.MaxValue << leading) & (trailing == 0 ? ulong.MaxValue : (1UL << (64 - trailing)) - 1);
                for (var starts = LongRunStarts(inside); starts != 0; starts = LongRunStarts(inside))
                {
                    var start = BitOperations.TrailingZeroCount(starts);
                    var length = BitOperations.TrailingZeroCount(~(inside >> start));
                    Candidate(text, i + start, length, found);
                    inside &= start + length >= 64 ? 0 : ulong.MaxValue << (start + length);
                }

                run = trailing;
            }
        }

        var table = Base64Table;
        for (; i <= text.Length; i++)
        {
            if (i < text.Length)
            {
                var c = text[i];
                if (c < 128 && table[c])
                {
                    run++;
                    continue;
                }
            }

            if (run >= MinBase64Length)
            {
                Candidate(text, i - run, run, found);
            }

            run = 0;
        }
    }

    /// <summary>Bit i set when chars i to i + <see cref="MinBase64Length"/> - 1 of the mask are all set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LongRunStarts(ulong mask)
    {
        var two = mask & (mask >> 1);
        var four = two & (two >> 2);
        var eight = four & (four >> 4);
        var sixteen = eight & (eight >> 8);
        return sixteen & (four >> 16);
    }

    /// <summary>One bit per char of a 64-char block: set when the char is in the base64 (or base64url) alphabet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AlphabetMask(ReadOnlySpan<char> block)
    {
        ulong mask = 0;
        var chars = MemoryMarshal.Cast<char, ushort>(block);
        if (Vector256.IsHardwareAccelerated)
        {
            // Half the instructions of the 128-bit path: this runs over every char of every file.
            for (var k = 0; k < 2; k++)
            {
                var low = Alphabet(Vector256.Create(chars.Slice(k * 32, 16)));
                var high = Alphabet(Vector256.Create(chars.Slice((k * 32) + 16, 16)));
                mask |= (ulong)Vector256.Narrow(low, high).ExtractMostSignificantBits() << (k * 32);
            }

            return mask;
        }

        for (var k = 0; k < 4; k++)
        {
            var low = Alphabet(Vector128.Create(chars.Slice(k * 16, 8)));
            var high = Alphabet(Vector128.Create(chars.Slice((k * 16) + 8, 8)));
            var bits = Vector128.Narrow(low, high).ExtractMostSignificantBits();
            mask |= (ulong)bits << (k * 16);
        }

        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Alphabet(Vector256<ushort> c)
    {
        var letter = Vector256.LessThan((c | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a'), Vector256.Create((ushort)26));
        var digit = Vector256.LessThan(c - Vector256.Create((ushort)'0'), Vector256.Create((ushort)10));
        var symbol = Vector256.Equals(c, Vector256.Create((ushort)'+')) | Vector256.Equals(c, Vector256.Create((ushort)'/'))
            | Vector256.Equals(c, Vector256.Create((ushort)'-')) | Vector256.Equals(c, Vector256.Create((ushort)'_'));
        return letter | digit | symbol;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Alphabet(Vector128<ushort> c)
    {
        var letter = Vector128.LessThan((c | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)26));
        var digit = Vector128.LessThan(c - Vector128.Create((ushort)'0'), Vector128.Create((ushort)10));
        var symbol = Vector128.Equals(c, Vector128.Create((ushort)'+')) | Vector128.Equals(c, Vector128.Create((ushort)'/'))
            | Vector128.Equals(c, Vector128.Create((ushort)'-')) | Vector128.Equals(c, Vector128.Create((ushort)'_'));
        return letter | digit | symbol;
    }

    /// <summary>Percent-escaped runs: the URL-ish token around each <c>%XX</c>, decoded whole.</summary>
    private static void FindPercent(ReadOnlySpan<char> text, int from, List<EncodedSegment> found)
    {
        var i = from;
        while (i < text.Length)
        {
            var percent = text[i..].IndexOf('%');
            if (percent < 0)
            {
                return;
            }

            i += percent;
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                i++;
                continue;
            }

            var start = i;
            while (start > from && UrlChars.Contains(text[start - 1]))
            {
                start--;
            }

            var end = text[i..].IndexOfAnyExcept(UrlChars);
            end = end < 0 ? text.Length : i + end;
            if (TryPercent(text[start..end], start, out var segment))
            {
                found.Add(segment);
            }

            i = Math.Max(end, i + 1);
        }
    }

    private static readonly bool[] Base64Table = BuildTable();

    private static bool[] BuildTable()
    {
        var table = new bool[128];
        foreach (var c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_")
        {
            table[c] = true;
        }

        return table;
    }

    /// <summary>A run of base64-alphabet chars long enough to be worth a look: hex first (a subset), then base64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Candidate(ReadOnlySpan<char> text, int start, int length, List<EncodedSegment> found)
    {
        if (length > MaxSegmentLength)
        {
            return;
        }

        var padded = length;
        while (padded < length + 2 && start + padded < text.Length && text[start + padded] == '=')
        {
            padded++;
        }

        var run = text.Slice(start, length);
        if (length >= MinHexLength && length % 2 == 0 && IsHex(run) && TryHex(run, start, out var hex))
        {
            found.Add(hex);
        }
        else if (LooksBase64(run) && TryBase64(text.Slice(start, padded), start, out var base64))
        {
            found.Add(base64);
        }
    }

    private static bool IsHex(ReadOnlySpan<char> run) => !run.ContainsAnyExcept("0123456789abcdefABCDEF");

    /// <summary>Real base64 mixes cases and has digits or symbols; words and identifiers rarely do all of it.</summary>
    /// <remarks>
    /// One table lookup and an or per char, no branch: source trees hold many long identifiers that reach here
    /// (<c>CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS</c>, <c>drm_atomic_helper_commit_tail</c>).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool LooksBase64(ReadOnlySpan<char> run)
    {
        // Runs hold base64-alphabet chars only: all ASCII.
        ref var kinds = ref MemoryMarshal.GetArrayDataReference(CharKinds);
        var seen = 0;
        foreach (var c in run)
        {
            seen |= Unsafe.Add(ref kinds, c & 0x7F);
        }

        return seen == (Upper | Lower | Other);
    }

    private const byte Upper = 1;
    private const byte Lower = 2;
    private const byte Other = 4;

    private static readonly byte[] CharKinds = BuildKinds();

    private static byte[] BuildKinds()
    {
        var kinds = new byte[128];
        for (var c = 0; c < kinds.Length; c++)
        {
            kinds[c] = char.IsAsciiLetterUpper((char)c) ? Upper : char.IsAsciiLetterLower((char)c) ? Lower : Other;
        }

        return kinds;
    }

    /// <summary>
    /// Decodes base64 or base64url (padding optional; a dangling last char ignored). Most runs are long
    /// identifiers (<c>drm_atomic_helper_commit_tail</c>), which decode to binary noise: the decoding stops as
    /// soon as too many bytes are unprintable for <see cref="TryText"/> to accept them, before anything is allocated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryBase64(ReadOnlySpan<char> run, int start, out EncodedSegment segment)
    {
        segment = default;
        var chars = run.TrimEnd('=');
        var usable = chars.Length - (chars.Length % 4 == 1 ? 1 : 0);
        var length = (usable / 4 * 3) + (usable % 4 == 0 ? 0 : (usable % 4) - 1);
        if (length < MinTextBytes)
        {
            return false;
        }

        byte[]? rented = null;
        var bytes = length <= 768 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            // As TryText: at most one unprintable byte in 20.
            var unprintable = 0;
            var written = 0;
            uint bits = 0;
            var held = 0;
            foreach (var c in chars[..usable])
            {
                bits = (bits << 6) | Sextet(c);
                held += 6;
                if (held >= 8)
                {
                    held -= 8;
                    var b = (byte)(bits >> held);
                    bytes[written++] = b;
                    if (!IsPrintable(b) && ++unprintable * 20 > length)
                    {
                        return false;
                    }
                }
            }

            if (!TryText(bytes[..written], out var decoded))
            {
                return false;
            }

            segment = new EncodedSegment(start, run.Length, "base64", decoded);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Sextet(char c) => c switch
    {
        >= 'A' and <= 'Z' => (uint)(c - 'A'),
        >= 'a' and <= 'z' => (uint)(c - 'a' + 26),
        >= '0' and <= '9' => (uint)(c - '0' + 52),
        '+' or '-' => 62,
        _ => 63,
    };

    private static bool TryHex(ReadOnlySpan<char> run, int start, out EncodedSegment segment)
    {
        segment = default;
        var bytes = new byte[run.Length / 2];
        if (Convert.FromHexString(run, bytes, out _, out var written) != OperationStatus.Done || !TryText(bytes.AsSpan(0, written), out var decoded))
        {
            return false;
        }

        segment = new EncodedSegment(start, run.Length, "hex", decoded);
        return true;
    }

    private static bool TryPercent(ReadOnlySpan<char> run, int start, out EncodedSegment segment)
    {
        segment = default;
        var escapes = 0;
        for (var k = 0; k + 2 < run.Length; k++)
        {
            if (run[k] == '%' && char.IsAsciiHexDigit(run[k + 1]) && char.IsAsciiHexDigit(run[k + 2]))
            {
                escapes++;
            }
        }

        if (escapes < MinPercentEscapes || run.Length > MaxSegmentLength)
        {
            return false;
        }

        var decoded = Uri.UnescapeDataString(run.ToString());
        if (decoded.Length == run.Length)
        {
            return false;
        }

        segment = new EncodedSegment(start, run.Length, "percent", decoded);
        return true;
    }

    private const int MinTextBytes = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPrintable(byte b) => b is >= 0x20 and < 0x7F or (byte)'\n' or (byte)'\r' or (byte)'\t' or >= 0x80;

    /// <summary>Decoded bytes are worth rescanning only when they read as text (valid UTF-8, almost all printable).</summary>
    private static bool TryText(ReadOnlySpan<byte> bytes, out string text)
    {
        text = string.Empty;
        if (bytes.Length < MinTextBytes || !System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return false;
        }

        var printable = 0;
        foreach (var b in bytes)
        {
            if (IsPrintable(b))
            {
                printable++;
            }
        }

        if (printable * 20 < bytes.Length * 19)
        {
            return false;
        }

        text = Encoding.UTF8.GetString(bytes);
        return true;
    }
}

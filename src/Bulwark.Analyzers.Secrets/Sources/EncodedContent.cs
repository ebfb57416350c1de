using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
        var escaped = FindRuns(text, from, found);

        // After the runs, as they always came: segments starting at the same char keep their order through the sort.
        if (escaped is not null)
        {
            found.AddRange(escaped);
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>
    /// Runs of base64-alphabet chars at least <see cref="MinBase64Length"/> long, each passed to
    /// <see cref="Candidate"/>. Source text is mostly short words, so the runs are found 64 chars at a time: a
    /// vector test gives one bit per char, and shifts of that mask find the long runs without a branch per char.
    /// The same pass finds the <c>%</c> chars for <see cref="PercentAt"/>, whose segments it returns (null for none).
    /// Never inlined: inlined into <see cref="Find"/>, it left the JIT no budget to inline its own helpers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static List<EncodedSegment>? FindRuns(ReadOnlySpan<char> text, int from, List<EncodedSegment> found)
    {
        // Alphabet chars just before the current block (the end of a run that may go on).
        var run = 0;
        var i = from;
        List<EncodedSegment>? escaped = null;
        var percentFrom = from;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= text.Length - 64; i += 64)
            {
                var mask = AlphabetMask(text.Slice(i, 64), out var percents);
                if (mask == ulong.MaxValue)
                {
                    run += 64;
                    continue;
                }

                for (; percents != 0; percents &= percents - 1)
                {
                    PercentAt(text, from, i + BitOperations.TrailingZeroCount(percents), ref percentFrom, ref escaped);
                }

                // Runs wholly inside the block; the one reaching its end goes on in the next block. Most blocks hold
                // no long run: one branch tells, rather than one per kind of run.
                var leading = BitOperations.TrailingZeroCount(~mask);
                var trailing = BitOperations.LeadingZeroCount(~mask);
                var inside = mask & (ulong.MaxValue << leading) & (ulong.MaxValue >> trailing);
                var starts = LongRunStarts(inside);
                if ((run + leading >= MinBase64Length) | (starts != 0))
                {
                    if (run + leading >= MinBase64Length)
                    {
                        Candidate(text, i - run, run + leading, found);
                    }

                    for (; starts != 0; starts = LongRunStarts(inside))
                    {
                        var start = BitOperations.TrailingZeroCount(starts);
                        var length = BitOperations.TrailingZeroCount(~(inside >> start));
                        Candidate(text, i + start, length, found);
                        inside &= ulong.MaxValue << (start + length);
                    }
                }

                run = trailing;
            }
        }

        var sextets = Sextets;
        for (; i <= text.Length; i++)
        {
            if (i < text.Length)
            {
                var c = text[i];
                if (c < 128 && sextets[c] != NotBase64)
                {
                    run++;
                    continue;
                }

                if (c == '%')
                {
                    PercentAt(text, from, i, ref percentFrom, ref escaped);
                }
            }

            if (run >= MinBase64Length)
            {
                Candidate(text, i - run, run, found);
            }

            run = 0;
        }

        return escaped;
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
    /// <remarks>
    /// The chars are narrowed to bytes first (saturating: a char above 0xFF stays out of the alphabet), so the test
    /// runs on half as many vectors, as two 16-entry table lookups, one per nibble: the class bits of a char's high
    /// nibble and of its low nibble meet (and) only for alphabet chars. Bit 0: + - /, 1: digits, 2: _, 3-4: upper-case
    /// letters, 5-6: lower-case letters.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AlphabetMask(ReadOnlySpan<char> block, out ulong percents)
    {
        percents = 0;
        var lowNibble = Vector128.Create((byte)0x52, 0x7A, 0x7A, 0x7A, 0x7A, 0x7A, 0x7A, 0x7A, 0x7A, 0x7A, 0x78, 0x29, 0x28, 0x29, 0x28, 0x2D);
        var highNibble = Vector128.Create((byte)0, 0, 0x01, 0x02, 0x08, 0x14, 0x20, 0x40, 0, 0, 0, 0, 0, 0, 0, 0);
        if (Avx2.IsSupported)
        {
            // Two 32-byte vectors per block. The pack works within 128-bit lanes; the permute puts the chars back in order.
            var chars = MemoryMarshal.Cast<char, short>(block);
            ulong mask = 0;
            for (var k = 0; k < 2; k++)
            {
                var packed = Avx2.PackUnsignedSaturate(Vector256.Create(chars.Slice(k * 32, 16)), Vector256.Create(chars.Slice((k * 32) + 16, 16)));
                var bytes = Avx2.Permute4x64(packed.AsUInt64(), 0b11_01_10_00).AsByte();
                var classes = Avx2.Shuffle(Vector256.Create(lowNibble, lowNibble), bytes & Vector256.Create((byte)0x0F))
                    & Avx2.Shuffle(Vector256.Create(highNibble, highNibble), (bytes.AsUInt16() >>> 4).AsByte() & Vector256.Create((byte)0x0F));
                mask |= (ulong)~(uint)Avx2.MoveMask(Avx2.CompareEqual(classes, Vector256<byte>.Zero)) << (k * 32);
                percents |= (ulong)(uint)Avx2.MoveMask(Avx2.CompareEqual(bytes, Vector256.Create((byte)'%'))) << (k * 32);
            }

            return mask;
        }

        var wide = MemoryMarshal.Cast<char, ushort>(block);
        ulong bits = 0;
        for (var k = 0; k < 4; k++)
        {
            var bytes = Vector128.NarrowWithSaturation(Vector128.Create(wide.Slice(k * 16, 8)), Vector128.Create(wide.Slice((k * 16) + 8, 8)));
            var classes = Vector128.ShuffleNative(lowNibble, bytes & Vector128.Create((byte)0x0F)) & Vector128.ShuffleNative(highNibble, bytes >>> 4);
            bits |= (~Vector128.Equals(classes, Vector128<byte>.Zero).ExtractMostSignificantBits() & 0xFFFFUL) << (k * 16);
            percents |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)'%')).ExtractMostSignificantBits() << (k * 16);
        }

        return bits;
    }

    /// <summary>
    /// Percent-escaped runs: the URL-ish token around a <c>%XX</c>, decoded whole. Called for each <c>%</c> in
    /// order; one inside the token of an earlier one (before <paramref name="resume"/>) is part of that token.
    /// </summary>
    private static void PercentAt(ReadOnlySpan<char> text, int from, int at, ref int resume, ref List<EncodedSegment>? escaped)
    {
        if (at < resume || at + 2 >= text.Length || !char.IsAsciiHexDigit(text[at + 1]) || !char.IsAsciiHexDigit(text[at + 2]))
        {
            return;
        }

        var start = at;
        while (start > from && UrlChars.Contains(text[start - 1]))
        {
            start--;
        }

        var end = text[at..].IndexOfAnyExcept(UrlChars);
        end = end < 0 ? text.Length : at + end;
        if (TryPercent(text[start..end], start, out var segment))
        {
            (escaped ??= []).Add(segment);
        }

        resume = Math.Max(end, at + 1);
    }

    /// <summary>The 6-bit value of each ASCII char of the base64 and base64url alphabets; <see cref="NotBase64"/> for the rest.</summary>
    /// <remarks>A lookup, not a chain of range tests: the chars of real base64 fall in every range at random.</remarks>
    private static readonly byte[] Sextets = BuildSextets();

    private const byte NotBase64 = 0xFF;

    private static byte[] BuildSextets()
    {
        var table = new byte[128];
        table.AsSpan().Fill(NotBase64);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var k = 0; k < Alphabet.Length; k++)
        {
            table[Alphabet[k]] = (byte)k;
        }

        table['-'] = 62;
        table['_'] = 63;
        return table;
    }

    /// <summary>
    /// A run of base64-alphabet chars long enough to be worth a look: hex first (a subset), then base64. Most runs in
    /// source trees are identifiers (<c>CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS</c>, <c>drm_atomic_helper_commit_tail</c>):
    /// those that cannot be hex and do not mix cases, digits or symbols are dropped here, inline, without a call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Candidate(ReadOnlySpan<char> text, int start, int length, List<EncodedSegment> found)
    {
        if (length > MaxSegmentLength)
        {
            return;
        }

        var hexShaped = length >= MinHexLength && length % 2 == 0;
        if (hexShaped || LooksBase64(text.Slice(start, length), Padded(text, start + length) || length % 4 == 0))
        {
            Decode(text, start, length, hexShaped, found);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Decode(ReadOnlySpan<char> text, int start, int length, bool hexShaped, List<EncodedSegment> found)
    {
        var padded = length;
        while (padded < length + 2 && start + padded < text.Length && text[start + padded] == '=')
        {
            padded++;
        }

        var run = text.Slice(start, length);
        if (hexShaped && IsHex(run) && TryHex(run, start, out var hex))
        {
            found.Add(hex);
        }
        else if ((!hexShaped || LooksBase64(run, padded > length || length % 4 == 0)) && TryBase64(text.Slice(start, padded), start, out var base64))
        {
            found.Add(base64);
        }
    }

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Through <see cref="HexDigits"/>: a plain string of 22 chars is searched without vectors.</summary>
    private static bool IsHex(ReadOnlySpan<char> run) => !run.ContainsAnyExcept(HexDigits);

    private static bool Padded(ReadOnlySpan<char> text, int end) => end < text.Length && text[end] == '=';

    /// <summary>
    /// Real base64 mixes cases and has digits or symbols; words and identifiers rarely do all of it. Without a digit
    /// or symbol, a mixed-case run still counts when it is whole base64 — padded, or a multiple of 4 chars long — since
    /// base64 of short text often has none (<c>djVLcjNk…VRoSFU=</c> from 32 letters and digits, <c>YzQrdTMrdSpZNUlMaysw</c>
    /// from a 15-char password: a Kubernetes Secret's data values). An identifier that passes decodes to binary noise
    /// and is dropped after a few bytes.
    /// </summary>
    /// <remarks>
    /// Runs hold alphabet chars only, so bits 5 and 6 tell them apart: both set in lower-case letters, bit 6 alone
    /// in upper-case letters and <c>_</c>, neither in digits and <c>+ - /</c>. A vector at a time, the last one
    /// overlapping the ones before (runs are at least <see cref="MinBase64Length"/> long, longer than a vector).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool LooksBase64(ReadOnlySpan<char> run, bool whole = false)
    {
        // Vector<T>: 16 chars with AVX2, 8 on Arm (where 256-bit vectors are emulated). The first and last vector
        // cover the most common runs (up to 32 chars with AVX2) without a loop.
        var chars = MemoryMarshal.Cast<char, ushort>(run);
        var width = Vector<ushort>.Count;
        var upper = Vector<ushort>.Zero;
        var lower = Vector<ushort>.Zero;
        var other = Vector<ushort>.Zero;
        Kinds(new Vector<ushort>(chars[..width]), ref upper, ref lower, ref other);
        Kinds(new Vector<ushort>(chars[^width..]), ref upper, ref lower, ref other);
        for (var k = width; k < chars.Length - width; k += width)
        {
            Kinds(new Vector<ushort>(chars.Slice(k, width)), ref upper, ref lower, ref other);
        }

        return upper != Vector<ushort>.Zero && lower != Vector<ushort>.Zero && (whole || other != Vector<ushort>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kinds(Vector<ushort> chars, ref Vector<ushort> upper, ref Vector<ushort> lower, ref Vector<ushort> other)
    {
        var bits = chars & new Vector<ushort>(0x60);
        var isLower = Vector.Equals(bits, new Vector<ushort>(0x60));
        var isUpper = Vector.AndNot(Vector.Equals(bits, new Vector<ushort>(0x40)), Vector.Equals(chars, new Vector<ushort>('_')));
        lower |= isLower;
        upper |= isUpper;
        other |= ~(isLower | isUpper);
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

            // Runs hold alphabet chars only: all ASCII.
            ref var sextets = ref MemoryMarshal.GetArrayDataReference(Sextets);
            foreach (var c in chars[..usable])
            {
                bits = (bits << 6) | Unsafe.Add(ref sextets, c & 0x7F);
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

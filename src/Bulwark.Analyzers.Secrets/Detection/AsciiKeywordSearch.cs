using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// Finds where ASCII keywords (two chars or longer) start, ASCII-case-insensitively, in one forward pass.
/// Rule sets have hundreds of keywords, many of two or three chars (<c>sk</c>, <c>ac</c>, <c>pat</c>): too many for
/// a vectorised multi-string search (.NET falls back to a scalar Aho-Corasick automaton with a dictionary per
/// state, ~150 MB/s here), and so short that a skip-based search cannot skip. Here each char costs one bit test:
/// three chars, case-folded to 6 bits each, index a 2^18-bit table (32 KiB, in L1) of the 3-char prefixes of every
/// keyword (for a 2-char keyword: every 3-gram it starts). Only the few positions passing it are tested further —
/// against the exact 3-char and 2-char keywords and a hashed table of 4-char prefixes — and the keywords filed under
/// their prefixes compared.
/// A keyword of 5 chars or more is not filed under its first chars but under its least common 4 (its anchor, by
/// <see cref="CommonTrigrams"/>): the first chars of <c>defaultendpointsprotocol</c>, <c>stability</c> or
/// <c>confluence</c> are everywhere in code, and made most of the positions passing the filter. A hit is then found
/// a few chars after it starts, so hits are held back until no later one can start before them, and come out in
/// text order all the same.
/// </summary>
internal sealed class AsciiKeywordSearch
{
    private const int ShortBits = 18;
    private const int LongBits = 16;

    /// <summary>Starts tested per vectorised step (<see cref="PrefixMask"/>).</summary>
    private const int Block = 32;

    // What a char is folded to in the tables: 6 bits, the same for both cases of a letter. Other chars may share
    // a code (a false pass at worst: keywords are then compared exactly).
    private const uint CodeCount = 64;

    // The exact tables a start must pass for its keyword lists to be looked up: 3-char keywords, 2-char keywords
    // (by their 12-bit code) and a hashed table of 4-char prefixes. Each list is looked up only when its own table
    // passes: most starts that pass one table pass no other.
    private readonly ulong[] _three = new ulong[(1 << ShortBits) / 64];
    private readonly ulong[] _two = new ulong[(1 << 12) / 64];

    // The 3-char prefixes of all keywords: a superset of what passes _three, _two or _long, tested first, so most chars
    // cost one bit test.
    private readonly ulong[] _prefix = new ulong[(1 << ShortBits) / 64];
    private readonly ulong[] _long = new ulong[(1 << LongBits) / 64];
    private readonly PrefixMap _byFour = new();

    // The array hits are held in (Hits.Hold), kept per thread from one text to the next while no search holds it.
    [ThreadStatic]
    private static Found[]? t_held;

    // How far into a keyword its anchor starts, at most: a hit found at a position starts at most this far before it.
    private readonly int _maxOffset;
    private readonly PrefixMap _byThree = new();
    private readonly PrefixMap _byTwo = new();

    /// <param name="keywords">Keywords that <see cref="Supports"/> accepts; they compare case-insensitively (ASCII), those with a <see cref="Keyword.Literal"/> as it says.</param>
    public AsciiKeywordSearch(IReadOnlyList<Keyword> keywords)
    {
        var byFour = new Dictionary<int, List<Anchored>>();
        var byThree = new Dictionary<int, List<Anchored>>();
        var byTwo = new Dictionary<int, List<Anchored>>();
        foreach (var keyword in keywords)
        {
            if (!Supports(keyword.Text))
            {
                throw new ArgumentException($"not a searchable ASCII keyword: '{keyword.Text}'", nameof(keywords));
            }

            var text = keyword.Text;
            // Kept lower case for the comparison, unless its case counts.
            var lower = keyword.Literal is not null ? keyword : keyword with { Text = text.ToLowerInvariant() };
            if (text.Length >= 4)
            {
                var offset = AnchorOf(text);
                var gram = (Code3(text.AsSpan(offset, 3)) << 6) | Code(text[offset + 3]);
                Set(_long, LongIndex(gram));
                Set(_prefix, gram >> 6);
                Add(byFour, (int)gram, new Anchored(lower, offset));
                _maxOffset = Math.Max(_maxOffset, offset);
            }
            else if (text.Length == 3)
            {
                var gram = Code3(text);
                Set(_three, gram);
                Set(_prefix, gram);
                Add(byThree, (int)gram, new Anchored(lower, 0));
            }
            else
            {
                // The short table holds 3-char prefixes: a 2-char keyword starts them whatever char follows.
                var gram = (Code(text[0]) << 6) | Code(text[1]);
                Set(_two, gram);
                for (var after = 0u; after < CodeCount; after++)
                {
                    Set(_prefix, (gram << 6) | after);
                }

                Add(byTwo, (int)gram, new Anchored(lower, 0));
            }
        }

        Fill(_byFour, byFour);
        Fill(_byThree, byThree);
        Fill(_byTwo, byTwo);

        static void Add(Dictionary<int, List<Anchored>> map, int key, Anchored keyword)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            list.Add(keyword);
        }

        static void Fill(PrefixMap map, Dictionary<int, List<Anchored>> lists)
        {
            foreach (var (gram, list) in lists)
            {
                map.Add(gram, [.. list]);
            }
        }
    }

    /// <summary>
    /// Where in a keyword (4 chars or more) its 4-char anchor starts: at the least common 3 chars followed by a 4th,
    /// the first such place when several are as rare.
    /// </summary>
    internal static int AnchorOf(string keyword)
    {
        var best = 0;
        var bestRank = -1;
        for (var offset = 0; offset + 4 <= keyword.Length; offset++)
        {
            var rank = CommonTrigrams.Rank(Code3(keyword.AsSpan(offset, 3)));
            if (rank > bestRank)
            {
                (best, bestRank) = (offset, rank);
            }
        }

        return best;
    }

    /// <summary>The 18-bit code of 3 chars, as the filter folds them.</summary>
    internal static uint Code3(ReadOnlySpan<char> chars) => (Code(chars[0]) << 12) | (Code(chars[1]) << 6) | Code(chars[2]);

    /// <summary>
    /// Bit k set when the 3-char prefix starting at <paramref name="start"/> + k passes the prefix table, for the
    /// <see cref="Block"/> starts of a block (the text holds <see cref="Block"/> + 2 chars from there). The codes of
    /// the three chars of every start are computed 8 at a time in vectors and the table probed once per start with
    /// no dependency from one start to the next (a rolling 3-char code costs a shift, an or and a mask per char
    /// in sequence), so the probes of neighbouring starts overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private uint PrefixMask(ReadOnlySpan<char> text, int start)
    {
        Debug.Assert(start + Block + 2 <= text.Length);
        ref var chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        if (Avx2.IsSupported)
        {
            return GatheredPrefixMask(ref chars, start);
        }

        Span<ushort> pairs = stackalloc ushort[Block];
        Span<ushort> thirds = stackalloc ushort[Block];
        for (var k = 0; k < Block; k += Vector128<ushort>.Count)
        {
            var first = Codes(Vector128.LoadUnsafe(ref chars, (nuint)(start + k)));
            var second = Codes(Vector128.LoadUnsafe(ref chars, (nuint)(start + k + 1)));
            var third = Codes(Vector128.LoadUnsafe(ref chars, (nuint)(start + k + 2)));
            ((first << 6) | second).StoreUnsafe(ref MemoryMarshal.GetReference(pairs), (nuint)k);
            third.StoreUnsafe(ref MemoryMarshal.GetReference(thirds), (nuint)k);
        }

        // The prefix table's word for chars 1-2 holds one bit per code of char 3.
        ref var table = ref MemoryMarshal.GetArrayDataReference(_prefix);
        var mask = 0u;
        for (var k = 0; k < Block; k++)
        {
            mask |= (uint)((Unsafe.Add(ref table, pairs[k]) >> thirds[k]) & 1UL) << k;
        }

        return mask;
    }

    /// <summary>
    /// <see cref="PrefixMask"/> with AVX2: the table is read as 32-bit words, 8 starts per gather; each word is
    /// shifted so the start's bit lands in the sign bit, which the mask extraction collects.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe uint GatheredPrefixMask(ref ushort chars, int start)
    {
        var mask = 0u;
        fixed (ulong* table = _prefix)
        {
            for (var k = 0; k < Block; k += Vector256<ushort>.Count)
            {
                var first = Codes(Vector256.LoadUnsafe(ref chars, (nuint)(start + k)));
                var second = Codes(Vector256.LoadUnsafe(ref chars, (nuint)(start + k + 1)));
                var third = Codes(Vector256.LoadUnsafe(ref chars, (nuint)(start + k + 2)));

                // The 18-bit 3-char code n is bit n % 32 of 32-bit word n / 32: the word index fits 16 bits.
                var word = (first << 7) | (second << 1) | Vector256.ShiftRightLogical(third, 5);
                var shift = ~third & Vector256.Create((ushort)31);
                for (var half = 0; half < 2; half++)
                {
                    var words = Avx2.ConvertToVector256Int32(half == 0 ? word.GetLower() : word.GetUpper());
                    var shifts = Avx2.ConvertToVector256Int32(half == 0 ? shift.GetLower() : shift.GetUpper()).AsUInt32();
                    var gathered = Avx2.GatherVector256((uint*)table, words, 4);
                    var bits = Avx2.ShiftLeftLogicalVariable(gathered, shifts);
                    mask |= bits.ExtractMostSignificantBits() << (k + (half * 8));
                }
            }
        }

        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Codes(Vector256<ushort> c) =>
        (c & Vector256.Create((ushort)0x1F)) | (Vector256.ShiftRightLogical(c, 1) & Vector256.Create((ushort)0x20));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Codes(Vector128<ushort> c) =>
        (c & Vector128.Create((ushort)0x1F)) | (Vector128.ShiftRightLogical(c, 1) & Vector128.Create((ushort)0x20));

    /// <summary>Whether a keyword can be searched here: ASCII, printable, at least two chars.</summary>
    public static bool Supports(string keyword) =>
        keyword.Length >= 2 && !keyword.AsSpan().ContainsAnyExceptInRange((char)0x20, (char)0x7E);

    /// <param name="inTextOrder">
    /// Whether hits must come out in text order. Without it they come in the order their anchors are met: a hit may
    /// then come after hits starting up to <see cref="MaxAnchorOffset"/> chars after it, which saves holding them back.
    /// </param>
    public Hits Find(ReadOnlySpan<char> text, bool inTextOrder = true) => new(this, text, inTextOrder);

    /// <summary>How far into a keyword its anchor starts, at most: how far out of text order hits may come.</summary>
    public int MaxAnchorOffset => _maxOffset;

    /// <summary>How many starts of a text pass the first stage alone (the stage bench times it apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal long CountPrefixPasses(ReadOnlySpan<char> text)
    {
        long n = 0;
        for (var i = 0; i + Block + 2 <= text.Length; i += Block)
        {
            n += BitOperations.PopCount(PrefixMask(text, i));
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Code(char c) => (c & 0x1Fu) | ((uint)(c >> 1) & 0x20u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LongIndex(uint gram) => (gram * 2654435761u) >> (32 - LongBits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Test(ulong[] bits, uint index)
    {
        // Every index is a masked gram or hash within the table (the loop's hottest line: no bounds check).
        Debug.Assert(index >> 6 < (uint)bits.Length);
        return (Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(bits), index >> 6) & (1UL << (int)(index & 63))) != 0;
    }

    /// <summary>Which keyword lists a start with these 4 char codes may find a keyword in (see <see cref="Hits"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Stages(uint gram) =>
        (Test(_long, LongIndex(gram)) ? 1u : 0u) | (Test(_three, gram >> 6) ? 2u : 0u) | (Test(_two, gram >> 12) ? 4u : 0u);

    private static void Set(ulong[] bits, uint index) => bits[index >> 6] |= 1UL << (int)(index & 63);

    /// <summary>Enumerates (position, keyword) for every occurrence of every keyword, in text order.</summary>
    public ref struct Hits
    {
        private readonly AsciiKeywordSearch _search;
        private readonly ReadOnlySpan<char> _text;
        private readonly bool _inTextOrder;

        // The codes of the 4 chars from _start on (0 past the end of the text); _start is the position being
        // tested, where a keyword's anchor may be.
        private uint _gram;
        private int _start;

        // Starts of the block at _passesBase whose 3-char prefix passed and that are still to be tested; the
        // next block starts at _next.
        private uint _passes;
        private int _passesBase;
        private int _next;

        // The keywords filed under the current position's 4-, 3- and 2-char prefixes, compared in turn; _stages
        // holds the lists still to look up (bit 0: 4-char, 1: 3-char, 2: 2-char), those whose table passed.
        private Anchored[]? _candidates;
        private int _candidate;
        private uint _stages;

        // Hits found but not given out yet, in text order from _heldFirst to _heldCount (only when anchors are
        // not all at the start of their keywords); _exhausted is set once the text holds no more.
        private Found[]? _held;
        private int _heldFirst;
        private int _heldCount;
        private bool _exhausted;

        internal Hits(AsciiKeywordSearch search, ReadOnlySpan<char> text, bool inTextOrder)
        {
            _search = search;
            _text = text;
            _start = -1;
            _inTextOrder = inTextOrder;
        }

        public int Position { get; private set; }

        public Keyword Current { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool MoveNext()
        {
            var maxOffset = _search._maxOffset;
            if (maxOffset == 0 || !_inTextOrder)
            {
                return Find();
            }

            while (true)
            {
                // A held hit can go once every hit still to be found starts after it: those are found at _start
                // or later, and start at most maxOffset chars before where they are found.
                if (_heldFirst < _heldCount && (_exhausted || _held![_heldFirst].Position < _start - maxOffset))
                {
                    (Position, Current) = _held![_heldFirst++];
                    return true;
                }

                if (_exhausted)
                {
                    if (_held is not null)
                    {
                        t_held = _held;
                        _held = null;
                    }

                    return false;
                }

                if (Find())
                {
                    Hold(new Found(Position, Current));
                }
                else
                {
                    _exhausted = true;
                }
            }
        }

        /// <summary>Adds a hit to the held ones, in text order (it usually goes last).</summary>
        private void Hold(Found found)
        {
            if (_heldFirst == _heldCount)
            {
                (_heldFirst, _heldCount) = (0, 0);
            }

            if (_held is null)
            {
                _held = t_held ?? new Found[16];
                t_held = null;
            }

            if (_heldCount == _held.Length)
            {
                if (_heldFirst > 0)
                {
                    Array.Copy(_held, _heldFirst, _held, 0, _heldCount - _heldFirst);
                    (_heldCount, _heldFirst) = (_heldCount - _heldFirst, 0);
                }
                else
                {
                    Array.Resize(ref _held, _held.Length * 2);
                }
            }

            var i = _heldCount++;
            while (i > _heldFirst && _held[i - 1].Position > found.Position)
            {
                _held[i] = _held[i - 1];
                i--;
            }

            _held[i] = found;
        }

        /// <summary>The next hit in the order anchors are met (text order when every anchor starts its keyword).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool Find()
        {
            while (true)
            {
                if (_candidates is { } candidates)
                {
                    while (_candidate < candidates.Length)
                    {
                        var (keyword, offset) = candidates[_candidate++];
                        var start = _start - offset;
                        if (start >= 0 && Matches(_text, start, keyword))
                        {
                            Position = start;
                            Current = keyword;
                            return true;
                        }
                    }

                    _candidates = null;
                }

                if (_stages != 0)
                {
                    var stage = BitOperations.TrailingZeroCount(_stages);
                    _stages &= _stages - 1;
                    _candidates = stage switch
                    {
                        0 => _search._byFour.Get((int)_gram),
                        1 => _search._byThree.Get((int)(_gram >> 6)),
                        _ => _search._byTwo.Get((int)(_gram >> 12)),
                    };
                    _candidate = 0;
                    continue;
                }

                if (!Advance())
                {
                    return false;
                }
            }
        }

        /// <summary>Moves to the next start position whose prefixes pass a table.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool Advance()
        {
            var text = _text;
            while (true)
            {
                // Starts whose 3-char prefix passed, in text order; the 4-char tables decide.
                while (_passes != 0)
                {
                    var start = _passesBase + BitOperations.TrailingZeroCount(_passes);
                    _passes &= _passes - 1;
                    var gram = Gram(text, start);
                    var stages = _search.Stages(gram);
                    if (stages != 0)
                    {
                        (_gram, _start, _stages) = (gram, start, stages);
                        return true;
                    }
                }

                if (_next + Block + 2 <= text.Length)
                {
                    _passes = _search.PrefixMask(text, _next);
                    _passesBase = _next;
                    _next += Block;
                    continue;
                }

                // The last few starts, one at a time (past the end of the text, chars count as code 0).
                while (_next < text.Length)
                {
                    var start = _next++;
                    var gram = Gram(text, start);
                    var stages = Test(_search._prefix, gram >> 6) ? _search.Stages(gram) : 0;
                    if (stages != 0)
                    {
                        (_gram, _start, _stages) = (gram, start, stages);
                        return true;
                    }
                }

                _start = text.Length;
                return false;
            }
        }

        /// <summary>The codes of the 4 chars from <paramref name="start"/> on, 0 past the end of the text.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Gram(ReadOnlySpan<char> text, int start)
        {
            var gram = 0u;
            for (var i = start; i < start + 4; i++)
            {
                gram = (gram << 6) | ((uint)i < (uint)text.Length ? Code(text[i]) : 0);
            }

            return gram;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Matches(ReadOnlySpan<char> text, int position, Keyword keyword)
        {
            var word = keyword.Text;
            if (word.Length > text.Length - position)
            {
                return false;
            }

            if (keyword.Literal is { } literal)
            {
                return literal.CanStartAt(text, position);
            }

            var slice = text.Slice(position, word.Length);
            for (var i = 0; i < word.Length; i++)
            {
                var c = slice[i];
                if ((c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c) != word[i])
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>A keyword filed under its anchor, which starts <paramref name="Offset"/> chars into it.</summary>
    private readonly record struct Anchored(Keyword Keyword, int Offset);

    private readonly record struct Found(int Position, Keyword Keyword);

    /// <summary>
    /// Keyword lists by folded prefix, in an open-addressed table: a lookup is a multiply and a probe or two,
    /// as it happens at every passing position.
    /// </summary>
    private sealed class PrefixMap
    {
        private int[] _keys = [];
        private Anchored[]?[] _values = [];
        private int _count;

        public void Add(int key, Anchored[] value)
        {
            if ((_count + 1) * 2 > _keys.Length)
            {
                Grow();
            }

            Insert(key, value);
            _count++;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Anchored[]? Get(int key)
        {
            var keys = _keys;
            if (keys.Length == 0)
            {
                return null;
            }

            var mask = keys.Length - 1;
            for (var slot = Slot(key, mask); ; slot = (slot + 1) & mask)
            {
                var value = _values[slot];
                if (value is null)
                {
                    return null;
                }

                if (keys[slot] == key)
                {
                    return value;
                }
            }
        }

        private static int Slot(int key, int mask) => (int)(((uint)key * 2654435761u) >> 8) & mask;

        private void Insert(int key, Anchored[] value)
        {
            var mask = _keys.Length - 1;
            var slot = Slot(key, mask);
            while (_values[slot] is not null)
            {
                slot = (slot + 1) & mask;
            }

            _keys[slot] = key;
            _values[slot] = value;
        }

        private void Grow()
        {
            var (keys, values) = (_keys, _values);
            var size = Math.Max(16, keys.Length * 2);
            (_keys, _values) = (new int[size], new Anchored[]?[size]);
            for (var i = 0; i < keys.Length; i++)
            {
                if (values[i] is { } value)
                {
                    Insert(keys[i], value);
                }
            }
        }
    }
}

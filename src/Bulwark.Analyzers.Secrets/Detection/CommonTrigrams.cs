namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// How common a 3-char sequence is in source code and prose (<c>tools/common-trigrams.py</c> made the table from a
/// generic sample, no scan corpus): the keyword search anchors a long keyword on its least common 3 chars.
/// </summary>
internal static partial class CommonTrigrams
{
    /// <summary>Rank of what is not in the table: rarer than anything in it.</summary>
    public const int Rare = 4096;

    private static readonly Dictionary<uint, int> RankByCode = BuildRanks();

    /// <summary>
    /// 0 for the most common sequence, <see cref="Rare"/> for one outside the table. Sequences are compared by
    /// <paramref name="code"/>, the keyword filter's folding of their chars: sequences sharing a code count as the
    /// most common of them, as the filter cannot tell them apart.
    /// </summary>
    public static int Rank(uint code) => RankByCode.TryGetValue(code, out var rank) ? rank : Rare;

    /// <summary>
    /// A rough share of the places in a text where <paramref name="literal"/> occurs, only to choose the rarest of
    /// several: by Zipf's law from the rank of its least common 3 chars, a little less for each char beyond 3; 1 for a
    /// literal of 2 chars or fewer, which the table does not rank and which are everywhere (<c>gh</c>, <c>sk</c>).
    /// </summary>
    public static double Share(string literal)
    {
        if (literal.Length < 3)
        {
            return 1;
        }

        var rarest = 0;
        for (var i = 0; i + 3 <= literal.Length; i++)
        {
            rarest = Math.Max(rarest, Rank(AsciiKeywordSearch.Code3(literal.AsSpan(i, 3))));
        }

        return Math.Pow(0.8, literal.Length - 3) / (rarest + 1);
    }

    private static Dictionary<uint, int> BuildRanks()
    {
        var ranks = new Dictionary<uint, int>(Table.Length / 3);
        for (var i = 0; i + 3 <= Table.Length; i += 3)
        {
            ranks.TryAdd(AsciiKeywordSearch.Code3(Table.AsSpan(i, 3)), i / 3);
        }

        return ranks;
    }
}

namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>
/// One hit's claim on a stretch of text: the chars of its secret (<see cref="Start"/> to <see cref="End"/>, exclusive),
/// how specific its rule is, how long its whole match is and its place in the rule set (the last tie-break).
/// Claims of the same non-negative <see cref="Group"/> never displace each other (several secrets decoded from one
/// encoded segment all point at that segment).
/// </summary>
internal readonly record struct SecretClaim(int Start, int End, RuleSpecificity Specificity, int MatchLength, int Order, int Group = -1)
{
    public int Length => End - Start;

    public bool Overlaps(SecretClaim other) =>
        Start < other.End && other.Start < End && (Group < 0 || Group != other.Group);
}

/// <summary>
/// One finding per secret. Hits whose secret spans overlap in the same text are the same secret seen by several
/// rules; only one of them is reported, chosen in this order:
/// <list type="number">
/// <item>the more specific rule (<see cref="RuleSpecificity"/>: vendor over shape over generic);</item>
/// <item>the longer secret (the rule that recognises more of the credential);</item>
/// <item>the longer match (more context: <c>jdbc:postgresql://…</c> over <c>postgresql://…</c>);</item>
/// <item>the rule listed first.</item>
/// </list>
/// Hits are taken best first and each is kept unless it overlaps one already kept, so two different secrets on one
/// line (disjoint spans) both stay, and a generic hit spanning two vendor secrets gives way to both.
/// </summary>
internal static class SecretPrecedence
{
    /// <summary>Which claims are reported (true) and which give way to a better overlapping one (false).</summary>
    public static bool[] Resolve(IReadOnlyList<SecretClaim> claims)
    {
        var kept = new bool[claims.Count];
        Array.Fill(kept, true);
        if (claims.Count < 2)
        {
            return kept;
        }

        // Sweep in start order; runs of chained overlaps are resolved on their own, so the cost stays near linear.
        var byStart = Enumerable.Range(0, claims.Count).ToArray();
        Array.Sort(byStart, (a, b) => claims[a].Start != claims[b].Start ? claims[a].Start.CompareTo(claims[b].Start) : a.CompareTo(b));
        var cluster = new List<int>();
        var clusterEnd = int.MinValue;
        foreach (var i in byStart)
        {
            if (cluster.Count > 0 && claims[i].Start >= clusterEnd)
            {
                ResolveCluster(claims, cluster, kept);
                cluster.Clear();
            }

            cluster.Add(i);
            clusterEnd = Math.Max(clusterEnd, claims[i].End);
        }

        ResolveCluster(claims, cluster, kept);
        return kept;
    }

    private static void ResolveCluster(IReadOnlyList<SecretClaim> claims, List<int> cluster, bool[] kept)
    {
        if (cluster.Count < 2)
        {
            return;
        }

        cluster.Sort((a, b) => Compare(claims[a], claims[b], a, b));
        var accepted = new List<int>(cluster.Count);
        foreach (var i in cluster)
        {
            var claim = claims[i];
            if (accepted.Exists(a => claims[a].Overlaps(claim)))
            {
                kept[i] = false;
            }
            else
            {
                accepted.Add(i);
            }
        }
    }

    /// <summary>Best first.</summary>
    private static int Compare(SecretClaim x, SecretClaim y, int xIndex, int yIndex)
    {
        var order = y.Specificity.CompareTo(x.Specificity);
        if (order == 0)
        {
            order = y.Length.CompareTo(x.Length);
        }

        if (order == 0)
        {
            order = y.MatchLength.CompareTo(x.MatchLength);
        }

        if (order == 0)
        {
            order = x.Order.CompareTo(y.Order);
        }

        return order != 0 ? order : xIndex.CompareTo(yIndex);
    }
}

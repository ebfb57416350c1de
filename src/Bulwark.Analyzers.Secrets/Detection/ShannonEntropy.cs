namespace Bulwark.Analyzers.Secrets.Detection;

/// <summary>Shannon entropy in bits per char, the randomness measure gitleaks' <c>entropy</c> thresholds use.</summary>
internal static class ShannonEntropy
{
    public static double Of(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        // Secrets are nearly always ASCII: count those in a stack table, the rest in a dictionary.
        Span<int> ascii = stackalloc int[128];
        Dictionary<char, int>? other = null;
        foreach (var c in value)
        {
            if (c < 128)
            {
                ascii[c]++;
            }
            else
            {
                other ??= [];
                other[c] = other.TryGetValue(c, out var n) ? n + 1 : 1;
            }
        }

        double length = value.Length;
        double entropy = 0;
        foreach (var count in ascii)
        {
            if (count > 0)
            {
                var p = count / length;
                entropy -= p * Math.Log2(p);
            }
        }

        if (other is not null)
        {
            foreach (var count in other.Values)
            {
                var p = count / length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }
}

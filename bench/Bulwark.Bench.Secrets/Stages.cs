using System.Diagnostics;
using System.Globalization;
using Bulwark.Analyzers.Secrets;
using Bulwark.Analyzers.Secrets.Detection;
using Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// The engine's stages timed apart on the same texts, one thread, best of three: which one a change should go after.
/// </summary>
internal static class Stages
{
    public static void Measure(IReadOnlyList<SecretRule> rules, IReadOnlyList<TextFile> files)
    {
        var set = new CompiledRuleSet(rules, [], SecretDetectorOptions.Default);
        var detector = new SecretDetector(rules);
        var megabytes = files.Sum(f => f.Bytes) / (1024.0 * 1024.0);
        var byKeyword = new Dictionary<string, long>(StringComparer.Ordinal);
        var chosen = set.Rules.Where(r => !r.SearchKeywords.SequenceEqual(r.Keywords)).ToList();
        Console.WriteLine(Invariant($"  {chosen.Count} rules searched by rarer literals: ") + string.Join("; ", chosen.Select(r => $"{r.Id} [{string.Join(",", r.Keywords)}] -> [{string.Join(",", r.SearchKeywords)}]")));

        Time("keyword search (every hit enumerated)", () =>
        {
            var hits = 0L;
            foreach (var file in files)
            {
                var found = set.Keywords.Find(file.Text);
                while (found.MoveNext())
                {
                    hits++;
                }
            }

            return hits;
        });

        var ascii = new AsciiKeywordSearch([.. rules.SelectMany(r => r.Keywords).Distinct(StringComparer.OrdinalIgnoreCase).Select(k => new Keyword(k, [0]))]);
        Time("keyword search (anchor order)", () =>
        {
            var hits = 0L;
            foreach (var file in files)
            {
                var found = set.Keywords.Find(file.Text, inTextOrder: false);
                while (found.MoveNext())
                {
                    hits++;
                }
            }

            return hits;
        });

        Time("first stage only", () => files.Sum(f => ascii.CountPrefixPasses(f.Text)));
        foreach (var file in files)
        {
            var found = set.Keywords.Find(file.Text);
            while (found.MoveNext())
            {
                byKeyword[found.Current.Text] = byKeyword.GetValueOrDefault(found.Current.Text) + 1;
            }
        }

        Console.WriteLine("  most frequent keywords: " + string.Join(", ", byKeyword.OrderByDescending(p => p.Value).Take(15).Select(p => Invariant($"{p.Key} {p.Value}"))));
        Time("encoded runs (EncodedContent.Find)", () => files.Sum(f => (long)EncodedContent.Find(f.Text).Count));
        Time("Detect (keywords, windows, regexes, checks)", () => files.Sum(f => (long)detector.Detect(f.Text, f.Path).Count));

        void Time(string name, Func<long> run)
        {
            run();
            var best = double.MaxValue;
            var count = 0L;
            for (var round = 0; round < 3; round++)
            {
                var stopwatch = Stopwatch.StartNew();
                count = run();
                best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
            }

            Console.WriteLine(Invariant($"{name,-48} {best,7:0.000} s {megabytes / best,8:0.0} MB/s {count,10} found"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

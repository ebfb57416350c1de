using System.Diagnostics;
using System.Globalization;
using Bulwark.Analyzers.Secrets;
using Bulwark.Analyzers.Secrets.Detection;
using Bulwark.Analyzers.Secrets.Rules;

/// <summary>
/// The per-file path checks of a scan apart from everything else: for each relative path under a tree, the global
/// allowlist (<see cref="SecretDetector.IsAllowedFile"/>) and, as a scan does for files it reads, every rule's path
/// and file-level allowlists (<see cref="CompiledRule.AppliesTo"/>, allowlist verdicts shared per file). Best of 3.
/// </summary>
internal static class PathChecks
{
    public static void Measure(string root)
    {
        var paths = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .ToArray();
        var config = SecretsConfig.BuiltIn;
        var detector = new SecretDetector(config);
        var set = new CompiledRuleSet(config.Rules, config.Allowlists, SecretDetectorOptions.Default);
        var verdicts = new sbyte[set.AllowlistCount];

        // The global allowlist and every distinct allowlist of the rules alone: the path patterns without the rule loop.
        var distinct = set.Rules.SelectMany(r => r.Allowlists).Concat(set.GlobalAllowlists).DistinctBy(a => a.Index).ToArray();
        var bestAllowlists = TimeSpan.MaxValue;
        var allowlistHits = 0;
        for (var round = 0; round < 4; round++)
        {
            allowlistHits = 0;
            var stopwatch = Stopwatch.StartNew();
            foreach (var path in paths)
            {
                var source = new SecretSource(path);
                foreach (var allowlist in distinct)
                {
                    allowlistHits += allowlist.AllowsFile(source) ? 1 : 0;
                }
            }

            if (round > 0 && stopwatch.Elapsed < bestAllowlists)
            {
                bestAllowlists = stopwatch.Elapsed;
            }
        }

        var best = TimeSpan.MaxValue;
        var allowed = 0;
        var applies = 0L;
        for (var round = 0; round < 4; round++)
        {
            allowed = 0;
            applies = 0;
            var stopwatch = Stopwatch.StartNew();
            foreach (var path in paths)
            {
                var source = new SecretSource(path);
                if (detector.IsAllowedFile(source))
                {
                    allowed++;
                    continue;
                }

                Array.Clear(verdicts);
                foreach (var rule in set.Rules)
                {
                    applies += rule.AppliesTo(source, verdicts) ? 1 : 0;
                }
            }

            // Round 0 builds the lazy regexes and warms the JIT; it is not counted.
            if (round > 0 && stopwatch.Elapsed < best)
            {
                best = stopwatch.Elapsed;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"path checks: {paths.Length} paths, {set.Rules.Length} rules; {allowed} allowed by the global allowlist, {applies} (rule, file) pairs apply"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allowlists alone ({distinct.Length} distinct, {allowlistHits} verdicts 'allowed'), best of 3: {bestAllowlists.TotalMilliseconds:0.0} ms, {bestAllowlists.TotalNanoseconds / paths.Length:0} ns per path"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all checks, best of 3: {best.TotalMilliseconds:0.0} ms, {best.TotalNanoseconds / paths.Length:0} ns per path"));
    }
}

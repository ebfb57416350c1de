using System.Globalization;
using System.Text;
using System.Text.Json;
using Bulwark.Analyzers.Secrets.Accuracy;
using Bulwark.Analyzers.Secrets.Rules;

// Secret detection accuracy harness (bench/secrets-accuracy.sh drives it):
//   plant TREE MANIFEST [--per-rule N] [--seed S]     plants N generated secrets per built-in rule into TREE
//   score MANIFEST PLANTED.json BASELINE.json         per-rule recall and false positives of a gitleaks-JSON report
return args switch
{
    ["plant", var tree, var manifest, .. var rest] => Plant(tree, manifest, Option(rest, "--per-rule", 3), Option(rest, "--seed", 61)),
    ["score", var manifest, var planted, var baseline] => Score(manifest, planted, baseline),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: plant TREE MANIFEST [--per-rule N] [--seed S] | score MANIFEST PLANTED.json BASELINE.json");
    return 2;
}

static int Option(string[] rest, string name, int fallback)
{
    var at = Array.IndexOf(rest, name);
    return at >= 0 && at + 1 < rest.Length ? int.Parse(rest[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static int Plant(string tree, string manifest, int perRule, int seed)
{
    var specs = new PlantGenerator(seed).Generate(BuiltInRules.All, perRule);
    // The kernel's .gitignore hides dot-files, so plants that would be .env/.npmrc get plain names there.
    var planted = new PlantedTree(tree) { DotFiles = false, NewFilesUnder = "tools/deploy" }.Insert(specs, seed);
    File.WriteAllText(manifest, PlantedTree.Manifest(planted));
    Console.WriteLine($"planted {planted.Count} secrets for {planted.Select(p => p.RuleId).Distinct().Count()} rules " +
        $"({planted.Count(p => p.FromSample)} reused from samples) in {planted.Select(p => p.File).Distinct().Count()} files; manifest {manifest}");
    foreach (var format in planted.GroupBy(p => p.Format).OrderBy(g => g.Key))
    {
        Console.WriteLine($"  {format.Key,-11} {format.Count(),4}");
    }

    return 0;
}

static int Score(string manifestPath, string plantedReport, string baselineReport)
{
    var manifest = File.ReadAllLines(manifestPath).Where(l => l.Length > 0).Select(l => l.Split('\t'))
        .Select(f => (Rule: f[0], File: f[1], Line: int.Parse(f[2], CultureInfo.InvariantCulture), Prefix: f[4].Split('…')[0])).ToList();
    var planted = Read(plantedReport);
    var baseline = Read(baselineReport);

    var reportedAt = planted.ToLookup(f => (f.File, f.Line));
    var plantLines = manifest.Select(p => (p.File, p.Line)).ToHashSet();
    // A finding of the unmodified tree stays one after planting (its line may move where a plant was inserted above it).
    var known = baseline.GroupBy(f => (f.Rule, f.File)).ToDictionary(g => g.Key, g => g.Count());
    var extras = planted.Where(f => !plantLines.Contains((f.File, f.Line))).GroupBy(f => (f.Rule, f.File))
        .SelectMany(g => g.Skip(known.GetValueOrDefault(g.Key))).ToList();

    var table = new StringBuilder("| Rule | Planted | Found | Recall | Reported as another rule | New false positives | Findings in the unmodified tree |\n|---|---|---|---|---|---|---|\n");
    int plantedTotal = 0, foundTotal = 0;
    var missedRules = new List<string>();
    foreach (var rule in BuiltInRules.All.Select(r => r.Id))
    {
        var plants = manifest.Where(p => p.Rule == rule).ToList();
        var found = plants.Count(p => Found(reportedAt[(p.File, p.Line)], p.Rule, p.Prefix));
        var other = plants.Count(p => reportedAt[(p.File, p.Line)].Any() && !reportedAt[(p.File, p.Line)].Any(f => f.Rule == rule));
        var falsePositives = extras.Count(f => f.Rule == rule);
        var before = baseline.Count(f => f.Rule == rule);
        plantedTotal += plants.Count;
        foundTotal += found;
        if (found < plants.Count)
        {
            missedRules.Add(rule);
        }

        table.Append(CultureInfo.InvariantCulture, $"| `{rule}` | {plants.Count} | {found} | {(plants.Count == 0 ? "-" : $"{100.0 * found / plants.Count:0.#}%")} | {other} | {falsePositives} | {before} |\n");
    }

    Console.Write(table);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"recall: {foundTotal}/{plantedTotal} = {100.0 * foundTotal / Math.Max(1, plantedTotal):0.00}% over {manifest.Select(p => p.Rule).Distinct().Count()} rules; " +
        $"new false positives: {extras.Count}; findings in the unmodified tree: {baseline.Count}"));
    foreach (var rule in missedRules)
    {
        foreach (var miss in manifest.Where(p => p.Rule == rule && !Found(reportedAt[(p.File, p.Line)], p.Rule, p.Prefix)))
        {
            Console.WriteLine($"  missed {rule} at {miss.File}:{miss.Line} ({miss.Prefix}…); reported there: " +
                string.Join(", ", reportedAt[(miss.File, miss.Line)].Select(f => $"{f.Rule} ({f.Secret})")));
        }
    }

    foreach (var extra in extras)
    {
        Console.WriteLine($"  new false positive: {extra.Rule} at {extra.File}:{extra.Line}");
    }

    return missedRules.Count == 0 ? 0 : 1;
}

// Found: the expected rule at the plant's line, reporting the planted secret (reports and manifest both show its first
// 4 characters), so a hit on the right line that took another value (a neighbouring setting) does not count.
static bool Found(IEnumerable<(string Rule, string File, int Line, string Secret)> findings, string rule, string prefix) =>
    findings.Any(f => f.Rule == rule && f.Secret.StartsWith(prefix, StringComparison.Ordinal));

// gitleaks JSON (bulwark secrets detect --report-format json): RuleID, File, StartLine, Secret (redacted).
static List<(string Rule, string File, int Line, string Secret)> Read(string path)
{
    using var document = JsonDocument.Parse(File.ReadAllBytes(path));
    return [.. document.RootElement.EnumerateArray().Select(f => (
        f.GetProperty("RuleID").GetString()!,
        f.GetProperty("File").GetString()!.Replace('\\', '/').TrimStart('.', '/'),
        f.GetProperty("StartLine").GetInt32(),
        f.GetProperty("Secret").GetString() ?? ""))];
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bulwark.Analyzers.Secrets;
using Bulwark.Analyzers.Secrets.Rules;

// Throughput of SecretDetector.Detect on real text, all built-in rules loaded, files held in memory so that
// only detection is timed (the walk and I/O are bench/Bulwark.Bench.Walk's business).
//   dotnet run -c Release --project bench/Bulwark.Bench.Secrets -- [--max-mb 400] [--slice-mb 30] [--stages] DIR...
// --stages times the engine's stages apart instead: the keyword search alone, the encoded-run search alone, all of Detect.
// --paths times only the per-file path checks (global allowlist, every rule's path and allowlists) over DIR's files.
var corpora = new List<string>();
var maxMegabytes = 400;
var sliceMegabytes = 30;
var stagesOnly = false;
var pathsOnly = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--max-mb": maxMegabytes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--slice-mb": sliceMegabytes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--stages": stagesOnly = true; break;
        case "--paths": pathsOnly = true; break;
        default: corpora.Add(args[i]); break;
    }
}

if (corpora.Count == 0)
{
    Console.Error.WriteLine("usage: Bulwark.Bench.Secrets [--max-mb N] [--slice-mb N] DIR...");
    return 2;
}

if (pathsOnly)
{
    foreach (var root in corpora)
    {
        PathChecks.Measure(root);
    }

    return 0;
}

var corpus = Corpus.Load(corpora, maxMegabytes * 1024L * 1024);
Console.WriteLine(Invariant($"corpus: {corpus.Files.Count} text files, {Mb(corpus.Bytes):0.0} MB (UTF-8) from {string.Join(", ", corpora)}"));

var rules = BuiltInRules.All;
var keywordless = rules.Where(r => r.Keywords.IsEmpty && r.Regex.Length > 0).ToList();
Console.WriteLine(Invariant($"rules: {rules.Count} built-in, {keywordless.Count} without keywords ({string.Join(", ", keywordless.Select(r => r.Id))})"));

if (stagesOnly)
{
    Stages.Measure(rules, corpus.Files);
    return 0;
}

var build = Stopwatch.StartNew();
var windows = new SecretDetector(rules);
Console.WriteLine(Invariant($"detector construction: {build.Elapsed.TotalMilliseconds:0} ms"));

// The first pass also builds each rule's matcher on its first hit (a cold scan); the next ones are warm.
Measure("keyword windows, cold (matchers built on use)", windows, corpus.Files, parallel: false);
var full = Measure("keyword windows (default), 1 thread", windows, corpus.Files, parallel: false);
Measure("keyword windows (default), 2 threads", windows, corpus.Files, parallel: true);
if (keywordless.Count > 0)
{
    Measure("rules without keywords only, 1 thread", new SecretDetector(keywordless), corpus.Files, parallel: false);
}

// The slower strategies on a slice, against the default on the same slice.
var slice = corpus.Slice(sliceMegabytes * 1024L * 1024);
Console.WriteLine(Invariant($"slice: {slice.Count} files, {Mb(slice.Sum(f => f.Bytes)):0.0} MB"));
var sliceWindows = Measure("  keyword windows (default)", windows, slice, parallel: false);
var wholeTextDetector = new SecretDetector(rules, new SecretDetectorOptions { Prefilter = KeywordPrefilter.WholeText });
var offDetector = new SecretDetector(rules, new SecretDetectorOptions { Prefilter = KeywordPrefilter.Off });
Measure("  (building the other detectors' matchers)", wholeTextDetector, slice.Take(50).ToList(), parallel: false);
Measure("  (building the other detectors' matchers)", offDetector, slice.Take(50).ToList(), parallel: false);
var wholeText = Measure("  keyword gate, whole text (gitleaks' way)", wholeTextDetector, slice, parallel: false);
var off = Measure("  no prefilter, every rule on every text", offDetector, slice, parallel: false);
Console.WriteLine(Invariant($"speed-up of windows: {sliceWindows.MegabytesPerSecond / wholeText.MegabytesPerSecond:0.0}x over the keyword gate, {sliceWindows.MegabytesPerSecond / off.MegabytesPerSecond:0.0}x over no prefilter"));
Console.WriteLine(Invariant($"hits on the slice: windows {sliceWindows.Hits}, keyword gate {wholeText.Hits}, no prefilter {off.Hits}"));
Console.WriteLine(Invariant($"hits on the whole corpus (windows): {full.Hits}"));
return 0;

static Result Measure(string name, SecretDetector detector, IReadOnlyList<TextFile> files, bool parallel)
{
    var hits = 0L;
    var stopwatch = Stopwatch.StartNew();
    if (parallel)
    {
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, f => Interlocked.Add(ref hits, detector.Detect(f.Text, f.Path).Count));
    }
    else
    {
        foreach (var file in files)
        {
            hits += detector.Detect(file.Text, file.Path).Count;
        }
    }

    var seconds = stopwatch.Elapsed.TotalSeconds;
    var result = new Result(Mb(files.Sum(f => f.Bytes)) / seconds, hits);
    Console.WriteLine(Invariant($"{name,-48} {seconds,8:0.00} s {result.MegabytesPerSecond,9:0.0} MB/s {hits,8} hits"));
    return result;
}

static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

internal sealed record TextFile(string Path, string Text, long Bytes);

internal sealed record Result(double MegabytesPerSecond, long Hits);

internal sealed record Corpus(IReadOnlyList<TextFile> Files, long Bytes)
{
    public static Corpus Load(IEnumerable<string> roots, long maxBytes)
    {
        var files = new List<TextFile>();
        var total = 0L;
        foreach (var root in roots)
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };

            // Sorted, so a given --max-mb always measures the same files.
            foreach (var path in Directory.EnumerateFiles(root, "*", options).Order(StringComparer.Ordinal))
            {
                var relative = System.IO.Path.GetRelativePath(root, path).Replace('\\', '/');
                if (relative.StartsWith(".git/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
                {
                    continue;
                }

                var bytes = File.ReadAllBytes(path);
                if (bytes.Length == 0 || bytes.Length > 10 * 1024 * 1024 || bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
                {
                    continue;
                }

                files.Add(new TextFile(relative, Encoding.UTF8.GetString(bytes), bytes.Length));
                if ((total += bytes.Length) >= maxBytes)
                {
                    return new Corpus(files, total);
                }
            }
        }

        return new Corpus(files, total);
    }

    public List<TextFile> Slice(long maxBytes)
    {
        // Every n-th file, so the slice samples the whole corpus rather than its first directory.
        var step = Math.Max(1, (int)(Bytes / Math.Max(1, maxBytes)));
        return [.. Files.Where((_, i) => i % step == 0)];
    }
}

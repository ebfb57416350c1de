using Bulwark.Analyzers.Secrets.Accuracy;
using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Secrets.Tests.Accuracy;

/// <summary>
/// The accuracy gate: one freshly generated secret per built-in rule, planted in a tree of realistic project files
/// (16 file types), scanned the way <c>bulwark scan</c> does. Every plant must be reported by its own rule at its
/// exact line (recall 100% on covered types), and nothing else in those files may be reported.
/// </summary>
public sealed class PlantedSecretsRecallTests : IDisposable
{
    private const int Seed = 20261123;
    private readonly string _root = Directory.CreateTempSubdirectory("bulwark-planted-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Every_rule_has_a_plant_and_plants_use_every_file_type()
    {
        var specs = new PlantGenerator(Seed).Generate(BuiltInRules.All);

        Assert.Empty(BuiltInRules.All.Select(r => r.Id).Except(specs.Select(s => s.RuleId)));
        Assert.Empty(Enum.GetValues<PlantFormat>().Except(specs.Select(s => s.Format)));
        // Only formats that cannot be made here without their tools (DSA, PGP, PuTTY, ssh.com keys) reuse the sample.
        Assert.All(specs.Where(s => s.FromSample), s => Assert.Contains(s.RuleId, SampleOnlyRules));
    }

    [Fact]
    public void Every_planted_secret_is_found_by_its_rule_at_its_line()
    {
        var planted = new PlantedTree(_root).Write(new PlantGenerator(Seed).Generate(BuiltInRules.All));

        var findings = Scan();

        var reported = findings.Select(Key).ToHashSet();
        var misses = planted.Where(p => !reported.Contains((p.RuleId, p.File, p.Line))).ToList();
        Assert.True(misses.Count == 0, $"{misses.Count} of {planted.Count} plants missed:\n" + string.Join('\n', misses.Select(m =>
            $"  {m.RuleId} {m.File}:{m.Line} ({m.Format}, {m.Redacted}); reported there: " +
            string.Join(", ", findings.Where(f => Key(f).File == m.File && Key(f).Line == m.Line).Select(f => f.RuleId)))));

        var plantedLines = planted.Select(p => (p.File, p.Line)).ToHashSet();
        var extras = findings.Where(f => !plantedLines.Contains((Key(f).File, Key(f).Line))).ToList();
        Assert.True(extras.Count == 0, "reported outside the plants:\n" + string.Join('\n', extras.Select(f => $"  {f.RuleId} {Key(f).File}:{Key(f).Line}")));
    }

    [Fact]
    public void Planted_secrets_are_found_in_every_file_type_with_the_secret_itself()
    {
        var planted = new PlantedTree(_root).Write(new PlantGenerator(Seed + 1).Generate(BuiltInRules.All));

        var findings = Scan(noRedact: true);

        var secrets = findings.ToLookup(Key, f => f.GetProperty("secret"));
        foreach (var format in Enum.GetValues<PlantFormat>())
        {
            var ofFormat = planted.Where(p => p.Format == format).ToList();
            var wrong = ofFormat.Where(p => !secrets[(p.RuleId, p.File, p.Line)].Contains(p.Secret)).ToList();
            Assert.True(wrong.Count == 0, $"{format}: {ofFormat.Count - wrong.Count} of {ofFormat.Count} plants reported with their secret; not: " +
                string.Join(", ", wrong.Select(p => $"{p.RuleId} {p.File}:{p.Line} {p.Redacted} (reported {string.Join("/", secrets[(p.RuleId, p.File, p.Line)].Select(s => s is null ? "" : $"{s[..Math.Min(4, s.Length)]}…({s.Length})"))})")));
        }
    }

    internal static readonly string[] SampleOnlyRules = ["private-key-dsa", "private-key-pgp", "private-key-putty", "private-key-ssh2-encrypted"];

    private static (string RuleId, string File, int Line) Key(Finding finding)
    {
        var location = (SecretLocation)finding.Location;
        return (finding.RuleId ?? "", location.File, location.StartLine);
    }

    private List<Finding> Scan(bool noRedact = false)
    {
        var settings = new ScanSettings { Root = _root, NoRedact = noRedact };
        var result = new ScanRunner([SecretsAnalyzerRegistration.Create(settings)])
            .Run(new ScanOptions { Settings = settings, MaxParallelism = 2 }, ToolInfo.Bulwark("test"));
        return [.. result.Findings];
    }
}

using Bulwark.Analyzers.Secrets.Accuracy;
using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Secrets.Tests.Accuracy;

/// <summary>
/// The accuracy gate: freshly generated secrets of every built-in rule, planted in a tree of realistic project files
/// (32 formats: syntaxes, string forms, encodings), scanned the way <c>bulwark scan</c> does. Every plant must be
/// reported by its own rule at its exact line, and nothing else in those files may be reported.
/// </summary>
public sealed class PlantedSecretsRecallTests : IDisposable
{
    private const int Seed = 20261123;
    private readonly string _root = Directory.CreateTempSubdirectory("bulwark-planted-").FullName;

    public void Dispose()
    {
        // BULWARK_KEEP_PLANTED=1 keeps the tree to look at a miss (its path is in the temp folder, bulwark-planted-*).
        if (Environment.GetEnvironmentVariable("BULWARK_KEEP_PLANTED") != "1")
        {
            Directory.Delete(_root, recursive: true);
        }
    }

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

    /// <summary>
    /// The cross product: every rule's fresh secret in every file format the generator writes (one tree, one scan).
    /// A miss is reported per (rule, format); a pair that cannot be planted must be listed in <see cref="CannotPlant"/>.
    /// </summary>
    [Fact]
    public void Every_rule_is_found_in_every_file_format()
    {
        var (specs, skips) = new PlantGenerator(Seed + 2).EveryFormat(BuiltInRules.All, PlantGenerator.FileFormats);
        var planted = new PlantedTree(_root).Write(specs);

        var findings = Scan();

        var reported = findings.Select(Key).ToHashSet();
        var misses = planted.Where(p => !reported.Contains((p.RuleId, p.File, p.Line))).ToList();
        var plantedLines = planted.Select(p => (p.File, p.Line)).ToHashSet();
        var extras = findings.Where(f => !plantedLines.Contains((Key(f).File, Key(f).Line))).ToList();
        var unexplained = skips.Where(s => CannotPlant(s) is null).ToList();

        // The lists say what is left to do: an entry that no longer applies is stale and must go.
        var skipped = skips.Select(s => (s.RuleId, s.Format)).ToHashSet();
        var stale = NotPlantable.SelectMany(n => n.Rules.SelectMany(r => n.Formats.Select(f => (RuleId: r, Format: f)))).Where(p => !skipped.Contains(p)).ToList();
        Assert.True(misses.Count + extras.Count + unexplained.Count + stale.Count == 0,
            $"{misses.Count} of {planted.Count} plants missed, by format:\n" + string.Join('\n', misses.GroupBy(m => m.Format).Select(g =>
                $"  {g.Key} ({g.Count()}): " + string.Join(", ", g.Select(m => $"{m.RuleId} {m.File}:{m.Line} [{string.Join("/", findings.Where(f => Key(f).File == m.File && Key(f).Line == m.Line).Select(f => f.RuleId))}]")))) +
            $"\n{extras.Count} reported outside the plants:\n" + string.Join('\n', extras.Select(f => $"  {f.RuleId} {Key(f).File}:{Key(f).Line}")) +
            $"\n{unexplained.Count} (rule, format) pairs not planted and not listed with a reason:\n" + string.Join('\n', unexplained.GroupBy(s => s.Format).Select(g =>
                $"  {g.Key} ({g.Count()}): " + string.Join(", ", g.Select(s => $"{s.RuleId} ({s.Reason})")))) +
            $"\n{stale.Count} listed as not plantable or missed that now are planted and found:\n  " + string.Join(", ", stale.Select(p => $"{p.RuleId} in {p.Format}")));
    }

    /// <summary>Why a (rule, format) pair is not planted, or null when it must be.</summary>
    private static string? CannotPlant(PlantSkip skip) => skip switch
    {
        { Format: PlantFormat.Markdown } when skip.Reason.StartsWith("the rule allowlists documentation", StringComparison.Ordinal) =>
            "generic rules skip documentation, where made-up values are the norm (docs/secrets.md)",
        _ => NotPlantable.FirstOrDefault(n => n.Rules.Contains(skip.RuleId) && n.Formats.Contains(skip.Format)).Reason,
    };

    private static readonly PlantFormat[] OneLineStrings =
    [
        PlantFormat.Json, PlantFormat.Properties, PlantFormat.PropertiesColon, PlantFormat.PropertiesSpace, PlantFormat.C,
        PlantFormat.MinifiedJs, PlantFormat.DotEnv, PlantFormat.Notebook,
    ];

    /// <summary>
    /// (rule, format) pairs the generator cannot write so that the rule's own regex (gitleaks semantics) still reads
    /// them, each with the reason. Every entry must still apply (the test fails on a stale one): the list is what is left.
    /// </summary>
    private static readonly (string[] Rules, PlantFormat[] Formats, string Reason)[] NotPlantable =
    [
        (["nuget-config-password", "maven-settings-password"], [PlantFormat.Xml, PlantFormat.HtmlAttribute],
            "an XML file written into XML or HTML is entity-escaped (&lt;add key=…): the rule reads the file's own markup"),
        (["freemius-secret-key"], [PlantFormat.Xml, PlantFormat.HtmlAttribute],
            "PHP's => becomes =&gt; in XML and HTML text; the rule reads the PHP array syntax"),
        (["django-insecure-secret-key"], [PlantFormat.Xml, PlantFormat.HtmlAttribute],
            "the key's own quotes become &quot; and its & (Django's alphabet) &amp;: the rule reads the quoted Python string"),
        (["kubernetes-secret-yaml"], OneLineStrings,
            "a whole Secret manifest escaped onto one line (or one JSON string per line) is no longer YAML; its values are found by the encoded-content decoder only as data lines"),
        (["ansible-vault-token", "private-key-putty"], [PlantFormat.Notebook],
            "a notebook stores each line as a JSON string of its own: the header line and the body are split by quotes and commas the rule's line structure does not allow"),
    ];

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

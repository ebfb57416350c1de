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
        var misses = planted.Where(p => !reported.Contains((p.RuleId, p.File, p.Line)) && !KnownMisses.Contains((p.RuleId, p.Format))).ToList();
        var plantedLines = planted.Select(p => (p.File, p.Line)).ToHashSet();
        var extras = findings.Where(f => !plantedLines.Contains((Key(f).File, Key(f).Line))).ToList();
        var unexplained = skips.Where(s => CannotPlant(s) is null).ToList();
        Assert.True(misses.Count + extras.Count + unexplained.Count == 0,
            $"{misses.Count} of {planted.Count} plants missed, by format:\n" + string.Join('\n', misses.GroupBy(m => m.Format).Select(g =>
                $"  {g.Key} ({g.Count()}): " + string.Join(", ", g.Select(m => $"{m.RuleId} {m.File}:{m.Line} [{string.Join("/", findings.Where(f => Key(f).File == m.File && Key(f).Line == m.Line).Select(f => f.RuleId))}]")))) +
            $"\n{extras.Count} reported outside the plants:\n" + string.Join('\n', extras.Select(f => $"  {f.RuleId} {Key(f).File}:{Key(f).Line}")) +
            $"\n{unexplained.Count} (rule, format) pairs not planted and not listed with a reason:\n" + string.Join('\n', unexplained.GroupBy(s => s.Format).Select(g =>
                $"  {g.Key} ({g.Count()}): " + string.Join(", ", g.Select(s => $"{s.RuleId} ({s.Reason})")))));
    }

    /// <summary>Why a (rule, format) pair is not planted, or null when it must be.</summary>
    private static string? CannotPlant(PlantSkip skip) => skip switch
    {
        { Format: PlantFormat.Markdown } when skip.Reason.StartsWith("the rule allowlists documentation", StringComparison.Ordinal) =>
            "generic rules skip documentation, where made-up values are the norm (docs/secrets.md)",
        _ when FileShapedRules.TryGetValue(skip.RuleId, out var formats) && formats.Contains(skip.Format) =>
            "the secret is known by the file it sits in; escaped into a string of another format (or re-wrapped) that shape is gone",
        _ => null,
    };

    private static readonly PlantFormat[] Escaping =
    [
        PlantFormat.Json, PlantFormat.Xml, PlantFormat.HtmlAttribute, PlantFormat.Properties, PlantFormat.PropertiesColon, PlantFormat.PropertiesSpace,
        PlantFormat.C, PlantFormat.Notebook, PlantFormat.MinifiedJs, PlantFormat.DotEnv,
    ];

    private static readonly PlantFormat[] Indenting = [PlantFormat.Terraform, PlantFormat.Ruby, PlantFormat.Ini, PlantFormat.Yaml, PlantFormat.YamlFlow, PlantFormat.CSharp, PlantFormat.CSharpBom, PlantFormat.Java];

    /// <summary>
    /// Rules whose secret is recognised by the layout of its own file (a NuGet.Config, a Maven settings.xml, a JAAS
    /// file, a Docker config.json, an Ansible Vault, a PuTTY key, a service-account JSON, .npmrc/.netrc/redis.conf
    /// lines), and the formats that cannot keep that layout: the pending work of this test (docs/secrets.md).
    /// </summary>
    private static readonly Dictionary<string, PlantFormat[]> FileShapedRules = new()
    {
        ["nuget-config-password"] = Escaping,
        ["docker-config-auth"] = Escaping,
        ["maven-settings-password"] = Escaping,
        ["kafka-jaas-password"] = Escaping,
        ["kubernetes-secret-yaml"] = Escaping,
        ["ansible-vault-token"] = Escaping,
        ["gcp-service-account-key"] = Escaping,
        ["npmrc-auth-token"] = [.. Escaping, PlantFormat.JavaScript, PlantFormat.Go, PlantFormat.GoRaw],
        ["npmrc-basic-auth"] = [.. Escaping, PlantFormat.JavaScript, PlantFormat.Go, PlantFormat.GoRaw],
        ["redis-requirepass"] = [PlantFormat.Notebook, PlantFormat.GoRaw],
        ["netrc-credentials"] = [PlantFormat.GoRaw, PlantFormat.Notebook],
        ["teams-workflow-webhook-url"] = [PlantFormat.Xml, PlantFormat.HtmlAttribute],
        ["google-chat-webhook-url"] = [PlantFormat.Xml, PlantFormat.HtmlAttribute],
        ["freemius-secret-key"] = [PlantFormat.Xml, PlantFormat.HtmlAttribute],
        ["django-insecure-secret-key"] = [PlantFormat.Xml, PlantFormat.HtmlAttribute],
        ["private-key-putty"] = [.. Escaping, .. Indenting],
        ["private-key-ssh2-encrypted"] = [.. Escaping, .. Indenting],
        ["private-key-rsa"] = [PlantFormat.Notebook, .. Indenting],
        ["private-key-dsa"] = [PlantFormat.Notebook, .. Indenting],
        ["private-key-pkcs8-encrypted"] = [PlantFormat.Notebook, .. Indenting],
        ["private-key-pgp"] = [PlantFormat.Notebook, .. Indenting],
    };

    /// <summary>Plants the scan misses today, each with its (rule, format): pending work, listed rather than hidden.</summary>
    private static readonly HashSet<(string RuleId, PlantFormat Format)> KnownMisses =
    [
        // A 15-char password base64-encoded in a Secret's data: decoded, its line is found as plain text, not yet through the decoder.
        ("generic-password-assignment", PlantFormat.KubernetesSecret),
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

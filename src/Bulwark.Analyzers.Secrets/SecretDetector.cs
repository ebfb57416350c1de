using Bulwark.Analyzers.Secrets.Detection;

namespace Bulwark.Analyzers.Secrets;

/// <summary>
/// Finds secrets in text with a set of rules. All rule keywords are searched in one vectorised pass; a rule's
/// regex then runs only on the lines around its keywords' occurrences (rules without keywords, the visible
/// exception, run on the whole text). A regex that exceeds its time budget moves to the linear-time engine, so no
/// input makes a rule hang.
/// Built once, the detector is immutable and <see cref="Detect(string, SecretSource)"/> is thread-safe.
/// </summary>
public sealed class SecretDetector
{
    private readonly CompiledRuleSet _set;
    private readonly Dictionary<string, SecretRule> _rulesById = new(StringComparer.Ordinal);

    public SecretDetector(IEnumerable<SecretRule> rules)
        : this(rules, [], null)
    {
    }

    public SecretDetector(IEnumerable<SecretRule> rules, SecretDetectorOptions? options)
        : this(rules, [], options)
    {
    }

    /// <summary>A detector for a loaded configuration: its rules and its global allowlists.</summary>
    public SecretDetector(SecretsConfig config, SecretDetectorOptions? options = null)
        : this(config?.Rules ?? throw new ArgumentNullException(nameof(config)), config.Allowlists, options)
    {
    }

    /// <exception cref="SecretConfigException">A rule's regex is invalid or its secret group does not exist.</exception>
    public SecretDetector(IEnumerable<SecretRule> rules, IEnumerable<SecretAllowlist> globalAllowlists, SecretDetectorOptions? options)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(globalAllowlists);
        _set = new CompiledRuleSet(rules, globalAllowlists, options ?? SecretDetectorOptions.Default);
        Rules = [.. _set.Rules.Select(r => r.Rule)];
        foreach (var rule in Rules)
        {
            _rulesById.TryAdd(rule.Id, rule);
        }
    }

    public IReadOnlyList<SecretRule> Rules { get; }

    public SecretDetectorOptions Options => _set.Options;

    public SecretRule? FindRule(string ruleId) => _rulesById.GetValueOrDefault(ruleId);

    /// <summary>The hits in <paramref name="text"/>, in text order (path-only rules' file hits first).</summary>
    public IReadOnlyList<SecretMatch> Detect(string text, string path = "") => Detect(text, new SecretSource(path)).Matches;

    /// <summary>The hits in <paramref name="text"/> with warnings and the count of dropped format-invalid hits.</summary>
    public SecretDetection Detect(string text, SecretSource source)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new DetectionRun(_set, text.AsMemory(), source).Run();
    }

    /// <summary>
    /// The hits in a text held in a buffer (pooled, reused): only regions where a rule matches are copied, and
    /// nothing of the buffer is kept after the call.
    /// </summary>
    public SecretDetection Detect(ReadOnlyMemory<char> text, SecretSource source) => new DetectionRun(_set, text, source).Run();

    /// <summary>
    /// Whether a global allowlist drops every hit of this file by its path or commit alone, so a scanner
    /// can skip reading it.
    /// </summary>
    public bool IsAllowedFile(SecretSource source)
    {
        foreach (var allowlist in _set.GlobalAllowlists)
        {
            if (allowlist.AllowsFile(source with { Path = source.Path ?? "" }))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Shannon entropy in bits per char.</summary>
    public static double ShannonEntropy(ReadOnlySpan<char> value) => Detection.ShannonEntropy.Of(value);
}

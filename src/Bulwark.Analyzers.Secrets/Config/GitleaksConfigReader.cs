using System.Globalization;
using System.Text.RegularExpressions;
using Bulwark.Analyzers.Secrets.Detection;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Tomlyn;
using Tomlyn.Model;

namespace Bulwark.Analyzers.Secrets.Config;

/// <summary>The work behind <see cref="GitleaksConfig"/>: one file, its rules and allowlists, then what it extends.</summary>
internal sealed class GitleaksConfigReader
{
    /// <summary>
    /// The widest <see cref="SecretRule.MultilineSpan"/> a rule gets from its regex alone: a PEM block of a 8192-bit
    /// RSA key fits, as in the built-in key rules.
    /// </summary>
    private const int MaxImpliedMultilineSpan = 16384;

    private readonly string _path;
    private readonly List<string> _warnings = [];

    private GitleaksConfigReader(string path) => _path = path;

    public static SecretsConfig Load(string path, int depth)
    {
        string toml;
        try
        {
            toml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretConfigException($"{path}: cannot read the secrets configuration: {e.Message}", configPath: path, innerException: e);
        }

        return Parse(toml, path, depth);
    }

    public static SecretsConfig Parse(string toml, string path, int depth) => new GitleaksConfigReader(path).Read(toml, depth);

    private SecretsConfig Read(string toml, int depth)
    {
        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(toml) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw Error($"not valid TOML: {e.Message}", innerException: e);
        }

        WarnUnknownKeys(document, "top level", "title", "description", "extend", "rules", "allowlist", "allowlists");
        var title = String(document, "title", "title");
        var drafts = Rules(document);
        var (global, targeted) = GlobalAllowlists(document);

        var extend = TryGet(document, "extend", out var value) ? As<TomlTable>(value, "[extend]") : null;
        SecretsConfig? extended = null;
        var disabled = new HashSet<string>(StringComparer.Ordinal);
        if (extend is not null)
        {
            WarnUnknownKeys(extend, "[extend]", "useDefault", "path", "url", "disabledRules");
            var useDefault = Bool(extend, "useDefault", "[extend] useDefault") ?? false;
            var extendPath = String(extend, "path", "[extend] path");
            if (String(extend, "url", "[extend] url") is not null)
            {
                throw Error("[extend] url is not supported: a scan never fetches configuration from the network");
            }

            if (useDefault && extendPath is not null)
            {
                throw Error("[extend] cannot set both useDefault and path");
            }

            disabled.UnionWith(Strings(extend, "disabledRules", "[extend] disabledRules"));
            if (depth >= GitleaksConfig.MaxExtendDepth)
            {
                if (useDefault || extendPath is not null)
                {
                    _warnings.Add($"{_path}: [extend] ignored: configurations extend at most {GitleaksConfig.MaxExtendDepth} levels deep");
                }
            }
            else if (useDefault)
            {
                extended = SecretsConfig.BuiltIn;
            }
            else if (extendPath is not null)
            {
                extended = Load(ResolveExtendPath(extendPath), depth + 1);
            }
        }

        var rules = Merge(extended, drafts, disabled);
        foreach (var (ruleId, allowlists) in targeted)
        {
            var targets = Targets(rules, ruleId);
            if (targets.Count == 0 && !IsGitleaksDefaultOverBuiltIns(rules, ruleId))
            {
                throw Error($"[[allowlists]] targetRules names rule '{ruleId}', which does not exist");
            }

            if (targets.Count == 0)
            {
                _warnings.Add($"{_path}: [[allowlists]] targetRules names gitleaks' default rule '{ruleId}', which the built-in rules have no counterpart for; the allowlist is not used");
            }

            foreach (var index in targets)
            {
                rules[index] = rules[index] with { Allowlists = rules[index].Allowlists.Concat(allowlists).ToEquatableArray() };
            }
        }

        return new SecretsConfig
        {
            Title = title ?? extended?.Title,
            SourcePath = _path,
            Rules = rules,
            Allowlists = [.. global, .. extended?.Allowlists ?? []],
            Warnings = [.. _warnings, .. extended?.Warnings ?? []],
        };
    }

    private string ResolveExtendPath(string extendPath)
    {
        if (Path.IsPathRooted(extendPath))
        {
            return extendPath;
        }

        // Relative to the extending file; gitleaks resolves against the working directory, tried second.
        var besideConfig = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(_path) ?? ".", extendPath));
        return File.Exists(besideConfig) || !File.Exists(extendPath) ? besideConfig : Path.GetFullPath(extendPath);
    }

    private List<SecretRule> Merge(SecretsConfig? extended, List<RuleDraft> drafts, HashSet<string> disabled)
    {
        var rules = new List<SecretRule>();
        var draftsById = new Dictionary<string, RuleDraft>(StringComparer.Ordinal);
        foreach (var draft in drafts)
        {
            draftsById.Add(draft.Id, draft);
        }

        if (extended is not null)
        {
            foreach (var id in disabled.Where(id => extended.Rules.All(r => r.Id != id)).ToList())
            {
                var counterparts = Targets(extended.Rules, id).Select(i => extended.Rules[i].Id).ToList();
                if (counterparts.Count > 0)
                {
                    disabled.UnionWith(counterparts);
                }
                else
                {
                    _warnings.Add($"{_path}: [extend] disabledRules names '{id}', which the extended configuration does not have");
                }
            }

            foreach (var baseRule in extended.Rules)
            {
                if (disabled.Contains(baseRule.Id))
                {
                    continue;
                }

                if (draftsById.Remove(baseRule.Id, out var draft))
                {
                    var merged = draft.Override(baseRule);
                    if (draft.Regex is not null && draft.SecretGroup is not > 0 && merged.SecretGroup > CaptureGroups(merged.Regex))
                    {
                        // A secretGroup counts the groups of its own regex. Bulwark's built-in rules (useDefault) are
                        // not gitleaks' defaults: a user's new rule may share an id with one of them by chance.
                        _warnings.Add($"{_path}: rule '{draft.Id}' replaces the regex of the extended rule of that id, which took its " +
                            $"secret from group {merged.SecretGroup}; the new regex has fewer groups, so the secret is its first non-empty group");
                        merged = merged with { SecretGroup = 0 };
                    }

                    rules.Add(Validate(merged, draft.Id));
                }
                else
                {
                    rules.Add(baseRule);
                }
            }
        }

        foreach (var draft in drafts.Where(d => draftsById.ContainsKey(d.Id)))
        {
            if (draft.Regex is null && draft.Path is null && IsGitleaksDefaultOverBuiltIns(rules, draft.Id))
            {
                // A refinement of one of gitleaks' default rules (more allowlists, say): it refines the built-in
                // counterparts, if any.
                var targets = Targets(rules, draft.Id);
                if (targets.Count == 0)
                {
                    _warnings.Add($"{_path}: rule '{draft.Id}' refines gitleaks' default rule of that id, which the built-in rules have no counterpart for; it is not used");
                }

                foreach (var index in targets)
                {
                    rules[index] = rules[index] with
                    {
                        Allowlists = rules[index].Allowlists.Concat(draft.Allowlists).ToEquatableArray(),
                        Tags = rules[index].Tags.Concat(draft.Tags).Distinct(StringComparer.Ordinal).ToEquatableArray(),
                        Entropy = draft.Entropy is > 0 ? draft.Entropy : rules[index].Entropy,
                    };
                }

                continue;
            }

            if (draft.Regex is null && draft.Path is null)
            {
                throw Error($"rule '{draft.Id}' has neither a regex nor a path", draft.Id);
            }

            rules.Add(Validate(draft.ToRule(), draft.Id));
        }

        return rules;
    }

    /// <summary>
    /// The rules <paramref name="ruleId"/> names: the rule of that id, or, for one of gitleaks' default ids the
    /// built-in rules name differently (<c>generic-api-key</c>), the built-in counterparts present.
    /// </summary>
    private static List<int> Targets(IReadOnlyList<SecretRule> rules, string ruleId)
    {
        var targets = new List<int>();
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Id == ruleId)
            {
                return [i];
            }
        }

        if (GitleaksDefaultRuleIds.TryGetCounterparts(ruleId, out var counterparts))
        {
            for (var i = 0; i < rules.Count; i++)
            {
                if (counterparts.Contains(rules[i].Id, StringComparer.Ordinal))
                {
                    targets.Add(i);
                }
            }
        }

        return targets;
    }

    /// <summary>
    /// Whether <paramref name="ruleId"/> is one of gitleaks' default ids and the rules hold the built-in set
    /// (<c>useDefault</c> somewhere up the chain), so a config written for gitleaks' defaults may name it.
    /// </summary>
    private static bool IsGitleaksDefaultOverBuiltIns(IReadOnlyList<SecretRule> rules, string ruleId)
    {
        if (!GitleaksDefaultRuleIds.TryGetCounterparts(ruleId, out _))
        {
            return false;
        }

        var builtIns = new HashSet<object>(SecretsConfig.BuiltIn.Rules, ReferenceEqualityComparer.Instance);
        return rules.Any(builtIns.Contains);
    }

    /// <summary>The capture groups of a .NET regex; an invalid one is left for <see cref="Validate"/> to report.</summary>
    private static int CaptureGroups(string regex)
    {
        try
        {
            return RuleRegex.Validate(regex);
        }
        catch (ArgumentException)
        {
            return int.MaxValue;
        }
    }

    /// <summary>Parses the final regex the way the detector will, so an error names this file and the rule.</summary>
    private SecretRule Validate(SecretRule rule, string ruleId)
    {
        if (rule.Regex.Length == 0)
        {
            return rule;
        }

        int groups;
        try
        {
            groups = RuleRegex.Validate(rule.Regex);
        }
        catch (ArgumentException e)
        {
            throw Error($"regex is invalid after translation to .NET: {e.Message}", ruleId, innerException: e);
        }

        if (rule.SecretGroup > groups)
        {
            throw Error($"secretGroup {rule.SecretGroup} but the regex has {groups} capture group(s)", ruleId);
        }

        return rule;
    }

    private List<RuleDraft> Rules(TomlTable document)
    {
        var drafts = new List<RuleDraft>();
        if (!TryGet(document, "rules", out var value))
        {
            return drafts;
        }

        foreach (var table in As<TomlTableArray>(value, "[[rules]]"))
        {
            var id = String(table, "id", "[[rules]] id");
            if (string.IsNullOrWhiteSpace(id))
            {
                // gitleaks v7 named rules by description alone; v8 needs an id, as here.
                throw Error($"a [[rules]] entry has no id (description: {String(table, "description", "description") ?? "none"}); gitleaks v8 rules need one");
            }

            WarnUnknownKeys(table, $"rule '{id}'", "id", "description", "regex", "path", "secretGroup", "entropy", "keywords", "tags",
                "allowlist", "allowlists", "required", "skipReport", "severity", "multilineSpan");

            var regex = String(table, "regex", Where(id, "regex")) is { Length: > 0 } re2 ? TranslateWithShape(re2, id, "regex") : (Re2Shape?)null;
            var draft = new RuleDraft(id)
            {
                Description = String(table, "description", Where(id, "description")),
                Regex = regex?.Regex,
                ImpliedMultilineSpan = regex is { CrossesLines: true } shape ? Math.Min(shape.MaxLength, MaxImpliedMultilineSpan) : null,
                Path = TranslateOptional(String(table, "path", Where(id, "path")), id, "path"),
                SecretGroup = Int(table, "secretGroup", Where(id, "secretGroup")),
                Entropy = Number(table, "entropy", Where(id, "entropy")),
                Keywords = Strings(table, "keywords", Where(id, "keywords")).Select(k => k.ToLowerInvariant()).ToEquatableArray(),
                Tags = Strings(table, "tags", Where(id, "tags")),
                MultilineSpan = Int(table, "multilineSpan", Where(id, "multilineSpan")),
            };
            if (String(table, "severity", Where(id, "severity")) is { } severityText)
            {
                draft.Severity = SeverityScale.TryParse(severityText, out var severity)
                    ? severity
                    : throw Error($"unknown severity '{severityText}'", id);
            }

            if (Has(table, "allowlist") && Has(table, "allowlists"))
            {
                throw Error("[rules.allowlist] is the older form of [[rules.allowlists]]; use one of them", id);
            }

            if (TryGet(table, "allowlist", out var single))
            {
                draft.Allowlists.Add(Allowlist(As<TomlTable>(single, Where(id, "allowlist")), id));
            }

            if (TryGet(table, "allowlists", out var many))
            {
                foreach (var allowlist in As<TomlTableArray>(many, Where(id, "allowlists")))
                {
                    draft.Allowlists.Add(Allowlist(allowlist, id));
                }
            }

            if (Has(table, "required"))
            {
                _warnings.Add($"{_path}: rule '{id}': [[rules.required]] (composite rules) is not supported; the rule reports on its own");
            }

            if (Has(table, "skipReport"))
            {
                _warnings.Add($"{_path}: rule '{id}': skipReport is not supported; the rule reports its findings");
            }

            // gitleaks keeps the last of two rules with one id; so do we, and say so.
            if (drafts.FindIndex(d => d.Id == id) is var earlier and >= 0)
            {
                _warnings.Add($"{_path}: rule '{id}' is defined twice; the later definition is used, as in gitleaks");
                drafts.RemoveAt(earlier);
            }

            drafts.Add(draft);
        }

        return drafts;
    }

    private (List<SecretAllowlist> Global, List<(string RuleId, List<SecretAllowlist> Allowlists)> Targeted) GlobalAllowlists(TomlTable document)
    {
        var global = new List<SecretAllowlist>();
        var targeted = new List<(string, List<SecretAllowlist>)>();
        if (Has(document, "allowlist") && Has(document, "allowlists"))
        {
            throw Error("[allowlist] is the older form of [[allowlists]]; use one of them");
        }

        var tables = new List<TomlTable>();
        if (TryGet(document, "allowlist", out var single))
        {
            tables.Add(As<TomlTable>(single, "[allowlist]"));
        }

        if (TryGet(document, "allowlists", out var many))
        {
            tables.AddRange(As<TomlTableArray>(many, "[[allowlists]]"));
        }

        foreach (var table in tables)
        {
            var allowlist = Allowlist(table, ruleId: null);
            var targetRules = Strings(table, "targetRules", "[[allowlists]] targetRules");
            if (targetRules.IsEmpty)
            {
                global.Add(allowlist);
            }
            else
            {
                targeted.AddRange(targetRules.Select(id => (id, new List<SecretAllowlist> { allowlist })));
            }
        }

        return (global, targeted);
    }

    private SecretAllowlist Allowlist(TomlTable table, string? ruleId)
    {
        var where = ruleId is null ? "global allowlist" : $"rule '{ruleId}' allowlist";
        WarnUnknownKeys(table, where, ruleId is null
            ? ["description", "condition", "regexTarget", "regexes", "paths", "stopwords", "commits", "targetRules"]
            : ["description", "condition", "regexTarget", "regexes", "paths", "stopwords", "commits"]);
        var condition = String(table, "condition", $"{where} condition")?.Trim().ToUpperInvariant() switch
        {
            null or "" or "OR" or "||" => AllowlistCondition.Or,
            "AND" or "&&" => AllowlistCondition.And,
            var other => throw Error($"{where}: unknown condition '{other}' (expected AND or OR)", ruleId),
        };
        var target = String(table, "regexTarget", $"{where} regexTarget") switch
        {
            null or "" or "secret" => AllowlistTarget.Secret,
            "match" => AllowlistTarget.Match,
            "line" => AllowlistTarget.Line,
            var other => throw Error($"{where}: unknown regexTarget '{other}' (expected secret, match or line)", ruleId),
        };
        var allowlist = new SecretAllowlist
        {
            Description = String(table, "description", $"{where} description"),
            Condition = condition,
            RegexTarget = target,
            Regexes = Strings(table, "regexes", $"{where} regexes").Select(r => Translate(r, ruleId, $"{where} regex")).ToEquatableArray(),
            Paths = Strings(table, "paths", $"{where} paths").Select(r => Translate(r, ruleId, $"{where} path")).ToEquatableArray(),
            StopWords = Strings(table, "stopwords", $"{where} stopwords").Select(w => w.ToLowerInvariant()).ToEquatableArray(),
            Commits = Strings(table, "commits", $"{where} commits"),
        };
        if (allowlist.Regexes.IsEmpty && allowlist.Paths.IsEmpty && allowlist.StopWords.IsEmpty && allowlist.Commits.IsEmpty)
        {
            throw Error($"{where} must contain at least one of commits, paths, regexes or stopwords", ruleId);
        }

        foreach (var pattern in allowlist.Regexes.Concat(allowlist.Paths))
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw Error($"{where}: regex is invalid after translation to .NET: {e.Message}", ruleId, innerException: e);
            }
        }

        return allowlist;
    }

    private string? TranslateOptional(string? re2, string ruleId, string field) =>
        string.IsNullOrEmpty(re2) ? null : Translate(re2, ruleId, field);

    private string Translate(string re2, string? ruleId, string field) => TranslateWithShape(re2, ruleId, field).Regex;

    private Re2Shape TranslateWithShape(string re2, string? ruleId, string field)
    {
        try
        {
            return Re2Translator.TranslateWithShape(re2);
        }
        catch (Re2TranslationException e)
        {
            throw Error($"{field}: cannot translate the RE2 regex to .NET: {e.Message}", ruleId, e.Construct, e);
        }
    }

    private static string Where(string ruleId, string key) => $"rule '{ruleId}' {key}";

    /// <summary>A key of a table, its case ignored: gitleaks reads its configuration through viper, which does.</summary>
    private static bool TryGet(TomlTable table, string key, out object? value)
    {
        if (table.TryGetValue(key, out value))
        {
            return true;
        }

        foreach (var (name, item) in table)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                value = item;
                return true;
            }
        }

        value = null;
        return false;
    }

    private static bool Has(TomlTable table, string key) => TryGet(table, key, out _);

    /// <summary>
    /// Keys gitleaks does not read are ignored, as gitleaks ignores them, with a warning: most are gitleaks v7's
    /// (<c>[whitelist]</c>, <c>file</c>, <c>[[rules.Entropies]]</c>) or misspellings, and either way the scan does not
    /// do what the file seems to ask.
    /// </summary>
    private void WarnUnknownKeys(TomlTable table, string where, params string[] known)
    {
        foreach (var (name, _) in table)
        {
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                var hint = name.ToLowerInvariant() switch
                {
                    "whitelist" => " (gitleaks v7; v8 reads [allowlist])",
                    "file" or "files" => " (gitleaks v7; v8 matches file paths with 'paths', or 'path' on a rule)",
                    "entropies" => " (gitleaks v7; v8 reads 'entropy = N' on the rule)",
                    _ => "",
                };
                _warnings.Add($"{_path}: {where}: unknown key '{name}' is ignored, as gitleaks ignores it{hint}");
            }
        }
    }

    private SecretConfigException Error(string message, string? ruleId = null, string? construct = null, Exception? innerException = null)
    {
        var rule = ruleId is null || message.StartsWith("rule '", StringComparison.Ordinal) ? "" : $"rule '{ruleId}': ";
        return new SecretConfigException($"{_path}: {rule}{message}", _path, ruleId, construct, innerException);
    }

    private T As<T>(object? value, string what)
        where T : class =>
        value as T ?? throw Error($"{what}: expected {TomlKind(typeof(T))}, found {TomlKind(value?.GetType())}");

    private string? String(TomlTable table, string key, string what) =>
        TryGet(table, key, out var value) ? As<string>(value, what) : null;

    private bool? Bool(TomlTable table, string key, string what) => TryGet(table, key, out var value)
        ? value as bool? ?? throw Error($"{what}: expected a boolean, found {TomlKind(value?.GetType())}")
        : null;

    private int? Int(TomlTable table, string key, string what) => TryGet(table, key, out var value)
        ? value is long n and >= 0 and <= int.MaxValue ? (int)n : throw Error($"{what}: expected a non-negative integer")
        : null;

    private double? Number(TomlTable table, string key, string what) => TryGet(table, key, out var value)
        ? value switch
        {
            double d => d,
            long n => n,
            _ => throw Error($"{what}: expected a number, found {TomlKind(value?.GetType())}"),
        }
        : null;

    private EquatableArray<string> Strings(TomlTable table, string key, string what)
    {
        if (!TryGet(table, key, out var value))
        {
            return EquatableArray<string>.Empty;
        }

        return As<TomlArray>(value, what).Select(item => As<string>(item, what)).ToEquatableArray();
    }

    private static string TomlKind(Type? type) => type switch
    {
        null => "nothing",
        _ when type == typeof(string) => "a string",
        _ when type == typeof(TomlTable) => "a table",
        _ when type == typeof(TomlTableArray) => "an array of tables",
        _ when type == typeof(TomlArray) => "an array",
        _ when type == typeof(long) || type == typeof(double) => "a number",
        _ when type == typeof(bool) => "a boolean",
        _ => type.Name,
    };

    /// <summary>A rule as one file states it: unset fields stay null, so extending can tell "not said" from "said".</summary>
    private sealed class RuleDraft(string id)
    {
        public string Id { get; } = id;

        public string? Description { get; init; }

        public string? Regex { get; init; }

        public string? Path { get; init; }

        public int? SecretGroup { get; init; }

        public double? Entropy { get; init; }

        public EquatableArray<string> Keywords { get; init; }

        public EquatableArray<string> Tags { get; init; }

        public int? MultilineSpan { get; init; }

        /// <summary>
        /// gitleaks runs a regex on the whole file, so a match may cross lines; Bulwark runs it on the lines around a
        /// keyword. A regex that can cross lines (<c>[\s\S]</c>, <c>\n</c>, <c>(?s:.)</c>) gets a span as long as its
        /// longest match, so what gitleaks finds is found, unless the file sets <c>multilineSpan</c> itself.
        /// </summary>
        public int? ImpliedMultilineSpan { get; init; }

        public Severity? Severity { get; set; }

        public List<SecretAllowlist> Allowlists { get; } = [];

        public SecretRule ToRule() => new()
        {
            Id = Id,
            Description = Description ?? Id,
            Regex = Regex ?? "",
            Path = Path,
            SecretGroup = SecretGroup ?? 0,
            Entropy = Entropy is > 0 ? Entropy : null,
            Keywords = Keywords,
            Tags = Tags,
            Allowlists = Allowlists.ToEquatableArray(),
            Severity = Severity ?? Bulwark.Core.Findings.Severity.High,
            MultilineSpan = MultilineSpan ?? ImpliedMultilineSpan ?? 0,
        };

        /// <summary>gitleaks' extend: what this file says wins, lists are appended.</summary>
        public SecretRule Override(SecretRule baseRule) => baseRule with
        {
            Description = string.IsNullOrEmpty(Description) ? baseRule.Description : Description,
            Regex = Regex ?? baseRule.Regex,
            Path = Path ?? baseRule.Path,
            SecretGroup = SecretGroup is > 0 ? SecretGroup.Value : baseRule.SecretGroup,
            Entropy = Entropy is > 0 ? Entropy : baseRule.Entropy,
            Keywords = baseRule.Keywords.Concat(Keywords).Distinct(StringComparer.OrdinalIgnoreCase).ToEquatableArray(),
            Tags = baseRule.Tags.Concat(Tags).Distinct(StringComparer.Ordinal).ToEquatableArray(),
            Allowlists = baseRule.Allowlists.Concat(Allowlists).ToEquatableArray(),
            Severity = Severity ?? baseRule.Severity,
            MultilineSpan = MultilineSpan ?? (Regex is null ? baseRule.MultilineSpan : ImpliedMultilineSpan ?? 0),
        };
    }
}

using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Accuracy;

/// <summary>Where a planted secret is written: a file type with its own assignment syntax, or the sample as written.</summary>
internal enum PlantFormat
{
    DotEnv,
    Shell,
    Dockerfile,
    Yaml,
    Json,
    Xml,
    Properties,
    Terraform,
    Python,
    JavaScript,
    Go,
    CSharp,
    Java,
    Ruby,
    C,
    Markdown,

    /// <summary>Python configparser INI, Windows line endings (CRLF); multi-line values as indented continuation lines.</summary>
    Ini,
    Toml,
    Rust,

    /// <summary>A Jupyter notebook: code cell source and stream output lines, each a JSON string.</summary>
    Notebook,

    /// <summary>A Kubernetes Secret manifest: values base64-encoded under <c>data:</c>.</summary>
    KubernetesSecret,

    /// <summary>A PowerShell script saved by Windows PowerShell 5 (UTF-16LE with a byte order mark, CRLF).</summary>
    PowerShell,

    /// <summary>A minified JavaScript bundle: each plant in the middle of a long single line of code.</summary>
    MinifiedJs,

    /// <summary>Java properties written <c>key: value</c>.</summary>
    PropertiesColon,

    /// <summary>Java properties written <c>key value</c> (whitespace as the separator).</summary>
    PropertiesSpace,

    /// <summary>Dockerfile <c>ARG NAME=value</c> and <c>ENV NAME value</c> (the legacy form).</summary>
    DockerfileArg,

    /// <summary>YAML flow mappings: <c>env: { NAME: value }</c>.</summary>
    YamlFlow,

    /// <summary>HTML/XML attribute values with character entities (<c>&amp;quot;</c>, <c>&amp;amp;</c>).</summary>
    HtmlAttribute,

    /// <summary>A C# file as Visual Studio saves it: UTF-8 with a byte order mark, CRLF, verbatim and raw string literals.</summary>
    CSharpBom,

    /// <summary>Go raw string literals (backquoted).</summary>
    GoRaw,

    /// <summary>The rule's sample as written (multi-line keys, connection strings in their own syntax, .npmrc lines…), secret renewed.</summary>
    Verbatim,
}

/// <summary>One secret to plant: the text that goes into a file and where in it the rule's match starts.</summary>
internal sealed record PlantSpec(string RuleId, string Secret, PlantFormat Format, string Text, int LineOffset, bool FromSample);

/// <summary>
/// Makes planted secrets for a rule set, deterministic for a seed: each rule's true-positive samples give the
/// credential's shape and the key it is assigned to; <see cref="CredentialFactory"/> renews the secret, and an
/// assignment is re-written in the syntax of one of many file types (rotating over rules so every type is used).
/// The rule's regex (not the engine under test) checks each rendering, so a format that cannot carry a rule's
/// key (a camel-cased <c>dd_api_key</c>) is skipped for that rule.
/// </summary>
internal sealed partial class PlantGenerator
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(2);
    private readonly CredentialFactory _factory;

    public PlantGenerator(int seed)
    {
        // A seeded generator on purpose: the corpus must be the same on every run (never used for real secrets).
#pragma warning disable CA5394
        _factory = new CredentialFactory(new Random(seed));
#pragma warning restore CA5394
    }

    /// <summary>Formats rotated over; <see cref="PlantFormat.Markdown"/> is left out for rules that skip documentation.</summary>
    public IReadOnlyList<PlantFormat> Formats { get; init; } =
    [
        PlantFormat.DotEnv, PlantFormat.Yaml, PlantFormat.Json, PlantFormat.Python, PlantFormat.JavaScript, PlantFormat.Shell,
        PlantFormat.Terraform, PlantFormat.Go, PlantFormat.Properties, PlantFormat.CSharp, PlantFormat.Dockerfile, PlantFormat.Xml,
        PlantFormat.Java, PlantFormat.Ruby, PlantFormat.Markdown, PlantFormat.C, PlantFormat.Ini, PlantFormat.Toml, PlantFormat.Rust,
        PlantFormat.Notebook, PlantFormat.KubernetesSecret, PlantFormat.PowerShell, PlantFormat.MinifiedJs, PlantFormat.PropertiesColon,
        PlantFormat.PropertiesSpace, PlantFormat.DockerfileArg, PlantFormat.YamlFlow, PlantFormat.HtmlAttribute, PlantFormat.CSharpBom, PlantFormat.GoRaw,
    ];

    /// <summary><paramref name="perRule"/> plants for each rule, each from the next sample and in the next format.</summary>
    public IReadOnlyList<PlantSpec> Generate(IEnumerable<SecretRule> rules, int perRule = 1)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var specs = new List<PlantSpec>();
        var turn = 0;
        foreach (var rule in rules)
        {
            for (var k = 0; k < perRule; k++, turn++)
            {
                if (For(rule, k, turn) is { } spec)
                {
                    specs.Add(spec);
                }
            }
        }

        return specs;
    }

    /// <summary>A plant for <paramref name="rule"/>, or null when none of its samples matches its regex (a broken rule).</summary>
    public PlantSpec? For(SecretRule rule, int sampleTurn, int formatTurn)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var regex = RegexOf(rule);
        var samples = rule.TruePositives.ToArray();
        PlantSpec? verbatim = null;
        for (var s = 0; s < samples.Length; s++)
        {
            var sample = samples[(sampleTurn + s) % samples.Length];
            if (_factory.Renew(rule, sample) is not { } fresh)
            {
                continue;
            }

            if (!fresh.Text.Contains('\n', StringComparison.Ordinal) && Assignment.Parse(fresh.Text, fresh.Secret) is { } assignment)
            {
                for (var f = 0; f < Formats.Count; f++)
                {
                    var format = Formats[(formatTurn + f) % Formats.Count];
                    if (format == PlantFormat.Markdown && SkipsDocumentation(rule))
                    {
                        continue;
                    }

                    foreach (var line in Render(format, assignment))
                    {
                        var plain = format == PlantFormat.KubernetesSecret ? DecodedData(line) : line;
                        if (CredentialFactory.SecretOf(regex, rule, plain) == fresh.Secret)
                        {
                            return new PlantSpec(rule.Id, fresh.Secret, format, line, 0, fresh.FromSample);
                        }
                    }
                }
            }

            verbatim ??= Verbatim(rule, regex, fresh);
        }

        return verbatim;
    }

    private static PlantSpec? Verbatim(SecretRule rule, Regex regex, FreshCredential fresh)
    {
        var match = regex.Match(fresh.Text);
        if (!match.Success)
        {
            return null;
        }

        var offset = fresh.Text.AsSpan(0, match.Index).Count('\n');
        return new PlantSpec(rule.Id, fresh.Secret, PlantFormat.Verbatim, fresh.Text, offset, fresh.FromSample);
    }

    // Generic rules allowlist documentation paths (Markdown included): made-up values are their norm there.
    private static bool SkipsDocumentation(SecretRule rule) =>
        rule.Allowlists.Any(a => a.Paths.Any(p => p.Contains("md|", StringComparison.Ordinal)));

    /// <summary>Candidate lines for an assignment in a format, idiomatic key spelling first.</summary>
    internal static IEnumerable<string> Render(PlantFormat format, Assignment a)
    {
        var v = a.Value;
        var plain = !v.Contains('"', StringComparison.Ordinal) && !v.Contains('\\', StringComparison.Ordinal);
        switch (format)
        {
            case PlantFormat.DotEnv:
                yield return v.Any(c => c is ' ' or '#' or '\'' or '"') ? $"{a.UpperSnake}='{v}'" : $"{a.UpperSnake}={v}";
                yield return $"{a.Key}={v}";
                break;
            case PlantFormat.Shell when plain && !v.Contains('$', StringComparison.Ordinal) && !v.Contains('`', StringComparison.Ordinal):
                yield return $"export {a.UpperSnake}=\"{v}\"";
                yield return $"export {a.Key}=\"{v}\"";
                break;
            case PlantFormat.Dockerfile when plain:
                yield return v.Contains(' ', StringComparison.Ordinal) ? $"ENV {a.UpperSnake}=\"{v}\"" : $"ENV {a.UpperSnake}={v}";
                yield return $"ENV {a.Key}={v}";
                break;
            case PlantFormat.Yaml when plain:
                yield return $"    {a.LowerSnake}: \"{v}\"";
                yield return $"    {a.Key}: \"{v}\"";
                break;
            case PlantFormat.Json:
                var json = v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
                yield return $"    \"{a.Camel}\": \"{json}\",";
                yield return $"    \"{a.LowerSnake}\": \"{json}\",";
                yield return $"    \"{a.Key}\": \"{json}\",";
                break;
            case PlantFormat.Xml when plain && !v.Contains('<', StringComparison.Ordinal) && !v.Contains('&', StringComparison.Ordinal):
                yield return $"    <add key=\"{a.Pascal}\" value=\"{v}\" />";
                yield return $"    <endpoint name=\"primary\" {a.Camel}=\"{v}\" />";
                yield return $"    <endpoint name=\"primary\" {a.LowerSnake}=\"{v}\" />";
                break;
            case PlantFormat.Properties when !v.Contains(' ', StringComparison.Ordinal):
                yield return $"acme.{a.Dotted}={v}";
                yield return $"acme.{a.LowerSnake}={v}";
                yield return $"{a.Key}={v}";
                break;
            case PlantFormat.Terraform when plain && !v.Contains("${", StringComparison.Ordinal):
                yield return $"  {a.LowerSnake} = \"{v}\"";
                yield return $"  {a.Key} = \"{v}\"";
                break;
            case PlantFormat.Python when plain:
                yield return $"{a.UpperSnake} = \"{v}\"";
                yield return $"{a.Key} = \"{v}\"";
                break;
            case PlantFormat.JavaScript when plain:
                yield return $"  {a.Camel}: \"{v}\",";
                yield return $"  {a.LowerSnake}: \"{v}\",";
                yield return $"  {a.Key}: \"{v}\",";
                break;
            case PlantFormat.Go when plain:
                yield return $"\t{a.Pascal} = \"{v}\"";
                yield return $"\t{a.UpperSnake} = \"{v}\"";
                break;
            case PlantFormat.CSharp when plain:
                yield return $"    public const string {a.Pascal} = \"{v}\";";
                yield return $"    public const string {a.UpperSnake} = \"{v}\";";
                break;
            case PlantFormat.Java when plain:
                yield return $"    static final String {a.UpperSnake} = \"{v}\";";
                yield return $"    static final String {a.Key} = \"{v}\";";
                break;
            case PlantFormat.Ruby when !v.Contains('\'', StringComparison.Ordinal) && !v.Contains('\\', StringComparison.Ordinal):
                yield return $"  {a.UpperSnake} = '{v}'";
                yield return $"  {a.Key} = '{v}'";
                break;
            case PlantFormat.C when plain:
                yield return $"static const char {a.LowerSnake}[] = \"{v}\";";
                yield return $"#define {a.UpperSnake} \"{v}\"";
                break;
            case PlantFormat.Markdown when !v.Contains('\'', StringComparison.Ordinal):
                yield return $"export {a.UpperSnake}='{v}'";
                break;
            default:
                foreach (var line in RenderContext(format, a))
                {
                    yield return line;
                }

                break;
        }
    }

    /// <summary>A sample line read as <c>key = value</c>, with the key's words for re-spelling it per format.</summary>
    internal sealed partial record Assignment(string Key, string Value, IReadOnlyList<string> Words)
    {
        public string UpperSnake => string.Join('_', Words).ToUpperInvariant();

        public string LowerSnake => string.Join('_', Words);

        public string Dotted => string.Join('.', Words);

        public string Camel => Words[0] + string.Concat(Words.Skip(1).Select(Capitalised));

        public string Pascal => string.Concat(Words.Select(Capitalised));

        public static Assignment? Parse(string line, string secret)
        {
            var match = AssignmentLine().Match(line);
            if (!match.Success)
            {
                return null;
            }

            var value = match.Groups["value"].Value;
            var key = match.Groups["key"].Value.TrimStart('$');
            if (!value.Contains(secret, StringComparison.Ordinal) || key.Length == 0 || NestedAssignment().IsMatch(value))
            {
                return null;
            }

            var words = WordBoundary().Split(key).Where(w => w.Length > 0).Select(w => w.ToLowerInvariant()).ToList();
            return words.Count == 0 ? null : new Assignment(key, value, words);
        }

        private static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];

        [GeneratedRegex("""^\s*(?:\$env:|(?:export|ENV|set|const|var|let|final|static|private|public|readonly|string|String)\s+)*(?<q>["']?)(?<key>\$?[A-Za-z_][\w.-]*)\k<q>\s*(?::=|=>|=|:)\s*(?<v>["'`]?)(?<value>[^\s"'`].*?)\k<v>\s*[,;]?\s*$""")]
        private static partial Regex AssignmentLine();

        // "KEY = value" read inside a value means the line was not a plain assignment (PowerShell's $env:KEY = …).
        [GeneratedRegex(@"^[\w.-]+[""']?\s*(?:=|:)\s")]
        private static partial Regex NestedAssignment();

        [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])|[_.-]+")]
        private static partial Regex WordBoundary();
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Bulwark.Analyzers.Secrets.Accuracy;

/// <summary>A (rule, format) pair the cross product could not plant, and why.</summary>
internal sealed record PlantSkip(string RuleId, PlantFormat Format, string Reason);

/// <summary>
/// The cross product of rules and file formats: every rule's fresh secret in every format, written the way people
/// write it there. An assignment sample is re-spelled in the format's syntax; any other sample (a connection string,
/// an .npmrc line, a PEM block) is embedded whole as a string of the format: escaped (<c>\n</c> in JSON, .env,
/// properties), in the format's multi-line construct (YAML block scalar, heredoc, raw string, text block), or as it is
/// (a Markdown code fence).
/// </summary>
internal sealed partial class PlantGenerator
{
    private readonly Dictionary<string, Regex> _regexes = [];

    private Regex RegexOf(SecretRule rule)
    {
        if (!_regexes.TryGetValue(rule.Regex, out var regex))
        {
            regex = new Regex(rule.Regex, RegexOptions.CultureInvariant, RegexBudget);
            _regexes.Add(rule.Regex, regex);
        }

        return regex;
    }

    /// <summary>Every format a file is written in (all but <see cref="PlantFormat.Verbatim"/>).</summary>
    public static IReadOnlyList<PlantFormat> FileFormats { get; } = [.. Enum.GetValues<PlantFormat>().Where(f => f != PlantFormat.Verbatim)];

    /// <summary>One plant per (rule, format) in <paramref name="formats"/>, and the pairs that could not be planted.</summary>
    public (IReadOnlyList<PlantSpec> Specs, IReadOnlyList<PlantSkip> Skips) EveryFormat(IEnumerable<SecretRule> rules, IReadOnlyList<PlantFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(formats);
        var specs = new List<PlantSpec>();
        var skips = new List<PlantSkip>();
        var turn = 0;
        foreach (var rule in rules)
        {
            foreach (var format in formats)
            {
                if (InFormat(rule, format, turn++, out var reason) is { } spec)
                {
                    specs.Add(spec);
                }
                else
                {
                    skips.Add(new PlantSkip(rule.Id, format, reason));
                }
            }
        }

        return (specs, skips);
    }

    /// <summary>A plant of <paramref name="rule"/> in <paramref name="format"/>, or null with the reason.</summary>
    public PlantSpec? InFormat(SecretRule rule, PlantFormat format, int turn, out string reason)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (format == PlantFormat.Markdown && SkipsDocumentation(rule))
        {
            reason = "the rule allowlists documentation paths (Markdown)";
            return null;
        }

        var regex = RegexOf(rule);
        var samples = rule.TruePositives.ToArray();
        var renewed = false;
        for (var s = 0; s < samples.Length; s++)
        {
            if (_factory.Renew(rule, samples[(turn + s) % samples.Length]) is not { } fresh)
            {
                continue;
            }

            renewed = true;
            if (!fresh.Text.Contains('\n', StringComparison.Ordinal) && Assignment.Parse(fresh.Text, fresh.Secret) is { } assignment)
            {
                var lines = Render(format, assignment).ToList();
                for (var c = 0; c < lines.Count; c++)
                {
                    // Rotated so every spelling of the format is used across rules.
                    if (Accepted(regex, rule, format, lines[(turn + c) % lines.Count], fresh) is { } spec)
                    {
                        reason = "";
                        return spec;
                    }
                }
            }

            var embeddings = Embed(format, fresh.Text.TrimEnd('\n')).ToList();
            for (var c = 0; c < embeddings.Count; c++)
            {
                if (Accepted(regex, rule, format, embeddings[(turn + c) % embeddings.Count], fresh) is { } spec)
                {
                    reason = "";
                    return spec;
                }
            }
        }

        reason = renewed ? "the rule's regex matches none of this format's renderings" : "no sample of the rule matches its regex";
        return null;
    }

    // The rule's own regex (gitleaks semantics, not the engine under test) must find the secret in the rendering,
    // read as the scanner's decoder would for encoded formats.
    internal static PlantSpec? Accepted(Regex regex, SecretRule rule, PlantFormat format, string text, FreshCredential fresh)
    {
        var plain = format == PlantFormat.KubernetesSecret ? DecodedData(text) : text;
        var match = regex.Match(plain);
        if (!match.Success)
        {
            return null;
        }

        // The secret as the format writes it: escaped, re-indented (a key block in a heredoc), or the same.
        var secret = CredentialFactory.SecretGroup(match, rule.SecretGroup).Value;
        if (Bare(secret).Length == 0 || !Bare(fresh.Secret).Contains(Bare(secret), StringComparison.Ordinal))
        {
            return null;
        }

        // A Secret's data value is reported on its encoded line; a match that starts with line breaks (^ in a
        // multi-line rule) is reported where its text starts.
        var start = match.Index + (match.Value.Length - match.Value.TrimStart().Length);
        var offset = format == PlantFormat.KubernetesSecret ? 0 : plain.AsSpan(0, start).Count('\n');
        return new PlantSpec(rule.Id, secret, format, text, offset, fresh.FromSample);
    }

    // Without escapes, quotes and layout: what stays of a value whatever string syntax holds it.
    private static string Bare(string value) => Layout().Replace(value.Replace("\\n", "", StringComparison.Ordinal).Replace("\\r", "", StringComparison.Ordinal), "");

    [GeneratedRegex(@"[\s\\""',]")]
    private static partial Regex Layout();

    /// <summary>The text with each <c>name: base64</c> value of a Secret's data decoded.</summary>
    internal static string DecodedData(string text) => DataValue().Replace(text, m =>
        m.Groups["key"].Value + Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups["value"].Value)));

    [GeneratedRegex(@"(?m)(?<key>^\s+[\w.-]+:\s)(?<value>[A-Za-z0-9+/]+={0,2})\s*$")]
    private static partial Regex DataValue();

    private static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    internal static string Json(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    private static string Xml(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    // Element text: serializers escape only what would end it or start markup; quotes stay as they are.
    private static string XmlText(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Indented(string text, string indent) =>
        string.Join('\n', text.Split('\n').Select(line => indent + line));

    private const string MinifiedBefore = "!function(e){\"use strict\";var t=function(){function e(e,t){for(var n=0;n<t.length;n++){var r=t[n];r.enumerable=r.enumerable||!1,r.configurable=!0,\"value\"in r&&(r.writable=!0),Object.defineProperty(e,r.key,r)}}return function(t,n,r){return n&&e(t.prototype,n),r&&e(t,r),t}}();";
    private const string MinifiedAfter = "e.exports=n,window.__ACME__=n}(\"undefined\"!=typeof module?module:{exports:{}});";

    /// <summary>Assignments in the formats added for contexts; the classic formats are in <see cref="Render"/>.</summary>
    private static IEnumerable<string> RenderContext(PlantFormat format, Assignment a)
    {
        var v = a.Value;
        var plain = !v.Contains('"', StringComparison.Ordinal) && !v.Contains('\\', StringComparison.Ordinal);
        switch (format)
        {
            case PlantFormat.Ini:
                yield return $"{a.LowerSnake} = {v}";
                yield return $"{a.Key}={v}";
                break;
            case PlantFormat.Toml:
                yield return $"{a.LowerSnake} = \"{Json(v)}\"";
                yield return $"{a.Key} = \"{Json(v)}\"";
                if (!v.Contains('\'', StringComparison.Ordinal))
                {
                    yield return $"{a.LowerSnake} = '{v}'";
                }

                break;
            case PlantFormat.Rust:
                yield return plain ? $"pub const {a.UpperSnake}: &str = \"{v}\";" : $"pub const {a.UpperSnake}: &str = r#\"{v}\"#;";
                yield return $"    let {a.LowerSnake} = r#\"{v}\"#;";
                break;
            case PlantFormat.Notebook:
                yield return $"    \"{Json($"{a.UpperSnake} = \"{Json(v)}\"")}\\n\",";
                if (!v.Contains('\'', StringComparison.Ordinal))
                {
                    yield return $"    \"{Json($"os.environ['{a.UpperSnake}'] = '{v}'")}\\n\",";
                }

                break;
            case PlantFormat.KubernetesSecret:
                yield return $"  {a.UpperSnake}: {Base64(v)}";
                yield return $"  {a.Key}: {Base64(v)}";
                break;
            case PlantFormat.PowerShell when !v.Contains('\'', StringComparison.Ordinal):
                yield return $"$env:{a.UpperSnake} = '{v}'";
                yield return $"${a.Pascal} = '{v}'";
                break;
            case PlantFormat.MinifiedJs:
                yield return $"{MinifiedBefore}var n={{region:\"eu-west-1\",{a.Camel}:\"{Json(v)}\",retries:3}};{MinifiedAfter}";
                yield return $"{MinifiedBefore}var n={{region:\"eu-west-1\",{a.LowerSnake}:\"{Json(v)}\",retries:3}};{MinifiedAfter}";
                yield return $"{MinifiedBefore}var n={{region:\"eu-west-1\",\"{a.Key}\":\"{Json(v)}\",retries:3}};{MinifiedAfter}";
                break;
            case PlantFormat.PropertiesColon:
                yield return $"acme.{a.Dotted}: {v}";
                yield return $"{a.Key}: {v}";
                break;
            case PlantFormat.PropertiesSpace when !v.StartsWith(' '):
                yield return $"acme.{a.Dotted} {v}";
                yield return $"{a.Key} {v}";
                break;
            case PlantFormat.DockerfileArg when plain:
                yield return $"ARG {a.UpperSnake}={v}";
                yield return $"ENV {a.UpperSnake} {v}";
                yield return $"ARG {a.Key}={v}";
                break;
            case PlantFormat.YamlFlow when !v.Contains('\'', StringComparison.Ordinal):
                yield return $"    env: {{ REGION: eu-west-1, {a.UpperSnake}: '{v}' }}";
                yield return $"    env: {{region: eu-west-1, {a.LowerSnake}: \"{Json(v)}\"}}";
                yield return $"    env: {{ {a.Key}: '{v}' }}";
                break;
            case PlantFormat.HtmlAttribute:
                yield return $"    <meta name=\"acme-config\" data-{a.LowerSnake.Replace('_', '-')}=\"{Xml(v)}\">";
                yield return $"    <add key=\"{a.Pascal}\" value=\"{Xml(v)}\" />";
                yield return $"    <input type=\"hidden\" name=\"{a.Key}\" value=\"{Xml(v)}\">";
                break;
            case PlantFormat.CSharpBom:
                yield return $"        private const string {a.Pascal} = @\"{v.Replace("\"", "\"\"", StringComparison.Ordinal)}\";";
                yield return $"        var {a.Camel} = \"\"\"{v}\"\"\";";
                yield return $"        private const string {a.UpperSnake} = \"{Json(v)}\";";
                break;
            case PlantFormat.GoRaw when !v.Contains('`', StringComparison.Ordinal):
                yield return $"\t{a.Camel} := `{v}`";
                yield return $"\t{a.Pascal} = `{v}`";
                break;
            default:
                break;
        }
    }

    /// <summary>A whole sample (one line or several) as a value of the format, the ways people write it there.</summary>
    internal static IEnumerable<string> Embed(PlantFormat format, string text)
    {
        var multi = text.Contains('\n', StringComparison.Ordinal);
        var single = !multi;
        var noSingleQuote = !text.Contains('\'', StringComparison.Ordinal);
        switch (format)
        {
            case PlantFormat.DotEnv:
                if (single && noSingleQuote)
                {
                    yield return $"CREDENTIALS='{text}'";
                }

                yield return $"CREDENTIALS=\"{Json(text)}\"";
                break;
            case PlantFormat.Shell:
                if (single && noSingleQuote)
                {
                    yield return $"echo '{text}' >> \"$HOME/.config/acme/credentials\"";
                }

                yield return $"cat > \"$HOME/.config/acme/credentials\" <<'EOF'\n{text}\nEOF";
                break;
            case PlantFormat.Dockerfile:
            case PlantFormat.DockerfileArg:
                if (single && noSingleQuote)
                {
                    yield return $"RUN echo '{text}' >> /root/.config/acme/credentials";
                }

                yield return $"COPY <<EOF /root/.config/acme/credentials\n{text}\nEOF";
                break;
            case PlantFormat.Yaml:
                if (single && noSingleQuote)
                {
                    yield return $"    credentials: '{text}'";
                }

                yield return $"    credentials: |\n{Indented(text, "      ")}";
                yield return $"    credentials: \"{Json(text)}\"";
                break;
            case PlantFormat.YamlFlow:
                yield return $"    env: {{ REGION: eu-west-1, CREDENTIALS: \"{Json(text)}\" }}";
                yield return $"    credentials: >-\n{Indented(text, "      ")}";
                break;
            case PlantFormat.Json:
            case PlantFormat.MinifiedJs when multi:
                yield return $"    \"credentials\": \"{Json(text)}\",";
                break;
            case PlantFormat.MinifiedJs:
                yield return $"{MinifiedBefore}var n=\"{Json(text)}\";{MinifiedAfter}";
                break;
            case PlantFormat.Xml:
                if (single)
                {
                    yield return $"    <add key=\"Credentials\" value=\"{Xml(text)}\" />";
                }

                yield return $"    <credentials>\n{XmlText(text)}\n    </credentials>";
                break;
            case PlantFormat.HtmlAttribute:
                yield return $"    <meta name=\"acme-credentials\" content=\"{Xml(text).Replace("\n", "&#10;", StringComparison.Ordinal)}\">";
                yield return $"    <textarea name=\"credentials\">\n{XmlText(text)}\n    </textarea>";
                break;
            case PlantFormat.Properties:
            case PlantFormat.PropertiesColon:
            case PlantFormat.PropertiesSpace:
                var separator = format switch { PlantFormat.PropertiesColon => ": ", PlantFormat.PropertiesSpace => " ", _ => "=" };
                yield return $"acme.credentials{separator}{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}";
                yield return $"acme.credentials{separator}{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n\\\n    ", StringComparison.Ordinal)}";
                break;
            case PlantFormat.Terraform:
                if (single)
                {
                    yield return $"  credentials = \"{Json(text).Replace("${", "$${", StringComparison.Ordinal)}\"";
                }

                yield return $"  credentials = <<-EOT\n{Indented(text, "    ")}\n  EOT";
                break;
            case PlantFormat.Python:
                yield return $"CREDENTIALS = \"{Json(text)}\"";
                yield return $"CREDENTIALS = \"\"\"\\\n{text}\n\"\"\"";
                break;
            case PlantFormat.JavaScript:
                yield return $"  credentials: \"{Json(text)}\",";
                yield return $"  credentials: `{text.Replace("`", "\\`", StringComparison.Ordinal).Replace("${", "\\${", StringComparison.Ordinal)}`,";
                break;
            case PlantFormat.Go:
            case PlantFormat.GoRaw:
                if (format == PlantFormat.Go)
                {
                    yield return $"\tCredentials = \"{Json(text)}\"";
                }

                if (!text.Contains('`', StringComparison.Ordinal))
                {
                    yield return $"\tCredentials = `{text}`";
                }

                break;
            case PlantFormat.CSharp:
                yield return $"    public const string Credentials = \"{Json(text)}\";";
                yield return $"    public const string Credentials = \"\"\"\n{Indented(text, "        ")}\n        \"\"\";";
                break;
            case PlantFormat.CSharpBom:
                yield return $"        private const string Credentials = @\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\";";
                yield return $"        private const string Credentials = \"\"\"\n{Indented(text, "            ")}\n            \"\"\";";
                break;
            case PlantFormat.Java:
                yield return $"    static final String CREDENTIALS = \"{Json(text)}\";";
                yield return $"    static final String CREDENTIALS = \"\"\"\n{Indented(text, "        ")}\n        \"\"\";";
                break;
            case PlantFormat.Ruby:
                if (single && noSingleQuote && !text.Contains('\\', StringComparison.Ordinal))
                {
                    yield return $"  CREDENTIALS = '{text}'";
                }

                yield return $"  CREDENTIALS = <<~KEY\n{Indented(text, "    ")}\n  KEY";
                break;
            case PlantFormat.C:
                yield return $"static const char credentials[] = \"{Json(text)}\";";
                yield return "static const char credentials[] =\n" + string.Join('\n', text.Split('\n').Select(l => $"\t\"{Json(l)}\\n\"")) + ";";
                break;
            case PlantFormat.Markdown:
                yield return text;
                break;
            case PlantFormat.Ini:
                yield return single ? $"credentials = {text}" : $"credentials = {Indented(text, "    ").TrimStart()}";
                break;
            case PlantFormat.Toml:
                yield return $"credentials = \"{Json(text)}\"";
                yield return $"credentials = '''\n{text}\n'''";
                break;
            case PlantFormat.Rust:
                yield return $"pub const CREDENTIALS: &str = \"{Json(text)}\";";
                yield return $"pub const CREDENTIALS: &str = r#\"\n{text}\n\"#;";
                break;
            case PlantFormat.Notebook:
                yield return $"    \"{Json($"CREDENTIALS = \"{Json(text)}\"")}\\n\",";
                yield return string.Join(",\n", text.Split('\n').Select(l => $"    \"{Json(l)}\\n\"")) + ",";
                break;
            case PlantFormat.KubernetesSecret:
                yield return $"  credentials: {Base64(text)}";
                break;
            case PlantFormat.PowerShell:
                if (single && noSingleQuote)
                {
                    yield return $"$Credentials = '{text}'";
                }

                yield return $"$Credentials = @'\n{text}\n'@";
                break;
            default:
                break;
        }
    }
}

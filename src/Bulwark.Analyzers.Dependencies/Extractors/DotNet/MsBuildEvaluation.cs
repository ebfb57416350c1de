using System.Text;

namespace Bulwark.Analyzers.Dependencies.Extractors.DotNet;

/// <summary>
/// The small part of MSBuild evaluation that package references need: <c>$(Property)</c> expansion and
/// Conditions made of quoted strings, properties, <c>==</c>, <c>!=</c>, <c>!</c>, <c>and</c>, <c>or</c>, parentheses
/// and the target-framework functions (<c>IsTargetFrameworkCompatible</c>, <c>GetTargetFrameworkIdentifier</c>).
/// Anything else evaluates to "unknown" (null) and the caller decides.
/// </summary>
internal sealed class MsBuildEvaluation
{
    private readonly Dictionary<string, string> _properties = new(StringComparer.OrdinalIgnoreCase);

    public string? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set
        {
            if (value is null)
            {
                _properties.Remove(name);
            }
            else
            {
                _properties[name] = value;
            }
        }
    }

    public MsBuildEvaluation Clone()
    {
        var copy = new MsBuildEvaluation();
        foreach (var (k, v) in _properties)
        {
            copy._properties[k] = v;
        }

        return copy;
    }

    /// <summary>Expands <c>$(Name)</c>; null when a property is undefined or a property function is used.</summary>
    public string? Expand(string text)
    {
        if (!text.Contains("$(", StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("$(", i, StringComparison.Ordinal);
            if (start < 0)
            {
                sb.Append(text, i, text.Length - i);
                break;
            }

            sb.Append(text, i, start - i);
            var end = MatchingParen(text, start + 1);
            if (end < 0)
            {
                return null;
            }

            var value = EvaluateProperty(text[(start + 2)..end]);
            if (value is null)
            {
                return null;
            }

            sb.Append(value);
            i = end + 1;
        }

        return sb.ToString();
    }

    /// <summary>True, false, or null when the condition uses something this evaluator does not know.</summary>
    public bool? Condition(string? condition)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return true;
        }

        try
        {
            var tokens = Tokenize(condition);
            var pos = 0;
            var result = Or(tokens, ref pos);
            return pos == tokens.Count ? result.AsBool() : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string? EvaluateProperty(string inner)
    {
        inner = inner.Trim();
        if (inner.StartsWith("[MSBuild]::", StringComparison.OrdinalIgnoreCase))
        {
            var call = inner["[MSBuild]::".Length..];
            var paren = call.IndexOf('(', StringComparison.Ordinal);
            if (paren < 0 || !call.EndsWith(')'))
            {
                return null;
            }

            var args = SplitArgs(call[(paren + 1)..^1]).Select(a => Expand(a.Trim().Trim('\'', '"'))).ToList();
            if (args.Any(a => a is null))
            {
                return null;
            }

            return call[..paren].ToLowerInvariant() switch
            {
                "istargetframeworkcompatible" when args.Count == 2 => TargetFrameworks.IsCompatible(args[0]!, args[1]!) is { } b ? (b ? "true" : "false") : null,
                "gettargetframeworkidentifier" when args.Count == 1 => TargetFrameworks.Parse(args[0]!)?.Identifier,
                "gettargetframeworkversion" when args.Count == 1 => TargetFrameworks.Parse(args[0]!)?.Version.ToString(),
                _ => null,
            };
        }

        foreach (var c in inner)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return null;
            }
        }

        return _properties.TryGetValue(inner, out var value) ? value : string.Empty;
    }

    private static List<string> SplitArgs(string args)
    {
        var result = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    result.Add(args[start..i]);
                    start = i + 1;
                    break;
            }
        }

        result.Add(args[start..]);
        return result;
    }

    private static int MatchingParen(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private readonly record struct Value(string? Text, bool Known)
    {
        public static readonly Value Unknown = new(null, false);

        public bool? AsBool() => !Known ? null : Text?.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };

        public static Value Of(bool? b) => b is { } v ? new Value(v ? "true" : "false", true) : Unknown;
    }

    private List<(char Kind, Value Value)> Tokenize(string text)
    {
        // Kinds: 'v' value, '=' ==, '!' !=, 'n' not, '&' and, '|' or, '(' ')'.
        var tokens = new List<(char, Value)>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new FormatException("unterminated string");
                }

                var expanded = Expand(text[(i + 1)..end]);
                tokens.Add(('v', expanded is null ? Value.Unknown : new Value(expanded, true)));
                i = end + 1;
            }
            else if (c == '$' && i + 1 < text.Length && text[i + 1] == '(')
            {
                var end = MatchingParen(text, i + 1);
                if (end < 0)
                {
                    throw new FormatException("unbalanced parentheses");
                }

                var value = EvaluateProperty(text[(i + 2)..end]);
                tokens.Add(('v', value is null ? Value.Unknown : new Value(value, true)));
                i = end + 1;
            }
            else if (text.AsSpan(i).StartsWith("=="))
            {
                tokens.Add(('=', default));
                i += 2;
            }
            else if (text.AsSpan(i).StartsWith("!="))
            {
                tokens.Add(('!', default));
                i += 2;
            }
            else if (c == '!')
            {
                tokens.Add(('n', default));
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add((c, default));
                i++;
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_' or '-'))
                {
                    i++;
                }

                var word = text[start..i];
                tokens.Add(word.ToLowerInvariant() switch
                {
                    "and" => ('&', default),
                    "or" => ('|', default),
                    _ => ('v', new Value(word, true)),
                });
            }
            else
            {
                // <, >, <=, >= and anything else: not evaluated.
                throw new FormatException($"unsupported operator '{c}'");
            }
        }

        return tokens;
    }

    private static Value Or(List<(char Kind, Value Value)> t, ref int pos)
    {
        var left = And(t, ref pos);
        while (pos < t.Count && t[pos].Kind == '|')
        {
            pos++;
            var right = And(t, ref pos);
            left = Value.Of(left.AsBool() == true || right.AsBool() == true ? true : left.AsBool() is null || right.AsBool() is null ? null : false);
        }

        return left;
    }

    private static Value And(List<(char Kind, Value Value)> t, ref int pos)
    {
        var left = Unary(t, ref pos);
        while (pos < t.Count && t[pos].Kind == '&')
        {
            pos++;
            var right = Unary(t, ref pos);
            left = Value.Of(left.AsBool() == false || right.AsBool() == false ? false : left.AsBool() is null || right.AsBool() is null ? null : true);
        }

        return left;
    }

    private static Value Unary(List<(char Kind, Value Value)> t, ref int pos)
    {
        if (pos < t.Count && t[pos].Kind == 'n')
        {
            pos++;
            var inner = Unary(t, ref pos).AsBool();
            return Value.Of(inner is null ? null : !inner);
        }

        return Comparison(t, ref pos);
    }

    private static Value Comparison(List<(char Kind, Value Value)> t, ref int pos)
    {
        var left = Primary(t, ref pos);
        if (pos < t.Count && t[pos].Kind is '=' or '!')
        {
            var equal = t[pos].Kind == '=';
            pos++;
            var right = Primary(t, ref pos);
            if (!left.Known || !right.Known)
            {
                return Value.Unknown;
            }

            var same = string.Equals(left.Text, right.Text, StringComparison.OrdinalIgnoreCase);
            return Value.Of(equal ? same : !same);
        }

        return left;
    }

    private static Value Primary(List<(char Kind, Value Value)> t, ref int pos)
    {
        if (pos >= t.Count)
        {
            throw new FormatException("unexpected end of condition");
        }

        var (kind, value) = t[pos++];
        if (kind == '(')
        {
            var inner = Or(t, ref pos);
            if (pos >= t.Count || t[pos].Kind != ')')
            {
                throw new FormatException("missing ')'");
            }

            pos++;
            return inner;
        }

        return kind == 'v' ? value : throw new FormatException("unexpected operator");
    }
}

/// <summary>Target framework monikers, enough to compare them (net8.0, netstandard2.0, net472, netcoreapp3.1).</summary>
internal static class TargetFrameworks
{
    public static (string Identifier, Version Version)? Parse(string tfm)
    {
        var t = tfm.Trim().ToLowerInvariant();
        var dash = t.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            t = t[..dash];
        }

        if (t.StartsWith("netstandard", StringComparison.Ordinal) && Version.TryParse(t["netstandard".Length..], out var ns))
        {
            return (".NETStandard", ns);
        }

        if (t.StartsWith("netcoreapp", StringComparison.Ordinal) && Version.TryParse(t["netcoreapp".Length..], out var nc))
        {
            return (".NETCoreApp", nc);
        }

        if (t.StartsWith("net", StringComparison.Ordinal))
        {
            var rest = t[3..];
            if (rest.Contains('.', StringComparison.Ordinal) && Version.TryParse(rest, out var net))
            {
                return (".NETCoreApp", net);
            }

            if (rest.Length is >= 2 and <= 3 && rest.All(char.IsAsciiDigit))
            {
                var digits = rest.Select(d => d - '0').ToArray();
                return (".NETFramework", new Version(digits[0], digits[1], digits.Length > 2 ? digits[2] : 0));
            }
        }

        return null;
    }

    /// <summary>Whether a project targeting <paramref name="target"/> can use a library built for <paramref name="candidate"/>.</summary>
    public static bool? IsCompatible(string target, string candidate)
    {
        if (Parse(target) is not { } t || Parse(candidate) is not { } c)
        {
            return null;
        }

        if (t.Identifier == c.Identifier)
        {
            return t.Version >= c.Version;
        }

        if (c.Identifier == ".NETStandard")
        {
            var supported = t.Identifier switch
            {
                ".NETCoreApp" when t.Version >= new Version(3, 0) => new Version(2, 1),
                ".NETCoreApp" => new Version(2, 0),
                ".NETFramework" when t.Version >= new Version(4, 6, 1) => new Version(2, 0),
                _ => new Version(1, 0),
            };
            return c.Version <= supported;
        }

        return false;
    }
}

using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace Bulwark.Core.Licenses;

/// <summary>
/// Turns the licence a package declares into SPDX: expressions are parsed (ids matched in any case, deprecated ids
/// replaced), and legacy names ("Apache 2.0", "The MIT License (MIT)", "GPLv3", "LGPL-2.1+"), licence URLs, PyPI
/// trove classifiers and npm's <c>SEE LICENSE IN …</c> are recognised through the SPDX list's ids and names and the
/// alias table <c>Data/license-aliases.txt</c>. Names that only tell the family ("BSD", "GPL") keep their text and
/// get the family's class; nothing else is guessed.
/// </summary>
public static partial class LicenseNormalizer
{
    private static readonly Lazy<Index> Data = new(Load);

    private static readonly FrozenSet<string> NotDeclared = new[] { "NOASSERTION", "NONE", "UNKNOWN", "N/A", "null", "undefined" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> IgnoredWords = new[] { "the", "license", "licensed", "version", "ver", "v" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The licence, or null when nothing is declared (empty, <c>NOASSERTION</c>, <c>NONE</c>, <c>UNKNOWN</c>).</summary>
    public static NormalizedLicense? Normalize(string? declared)
    {
        var text = declared?.Trim().Trim('"', '\'').Trim();
        if (string.IsNullOrEmpty(text) || NotDeclared.Contains(text))
        {
            return null;
        }

        if (text.StartsWith("SEE LICENSE IN ", StringComparison.OrdinalIgnoreCase) || text.StartsWith("SEE LICENCE IN ", StringComparison.OrdinalIgnoreCase))
        {
            // npm: the licence is a file of the package, not an SPDX licence; only a person can read it.
            return Custom(declared!, text);
        }

        if (LooksLikeUrl(text))
        {
            return FromUrl(text) is { } fromUrl ? fromUrl with { Declared = declared! } : Custom(declared!, text);
        }

        var name = text;
        if (name.StartsWith("License ::", StringComparison.OrdinalIgnoreCase))
        {
            // PyPI trove classifier: "License :: OSI Approved :: MIT License" names the licence in its last part.
            name = name[(name.LastIndexOf("::", StringComparison.Ordinal) + 2)..].Trim();
            if (name.Equals("OSI Approved", StringComparison.OrdinalIgnoreCase) || name.Length == 0)
            {
                return Custom(declared!, text);
            }
        }

        return FromName(name) is { } found ? found with { Declared = declared! } : Custom(declared!, name);
    }

    /// <summary>The canonical text of each declared licence, without the undeclared ones and duplicates.</summary>
    public static IReadOnlyList<string> NormalizeAll(IEnumerable<string> declared) =>
        [.. declared.Select(Normalize).OfType<NormalizedLicense>().Select(l => l.Text).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Licences a package lists as alternatives (npm's legacy <c>licenses</c> array, Composer's <c>license</c> array,
    /// several PyPI classifiers) as one licence: the choice between them (OR). Null when none is declared.
    /// </summary>
    public static NormalizedLicense? AnyOf(IEnumerable<string> alternatives)
    {
        ArgumentNullException.ThrowIfNull(alternatives);
        var normalized = alternatives.Select(Normalize).OfType<NormalizedLicense>().DistinctBy(l => l.Text, StringComparer.Ordinal).ToList();
        if (normalized.Count <= 1)
        {
            return normalized.SingleOrDefault();
        }

        var joined = string.Join(" OR ", normalized.Select(l => l.Expression is null or LicenseTerm ? l.Text : $"({l.Text})"));
        return Normalize(joined) is { } choice && (choice.Expression is not null || choice.Class != LicenseClass.Unknown)
            ? choice
            : Custom(joined, joined);
    }

    private static NormalizedLicense Custom(string declared, string text) =>
        new() { Declared = declared, Text = text, Class = LicenseClass.Unknown };

    private static NormalizedLicense FromExpression(string declared, LicenseExpression expression) => new()
    {
        Declared = declared,
        Text = expression.ToString(),
        Expression = expression,
        Class = LicenseClassification.Of(expression),
    };

    private static NormalizedLicense? FromName(string name)
    {
        // 1. An SPDX expression, where a single word that is not an id may still be a known name ("Apache2 OR MIT").
        try
        {
            return FromExpression(name, LicenseExpressionParser.Parse(name, ResolveWord, replaceDeprecated: true));
        }
        catch (LicenseExpressionException)
        {
            // Not an expression: try it as a name.
        }

        // 2. A known name as a whole, also without or as only its parenthesised part ("ISC License (ISCL)").
        if (Lookup(name) is { } known)
        {
            return known;
        }

        var open = name.LastIndexOf('(');
        if (open > 0 && name.EndsWith(')'))
        {
            var inner = name[(open + 1)..^1];
            if ((Lookup(name[..open]) ?? Lookup(inner)) is { } partial)
            {
                return partial with { Declared = name };
            }

            if (LicenseExpression.TryParse(inner, out _))
            {
                return FromName(inner);
            }
        }

        // 3. Names joined by "or"/"and" or Cargo's old "/" (meaning OR): "Apache License 2.0 or MIT", "MIT/Apache-2.0".
        return Combination(name);
    }

    private static NormalizedLicense? Lookup(string name)
    {
        var index = Data.Value;
        var key = NameKey(name);
        if (key.Length == 0)
        {
            return null;
        }

        if (index.Aliases.TryGetValue(key, out var alias))
        {
            return alias.Expression is { } expression
                ? FromExpression(name, expression)
                : new NormalizedLicense { Declared = name, Text = name.Trim(), Class = alias.Class };
        }

        return index.SpdxKeys.TryGetValue(key, out var spdx) ? FromExpression(name, spdx) : null;
    }

    private static LicenseExpression? ResolveWord(string word) => Lookup(word)?.Expression;

    /// <summary>
    /// Recognised names joined by and/or. All SPDX → one expression; some only a family ("Apache Software License OR
    /// BSD License", from two PyPI classifiers) → the text as written, with the class the operators give.
    /// </summary>
    private static NormalizedLicense? Combination(string name)
    {
        var parts = CombinationSplit().Split(name);
        if (parts.Length < 3)
        {
            return null;
        }

        var operands = new List<NormalizedLicense>();
        var operators = new List<string>();
        foreach (var part in parts)
        {
            var trimmed = part.Trim();
            if (trimmed.Equals("and", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("or", StringComparison.OrdinalIgnoreCase) || trimmed == "/")
            {
                operators.Add(trimmed == "/" ? "OR" : trimmed.ToUpperInvariant());
                continue;
            }

            if (trimmed.Length == 0)
            {
                continue;
            }

            if (FromName(trimmed) is not { } operand || (operand.Expression is null && operand.Class == LicenseClass.Unknown))
            {
                return null;
            }

            operands.Add(operand);
        }

        if (operands.Count == 0 || operands.Count != operators.Count + 1)
        {
            return null;
        }

        if (operands.All(o => o.Expression is not null))
        {
            // Written out and parsed again so precedence is SPDX's (AND before OR), not left to right.
            var text = operands[0].Expression is LicenseTerm ? operands[0].Text : $"({operands[0].Text})";
            for (var i = 0; i < operators.Count; i++)
            {
                var operand = operands[i + 1];
                text += $" {operators[i]} " + (operand.Expression is LicenseTerm ? operand.Text : $"({operand.Text})");
            }

            return FromExpression(name, LicenseExpression.Parse(text));
        }

        // AND before OR, as in SPDX: fold each run of ANDs, then choose among the runs.
        var chosen = LicenseClass.Unknown;
        var run = operands[0].Class;
        for (var i = 0; i < operators.Count; i++)
        {
            if (operators[i] == "AND")
            {
                run = LicenseClassification.MostRestrictive(run, operands[i + 1].Class);
            }
            else
            {
                chosen = LicenseClassification.MostPermissive(chosen, run);
                run = operands[i + 1].Class;
            }
        }

        return new NormalizedLicense { Declared = name, Text = name.Trim(), Class = LicenseClassification.MostPermissive(chosen, run) };
    }

    [GeneratedRegex(@"\s+(and|or)\s+|\s*(/)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CombinationSplit();

    private static bool LooksLikeUrl(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase);

    private static NormalizedLicense? FromUrl(string url)
    {
        var key = UrlKey(url);
        if (Data.Value.Aliases.TryGetValue(key, out var alias))
        {
            return alias.Expression is { } expression
                ? FromExpression(url, expression)
                : new NormalizedLicense { Declared = url, Text = url, Class = alias.Class };
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? key : key[..slash];
        var path = slash < 0 ? string.Empty : key[(slash + 1)..];
        string? candidate = host switch
        {
            // NuGet writes <licenseUrl>https://licenses.nuget.org/MIT</licenseUrl> for packages with an expression.
            "licenses.nuget.org" => Uri.UnescapeDataString(OriginalPath(url)),
            "spdx.org" when path.StartsWith("licenses/", StringComparison.Ordinal) => OriginalPath(url)["licenses/".Length..],
            "opensource.org" when path.StartsWith("licenses/", StringComparison.Ordinal) => OriginalPath(url)["licenses/".Length..],
            "opensource.org" when path.StartsWith("license/", StringComparison.Ordinal) => OriginalPath(url)["license/".Length..],
            "choosealicense.com" when path.StartsWith("licenses/", StringComparison.Ordinal) => OriginalPath(url)["licenses/".Length..],
            _ => null,
        };
        if (candidate is null || candidate.Length == 0)
        {
            return null;
        }

        candidate = StripExtension(candidate);
        try
        {
            return FromExpression(url, LicenseExpressionParser.Parse(candidate, ResolveWord, replaceDeprecated: true));
        }
        catch (LicenseExpressionException)
        {
            return Lookup(candidate) is { } named ? named with { Declared = url } : null;
        }
    }

    /// <summary>The path of a URL as written (case kept: SPDX ids in URLs are case-sensitive in spirit), without the trailing '/'.</summary>
    private static string OriginalPath(string url)
    {
        var withScheme = url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) ? uri.AbsolutePath.Trim('/') : string.Empty;
    }

    private static string StripExtension(string path)
    {
        foreach (var extension in new[] { ".html", ".htm", ".txt", ".php", ".md", ".json" })
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return path[..^extension.Length];
            }
        }

        return path;
    }

    /// <summary>A URL without scheme, "www.", trailing "/" and extension, lower case: <c>apache.org/licenses/license-2.0</c>.</summary>
    internal static string UrlKey(string url)
    {
        var text = url.Trim().ToLowerInvariant();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        if (text.StartsWith("www.", StringComparison.Ordinal))
        {
            text = text[4..];
        }

        var query = text.IndexOf('?', StringComparison.Ordinal);
        var tail = query >= 0 ? text[query..] : string.Empty;
        var path = (query >= 0 ? text[..query] : text).TrimEnd('/');
        var fragment = tail.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            tail = tail[..fragment];
        }

        return StripExtension(path).TrimEnd('/') + tail;
    }

    /// <summary>
    /// A name reduced to what distinguishes licences: lower case, "licence" = "license", punctuation as spaces,
    /// without "the", "license", "version", "v"; "gplv3" split into "gpl 3"; numbers without a trailing ".0".
    /// </summary>
    internal static string NameKey(string name)
    {
        var text = name.ToLowerInvariant().Replace("licence", "license", StringComparison.Ordinal);
        var cleaned = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            cleaned.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '+' ? c : ' ');
        }

        var words = new List<string>();
        foreach (var raw in cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var word in SplitVersion(raw.Trim('.')))
            {
                if (word.Length == 0 || IgnoredWords.Contains(word))
                {
                    continue;
                }

                var normalized = TrimZeros(word);
                if (words.Count == 0 || words[^1] != normalized)
                {
                    words.Add(normalized);
                }
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>"gplv3" → "gpl", "3"; "apache2" → "apache", "2"; "v2.1" → "2.1"; words without a trailing number unchanged.</summary>
    private static IEnumerable<string> SplitVersion(string word)
    {
        var digit = 0;
        while (digit < word.Length && !char.IsAsciiDigit(word[digit]))
        {
            digit++;
        }

        if (digit == 0 || digit == word.Length || !word[digit..].All(c => char.IsAsciiDigit(c) || c is '.' or '+'))
        {
            return [word];
        }

        var letters = word[..digit];
        if (letters.EndsWith('v') && letters.Length > 1)
        {
            letters = letters[..^1];
        }

        return [letters, word[digit..]];
    }

    /// <summary>"2.0" → "2", "1.0.0" → "1", "2.0+" → "2+"; "2.1" unchanged.</summary>
    private static string TrimZeros(string word)
    {
        var plus = word.EndsWith('+');
        var core = plus ? word[..^1] : word;
        if (core.Length == 0 || !char.IsAsciiDigit(core[0]))
        {
            return word;
        }

        while (core.EndsWith(".0", StringComparison.Ordinal))
        {
            core = core[..^2];
        }

        return plus ? core + "+" : core;
    }

    private sealed record Alias(LicenseExpression? Expression, LicenseClass Class);

    private sealed record Index(FrozenDictionary<string, Alias> Aliases, FrozenDictionary<string, LicenseExpression> SpdxKeys);

    internal static IReadOnlyDictionary<string, (LicenseExpression? Expression, LicenseClass Class)> Aliases =>
        Data.Value.Aliases.ToDictionary(a => a.Key, a => (a.Value.Expression, a.Value.Class), StringComparer.Ordinal);

    private static Index Load()
    {
        var aliases = new Dictionary<string, Alias>(StringComparer.Ordinal);
        using (var stream = SpdxLicenseCatalog.OpenResource("license-aliases.txt"))
        using (var reader = new StreamReader(stream))
        {
            var lineNumber = 0;
            while (reader.ReadLine() is { } raw)
            {
                lineNumber++;
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var arrow = line.LastIndexOf("=>", StringComparison.Ordinal);
                if (arrow <= 0)
                {
                    throw new InvalidOperationException($"license-aliases.txt:{lineNumber}: expected 'name => expression'");
                }

                var name = line[..arrow].Trim();
                var target = line[(arrow + 2)..].Trim();
                var key = IsUrlKey(name) ? UrlKey(name) : NameKey(name);
                aliases[key] = LicenseClassNames.TryParse(target, out var family) && family != LicenseClass.Unknown
                    ? new Alias(null, family)
                    : new Alias(LicenseExpressionParser.Parse(target, null, replaceDeprecated: true), LicenseClass.Unknown);
            }
        }

        // Every SPDX id and licence name, loosened the same way: "Apache 2" finds Apache-2.0, "Mozilla Public
        // License 2.0" finds MPL-2.0. Current ids win over deprecated ones; a key two licences share is dropped.
        var keys = new Dictionary<string, (LicenseExpression Expression, int Rank)>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        void Add(string key, LicenseExpression expression, int rank)
        {
            if (key.Length == 0 || aliases.ContainsKey(key))
            {
                return;
            }

            if (keys.TryGetValue(key, out var existing))
            {
                if (existing.Expression == expression || existing.Rank < rank)
                {
                    return;
                }

                if (existing.Rank == rank)
                {
                    ambiguous.Add(key);
                    return;
                }
            }

            keys[key] = (expression, rank);
        }

        foreach (var license in SpdxLicenseCatalog.Licenses)
        {
            var current = DeprecatedLicenseIds.Replace(new SpdxLicenseId(license.Id));
            var rank = license.IsDeprecated ? 1 : 0;
            Add(NameKey(license.Id), current, rank);
            if (license.Name is { } name)
            {
                Add(NameKey(name), current, rank + 2);
            }
        }

        return new Index(
            aliases.ToFrozenDictionary(StringComparer.Ordinal),
            keys.Where(k => !ambiguous.Contains(k.Key)).ToFrozenDictionary(k => k.Key, k => k.Value.Expression, StringComparer.Ordinal));
    }

    private static bool IsUrlKey(string name) => name.Contains('/', StringComparison.Ordinal) && name.Split('/')[0].Contains('.', StringComparison.Ordinal)
        && !name.Contains(' ', StringComparison.Ordinal);
}

namespace Bulwark.Core.Licenses;

/// <summary>
/// Recursive-descent parser of SPDX licence expressions:
/// <code>
/// or     := and ("OR" and)*
/// and    := with ("AND" with)*
/// with   := simple ("WITH" exception)? | "(" or ")"
/// simple := license-id ["+"] | ["DocumentRef-" idstring ":"] "LicenseRef-" idstring
/// </code>
/// Operators are matched in any case (real manifests write <c>mit or apache-2.0</c>) and written upper case.
/// </summary>
internal sealed class LicenseExpressionParser
{
    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly Func<string, LicenseExpression?>? _resolveUnknown;
    private readonly bool _replaceDeprecated;
    private int _next;

    private LicenseExpressionParser(string text, Func<string, LicenseExpression?>? resolveUnknown, bool replaceDeprecated)
    {
        _text = text;
        _tokens = Tokenize(text);
        _resolveUnknown = resolveUnknown;
        _replaceDeprecated = replaceDeprecated;
    }

    /// <param name="resolveUnknown">Turns an id that is not on the SPDX list into an expression (a legacy name), or null.</param>
    /// <param name="replaceDeprecated">Writes deprecated ids as their replacement (<c>GPL-2.0+</c> → <c>GPL-2.0-or-later</c>).</param>
    public static LicenseExpression Parse(string text, Func<string, LicenseExpression?>? resolveUnknown, bool replaceDeprecated = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new LicenseExpressionParser(text, resolveUnknown, replaceDeprecated);
        if (parser._tokens.Count == 0)
        {
            throw new LicenseExpressionException("the licence expression is empty", 1);
        }

        var expression = parser.ParseOr();
        if (parser.Peek() is { } extra)
        {
            throw extra.Kind == TokenKind.Close
                ? new LicenseExpressionException($"unbalanced ')' at position {extra.Position}", extra.Position)
                : extra.IsOperator("WITH")
                ? new LicenseExpressionException($"only one exception may follow a licence (WITH at position {extra.Position})", extra.Position)
                : new LicenseExpressionException($"expected AND, OR or WITH before '{extra.Text}' at position {extra.Position}", extra.Position);
        }

        return expression;
    }

    private enum TokenKind
    {
        Word,
        Open,
        Close,
    }

    private sealed record Token(TokenKind Kind, string Text, int Position)
    {
        public bool IsOperator(string name) => Kind == TokenKind.Word && string.Equals(Text, name, StringComparison.OrdinalIgnoreCase);

        public bool IsAnyOperator => IsOperator("AND") || IsOperator("OR") || IsOperator("WITH");
    }

    private Token? Peek() => _next < _tokens.Count ? _tokens[_next] : null;

    private LicenseExpression ParseOr()
    {
        var left = ParseAnd();
        while (Peek() is { } token && token.IsOperator("OR"))
        {
            _next++;
            left = new LicenseDisjunction(left, ParseAnd());
        }

        return left;
    }

    private LicenseExpression ParseAnd()
    {
        var left = ParseWith();
        while (Peek() is { } token && token.IsOperator("AND"))
        {
            _next++;
            left = new LicenseConjunction(left, ParseWith());
        }

        return left;
    }

    private LicenseExpression ParseWith()
    {
        var token = Peek() ?? throw End("a licence id");
        if (token.Kind == TokenKind.Open)
        {
            _next++;
            var inner = ParseOr();
            var close = Peek();
            if (close is null || close.Kind != TokenKind.Close)
            {
                throw new LicenseExpressionException($"the '(' at position {token.Position} is never closed", token.Position);
            }

            _next++;
            if (Peek() is { } with && with.IsOperator("WITH"))
            {
                throw new LicenseExpressionException(
                    $"WITH at position {with.Position} follows a parenthesised expression; an exception applies to one licence", with.Position);
            }

            return inner;
        }

        if (token.Kind == TokenKind.Close)
        {
            throw new LicenseExpressionException($"expected a licence id at position {token.Position}, found ')'", token.Position);
        }

        if (token.IsAnyOperator)
        {
            throw new LicenseExpressionException($"expected a licence id at position {token.Position}, found the operator {token.Text.ToUpperInvariant()}", token.Position);
        }

        _next++;
        var license = Simple(token);
        if (Peek() is { } next && next.IsOperator("WITH"))
        {
            _next++;
            var exception = Peek() ?? throw End("an exception id after WITH");
            if (exception.Kind != TokenKind.Word || exception.IsAnyOperator)
            {
                throw new LicenseExpressionException($"expected an exception id after WITH at position {exception.Position}", exception.Position);
            }

            _next++;
            if (license is not LicenseTerm term || license is LicenseWithException)
            {
                throw new LicenseExpressionException($"WITH at position {next.Position} must follow a single licence", next.Position);
            }

            return new LicenseWithException(term, Exception(exception));
        }

        return license;
    }

    private LicenseExpression Simple(Token token)
    {
        var text = token.Text;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (text.StartsWith("DocumentRef-", StringComparison.OrdinalIgnoreCase) && colon > 0)
        {
            var document = text[..colon];
            var reference = text[(colon + 1)..];
            RequireIdString(document, "DocumentRef-".Length, token.Position);
            if (!reference.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase))
            {
                throw new LicenseExpressionException($"'{text}' at position {token.Position}: a DocumentRef must be followed by ':LicenseRef-…'", token.Position);
            }

            RequireIdString(reference, "LicenseRef-".Length, token.Position + colon + 1);
            return new LicenseReference("LicenseRef-" + reference["LicenseRef-".Length..], "DocumentRef-" + document["DocumentRef-".Length..]);
        }

        if (colon >= 0)
        {
            throw new LicenseExpressionException($"unexpected ':' in '{text}' at position {token.Position + colon}", token.Position + colon);
        }

        if (text.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase))
        {
            RequireIdString(text, "LicenseRef-".Length, token.Position);
            return new LicenseReference("LicenseRef-" + text["LicenseRef-".Length..]);
        }

        var orLater = text.EndsWith('+');
        var id = orLater ? text[..^1] : text;
        var plus = id.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            throw new LicenseExpressionException($"'+' may only end a licence id ('{text}' at position {token.Position + plus})", token.Position + plus);
        }

        if (id.Length > 0 && SpdxLicenseCatalog.TryGetLicense(id, out var listed))
        {
            var license = new SpdxLicenseId(listed.Id, orLater);
            return _replaceDeprecated ? DeprecatedLicenseIds.Replace(license) : license;
        }

        if (_resolveUnknown?.Invoke(text) is { } resolved)
        {
            return resolved;
        }

        throw new LicenseExpressionException(
            $"'{text}' at position {token.Position} is not an SPDX licence id (SPDX licence list {SpdxLicenseCatalog.ListVersion}); name other licences LicenseRef-…",
            token.Position);
    }

    private static string Exception(Token token)
    {
        if (token.Text.StartsWith("AdditionRef-", StringComparison.OrdinalIgnoreCase))
        {
            RequireIdString(token.Text, "AdditionRef-".Length, token.Position);
            return "AdditionRef-" + token.Text["AdditionRef-".Length..];
        }

        return SpdxLicenseCatalog.TryGetException(token.Text, out var exception)
            ? exception.Id
            : throw new LicenseExpressionException(
                $"'{token.Text}' at position {token.Position} is not an SPDX licence exception id (SPDX licence list {SpdxLicenseCatalog.ListVersion})",
                token.Position);
    }

    /// <summary>SPDX idstring: letters, digits, '.' and '-' after the prefix, at least one.</summary>
    private static void RequireIdString(string text, int prefix, int position)
    {
        if (text.Length == prefix)
        {
            throw new LicenseExpressionException($"'{text}' at position {position} has nothing after its prefix", position);
        }

        for (var i = prefix; i < text.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '-'))
            {
                throw new LicenseExpressionException($"'{text}' at position {position} contains '{text[i]}'; only letters, digits, '.' and '-' may follow the prefix", position + i);
            }
        }
    }

    private LicenseExpressionException End(string expected) =>
        new($"expected {expected} at the end of '{_text}'", _text.Length + 1);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                tokens.Add(new Token(TokenKind.Open, "(", i + 1));
                i++;
            }
            else if (c == ')')
            {
                tokens.Add(new Token(TokenKind.Close, ")", i + 1));
                i++;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or ':')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '-' or '+' or ':'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i], start + 1));
            }
            else
            {
                throw new LicenseExpressionException($"unexpected '{c}' at position {i + 1}", i + 1);
            }
        }

        return tokens;
    }
}

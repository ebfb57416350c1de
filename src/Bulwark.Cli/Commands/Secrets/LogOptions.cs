namespace Bulwark.Cli.Commands.Secrets;

/// <summary>
/// Splits <c>--log-opts</c> into git arguments like a shell would for simple cases: on whitespace, with
/// single or double quotes grouping (gitleaks splits on spaces only, which breaks <c>--since="2 weeks ago"</c>).
/// </summary>
internal static class LogOptions
{
    public static IReadOnlyList<string> Split(string? text)
    {
        var args = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return args;
        }

        var current = new System.Text.StringBuilder();
        char? quote = null;
        var inToken = false;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (quote is not null)
        {
            throw new FormatException("--log-opts: a quote is not closed");
        }

        if (inToken)
        {
            args.Add(current.ToString());
        }

        return args;
    }
}

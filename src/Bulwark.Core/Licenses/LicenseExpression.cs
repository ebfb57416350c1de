namespace Bulwark.Core.Licenses;

/// <summary>
/// A parsed SPDX licence expression (SPDX specification, annex D). <see cref="ToString"/> writes the canonical
/// form: listed ids in their SPDX case, operators upper case, parentheses only where precedence needs them
/// (<c>WITH</c> binds tighter than <c>AND</c>, which binds tighter than <c>OR</c>).
/// </summary>
public abstract record LicenseExpression
{
    /// <summary>Parses strictly: every id must be on the SPDX list (any case) or a <c>LicenseRef-</c>.</summary>
    /// <exception cref="LicenseExpressionException">The text is not a valid expression; the message says where and why.</exception>
    public static LicenseExpression Parse(string text) => LicenseExpressionParser.Parse(text, resolveUnknown: null);

    public static bool TryParse(string text, out LicenseExpression? expression)
    {
        try
        {
            expression = Parse(text);
            return true;
        }
        catch (LicenseExpressionException)
        {
            expression = null;
            return false;
        }
    }

    /// <summary>Every licence (with its exception, if any) the expression names, left to right.</summary>
    public abstract IEnumerable<LicenseTerm> Terms { get; }

    public abstract override string ToString();

    internal abstract int Precedence { get; }

    private protected static string Operand(LicenseExpression operand, int parentPrecedence) =>
        operand.Precedence < parentPrecedence ? $"({operand})" : operand.ToString();
}

/// <summary>A licence on its own, optionally with an exception: what a policy and a classification look at.</summary>
public abstract record LicenseTerm : LicenseExpression
{
    internal override int Precedence => 3;

    public override IEnumerable<LicenseTerm> Terms => [this];
}

/// <summary>A licence of the SPDX list; <see cref="OrLater"/> is the <c>+</c> suffix ("this version or any later").</summary>
public sealed record SpdxLicenseId(string Id, bool OrLater = false) : LicenseTerm
{
    public override string ToString() => OrLater ? Id + "+" : Id;
}

/// <summary>A licence outside the SPDX list: <c>LicenseRef-x</c> or <c>DocumentRef-y:LicenseRef-x</c>.</summary>
public sealed record LicenseReference(string LicenseRef, string? DocumentRef = null) : LicenseTerm
{
    public override string ToString() => DocumentRef is null ? LicenseRef : $"{DocumentRef}:{LicenseRef}";
}

/// <summary><c>license WITH exception</c>: the exception is an SPDX exception id or an <c>AdditionRef-</c>.</summary>
public sealed record LicenseWithException(LicenseTerm License, string Exception) : LicenseTerm
{
    public override string ToString() => $"{License} WITH {Exception}";
}

/// <summary><c>left AND right</c>: both licences apply.</summary>
public sealed record LicenseConjunction(LicenseExpression Left, LicenseExpression Right) : LicenseExpression
{
    internal override int Precedence => 2;

    public override IEnumerable<LicenseTerm> Terms => Left.Terms.Concat(Right.Terms);

    public override string ToString() => $"{Operand(Left, Precedence)} AND {Operand(Right, Precedence)}";
}

/// <summary><c>left OR right</c>: the user may choose either licence.</summary>
public sealed record LicenseDisjunction(LicenseExpression Left, LicenseExpression Right) : LicenseExpression
{
    internal override int Precedence => 1;

    public override IEnumerable<LicenseTerm> Terms => Left.Terms.Concat(Right.Terms);

    public override string ToString() => $"{Operand(Left, Precedence)} OR {Operand(Right, Precedence)}";
}

/// <summary>A malformed licence expression: the message names the position (1-based) and the reason.</summary>
public sealed class LicenseExpressionException : FormatException
{
    public LicenseExpressionException()
    {
    }

    public LicenseExpressionException(string message)
        : base(message)
    {
    }

    public LicenseExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LicenseExpressionException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    /// <summary>1-based character position in the expression where the problem was found.</summary>
    public int Position { get; }
}

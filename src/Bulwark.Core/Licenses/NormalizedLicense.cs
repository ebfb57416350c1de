namespace Bulwark.Core.Licenses;

/// <summary>A declared licence as Bulwark understands it.</summary>
public sealed record NormalizedLicense
{
    /// <summary>The text as the package declared it.</summary>
    public required string Declared { get; init; }

    /// <summary>
    /// What to record: the canonical SPDX expression when there is one, else the declared name (a licence family
    /// such as "BSD License", <c>UNLICENSED</c>, <c>SEE LICENSE IN LICENSE.md</c>, an unknown name or URL).
    /// Normalising <see cref="Text"/> again gives the same result.
    /// </summary>
    public required string Text { get; init; }

    /// <summary>The SPDX expression; null when the licence has no SPDX form.</summary>
    public LicenseExpression? Expression { get; init; }

    public LicenseClass Class { get; init; }

    public override string ToString() => Text;
}

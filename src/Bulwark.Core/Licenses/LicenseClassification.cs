using System.Collections.Frozen;

namespace Bulwark.Core.Licenses;

/// <summary>
/// The class of a licence or expression, from Bulwark's table over the SPDX list (<c>Data/license-classes.txt</c>;
/// docs/licences.md justifies it). An expression takes the class a user can rely on: with <c>OR</c> the user picks,
/// so the most permissive known choice; with <c>AND</c> every licence applies, so the most restrictive. A copyleft
/// licence <c>WITH</c> a linking exception (Classpath, GCC runtime…) is at most weak copyleft.
/// </summary>
public static class LicenseClassification
{
    private static readonly Lazy<Table> Data = new(Load);

    /// <summary>The class of one SPDX licence id (any case); <see cref="LicenseClass.Unknown"/> for ids not on the list.</summary>
    public static LicenseClass OfId(string id) => Data.Value.Classes.TryGetValue(id, out var found) ? found : LicenseClass.Unknown;

    /// <summary>Whether this SPDX exception lets other code link with the covered work without taking on its copyleft.</summary>
    public static bool IsLinkingException(string exceptionId) => Data.Value.LinkingExceptions.Contains(exceptionId);

    /// <summary>The ids of one class, in table order: for documentation.</summary>
    public static IEnumerable<string> IdsOf(LicenseClass licenseClass) =>
        Data.Value.Classes.Where(c => c.Value == licenseClass).Select(c => c.Key).Order(StringComparer.OrdinalIgnoreCase);

    internal static IReadOnlyDictionary<string, LicenseClass> ClassTable => Data.Value.Classes;

    internal static IReadOnlySet<string> LinkingExceptions => Data.Value.LinkingExceptions;

    public static LicenseClass Of(LicenseExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return expression switch
        {
            SpdxLicenseId id => OfId(id.Id),
            LicenseReference => LicenseClass.Unknown,
            LicenseWithException with => WithException(Of(with.License), with.Exception),
            LicenseDisjunction or => MostPermissive(Of(or.Left), Of(or.Right)),
            LicenseConjunction and => MostRestrictive(Of(and.Left), Of(and.Right)),
            _ => LicenseClass.Unknown,
        };
    }

    /// <summary>The choice a user would make between two licences: the least restrictive one that is known.</summary>
    public static LicenseClass MostPermissive(LicenseClass a, LicenseClass b) =>
        a == LicenseClass.Unknown ? b : b == LicenseClass.Unknown ? a : (LicenseClass)Math.Min((int)a, (int)b);

    /// <summary>
    /// What two licences that both apply add up to: the more restrictive. An unknown part makes the whole unknown,
    /// unless the known part is already proprietary (nothing is more restrictive).
    /// </summary>
    public static LicenseClass MostRestrictive(LicenseClass a, LicenseClass b) =>
        a == LicenseClass.Proprietary || b == LicenseClass.Proprietary ? LicenseClass.Proprietary
        : a == LicenseClass.Unknown || b == LicenseClass.Unknown ? LicenseClass.Unknown
        : (LicenseClass)Math.Max((int)a, (int)b);

    private static LicenseClass WithException(LicenseClass license, string exception) =>
        license is LicenseClass.StrongCopyleft or LicenseClass.NetworkCopyleft && IsLinkingException(exception)
            ? LicenseClass.WeakCopyleft
            : license;

    private sealed record Table(FrozenDictionary<string, LicenseClass> Classes, FrozenSet<string> LinkingExceptions);

    private static Table Load()
    {
        using var stream = SpdxLicenseCatalog.OpenResource("license-classes.txt");
        using var reader = new StreamReader(stream);
        var classes = new Dictionary<string, LicenseClass>(StringComparer.OrdinalIgnoreCase);
        var exceptions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? section = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
                continue;
            }

            if (section == "linking-exceptions")
            {
                exceptions.Add(line);
            }
            else if (LicenseClassNames.TryParse(section, out var licenseClass) && licenseClass != LicenseClass.Unknown)
            {
                classes[line] = licenseClass;
            }
            else
            {
                throw new InvalidOperationException($"license-classes.txt:{lineNumber}: '{line}' is outside a known section");
            }
        }

        return new Table(classes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), exceptions.ToFrozenSet(StringComparer.OrdinalIgnoreCase));
    }
}

using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// <c>vendor/composer/installed.json</c>, Composer's record of what <c>composer install</c> put in <c>vendor/</c>:
/// Composer 2's <c>{ "packages": [...] }</c> or Composer 1's bare array, each package with <c>name</c>,
/// <c>version</c> and <c>license</c> (an array of alternatives: OR, as in composer.lock).
/// </summary>
internal static class ComposerInstalled
{
    public static IReadOnlyList<InstalledPackage> Read(FileInfo installed, ref int unreadable)
    {
        try
        {
            using var document = JsonDocument.Parse(DependenciesAnalyzer.WithoutByteOrderMark(File.ReadAllText(installed.FullName)), new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            var packages = root.ValueKind == JsonValueKind.Array ? root : root.Array("packages");
            if (packages is not { ValueKind: JsonValueKind.Array } list)
            {
                unreadable++;
                return [];
            }

            var found = new List<InstalledPackage>();
            foreach (var package in list.EnumerateArray())
            {
                if (package.ValueKind != JsonValueKind.Object || package.String("name") is not { Length: > 0 } name)
                {
                    unreadable++;
                    continue;
                }

                var licenses = package.Items("license").Select(l => l.ValueKind == JsonValueKind.String ? l.GetString()?.Trim() : null)
                    .OfType<string>().Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                IReadOnlyList<string> declared = licenses.Count switch
                {
                    0 => package.String("license") is { Length: > 0 } single ? [single] : [],
                    1 => licenses,
                    _ => [Core.Licenses.LicenseNormalizer.AnyOf(licenses)!.Text],
                };
                found.Add(new InstalledPackage("Packagist", name, package.String("version"), declared, installed.FullName));
            }

            return found;
        }
        catch (JsonException)
        {
            unreadable++;
            return [];
        }
    }
}

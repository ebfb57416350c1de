using System.Xml;
using System.Xml.Linq;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.DotNet;

/// <summary>
/// Which of the build's own projects a project references itself (<c>&lt;ProjectReference Include="…"/&gt;</c>), read
/// from the one project file beside its packages.lock.json. NuGet's lockfile lists every project the build pulls in,
/// directly or through another project, without saying which; the project file does.
/// </summary>
internal static class ProjectReferences
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    /// <summary>The names (file names without extension) of the projects referenced directly; null when no single project file says.</summary>
    public static IReadOnlyList<string>? Direct(ExtractorInput input)
    {
        var directory = input.Directory;
        var projects = input.Tree.Paths
            .Where(p => PathOps.DirectoryOf(p) == directory && ProjectExtensions.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (projects.Count != 1 || input.Tree.Read(projects[0]) is not { } text)
        {
            return null;
        }

        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(new StringReader(text), settings);
            var document = XDocument.Load(reader);
            return [.. document.Descendants()
                .Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => e.Attribute("Include")?.Value.Trim())
                .OfType<string>()
                .Where(i => i.Length > 0)
                .Select(NameOf)];
        }
        catch (XmlException)
        {
            return null; // The project extractor reports the malformed file; here it just says nothing.
        }
    }

    /// <summary>The project name NuGet uses for a project reference path: its file name without the extension.</summary>
    public static string NameOf(string path)
    {
        var file = PathOps.FileName(path.Replace('\\', '/'));
        var dot = file.LastIndexOf('.');
        return dot > 0 ? file[..dot] : file;
    }
}

using System.Text.RegularExpressions;
using Bulwark.Analyzers.Dependencies.Extraction;
using Tomlyn.Model;

namespace Bulwark.Analyzers.Dependencies.Extractors.Python;

/// <summary>A PEP 508 requirement: <c>name[extras] specifier ; marker</c>, or <c>name @ url</c>.</summary>
internal sealed partial record Pep508(string Name, string Extras, string Specifier, string? Url, string? Marker)
{
    /// <summary>The exact version when the specifier pins one (<c>==1.2.3</c> or <c>===1.2.3</c>, no wildcard), else null.</summary>
    public string? PinnedVersion
    {
        get
        {
            var m = PinPattern().Match(Specifier);
            return m.Success && !m.Groups[1].Value.Contains('*', StringComparison.Ordinal) ? m.Groups[1].Value : null;
        }
    }

    public string NormalizedName => Ecosystems.NormalizePyPIName(Name);

    public static Pep508? Parse(string text)
    {
        var m = RequirementPattern().Match(text.Trim());
        if (!m.Success)
        {
            return null;
        }

        var rest = m.Groups["rest"].Value.Trim();
        string? marker = null;
        var semicolon = rest.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0)
        {
            marker = rest[(semicolon + 1)..].Trim();
            rest = rest[..semicolon].Trim();
        }

        string? url = null;
        if (rest.StartsWith('@'))
        {
            url = rest[1..].Trim();
            rest = string.Empty;
        }

        return new Pep508(m.Groups["name"].Value, m.Groups["extras"].Value, rest.Trim('(', ')').Trim(), url, marker);
    }

    /// <summary>The dependency names a pyproject.toml declares, by scope (PEP 621, dependency groups, Poetry, PDM, uv).</summary>
    public static Dictionary<string, DependencyScope> DeclaredInPyproject(string? text)
    {
        var result = new Dictionary<string, DependencyScope>(StringComparer.Ordinal);
        if (text is null)
        {
            return result;
        }

        TomlTable doc;
        try
        {
            doc = Tomlyn.TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        }
        catch (Tomlyn.TomlException)
        {
            return result;
        }

        void Add(string name, DependencyScope scope)
        {
            var key = Ecosystems.NormalizePyPIName(name);
            if (key != "python" && (!result.TryGetValue(key, out var existing) || scope == DependencyScope.Production || (scope == DependencyScope.Optional && existing == DependencyScope.Development)))
            {
                result[key] = scope;
            }
        }

        void AddStrings(IEnumerable<object?> items, DependencyScope scope)
        {
            foreach (var item in items.OfType<string>())
            {
                if (Parse(item) is { } r)
                {
                    Add(r.Name, scope);
                }
            }
        }

        if (doc.Table("project") is { } project)
        {
            AddStrings(project.Items("dependencies"), DependencyScope.Production);
            foreach (var (_, extra) in project.Table("optional-dependencies") ?? [])
            {
                AddStrings(extra as TomlArray ?? [], DependencyScope.Optional);
            }
        }

        foreach (var (_, group) in doc.Table("dependency-groups") ?? [])
        {
            AddStrings(group as TomlArray ?? [], DependencyScope.Development);
        }

        if (doc.Table("tool") is { } tool)
        {
            if (tool.Table("poetry") is { } poetry)
            {
                foreach (var (name, _) in poetry.Table("dependencies") ?? [])
                {
                    Add(name, DependencyScope.Production);
                }

                foreach (var (name, _) in poetry.Table("dev-dependencies") ?? [])
                {
                    Add(name, DependencyScope.Development);
                }

                foreach (var (_, group) in poetry.Table("group") ?? [])
                {
                    foreach (var (name, _) in (group as TomlTable)?.Table("dependencies") ?? [])
                    {
                        Add(name, DependencyScope.Development);
                    }
                }
            }

            foreach (var (_, group) in tool.Table("pdm")?.Table("dev-dependencies") ?? [])
            {
                AddStrings(group as TomlArray ?? [], DependencyScope.Development);
            }

            AddStrings(tool.Table("uv")?.Items("dev-dependencies") ?? [], DependencyScope.Development);
        }

        return result;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[(?<extras>[^\]]*)\])?(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex RequirementPattern();

    [GeneratedRegex(@"^\s*===?\s*([^\s,;]+)\s*$")]
    private static partial Regex PinPattern();
}

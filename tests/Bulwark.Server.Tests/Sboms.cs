using System.Text;
using System.Text.Json.Nodes;

namespace Bulwark.Server.Tests;

/// <summary>One package of a test SBOM.</summary>
public sealed record Package(string PurlType, string Name, string? Version, string? Group = null, string? License = null)
{
    public bool Direct { get; init; } = true;

    public bool Development { get; init; }

    public string? File { get; init; }

    public string? Path { get; init; }

    /// <summary>CycloneDX severity of a vulnerability affecting this package, if any.</summary>
    public string? Vulnerable { get; init; }

    public string Purl => $"pkg:{PurlType}/{(Group is null ? string.Empty : Group + "/")}{Name}{(Version is null ? string.Empty : "@" + Version)}";
}

/// <summary>CycloneDX 1.5 SBOMs as dependency scanners write them: components, the dependency graph, and vulnerabilities.</summary>
public static class Sboms
{
    public static byte[] CycloneDx(params Package[] packages)
    {
        var components = new JsonArray();
        var vulnerabilities = new JsonArray();
        var n = 0;
        foreach (var p in packages)
        {
            var component = new JsonObject { ["type"] = "library", ["bom-ref"] = p.Purl, ["name"] = p.Name, ["purl"] = p.Purl };
            if (p.Group is not null)
            {
                component["group"] = p.Group;
            }

            if (p.Version is not null)
            {
                component["version"] = p.Version;
            }

            if (p.License is not null)
            {
                component["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["id"] = p.License } });
            }

            if (p.Development)
            {
                component["scope"] = "excluded";
            }

            var properties = new JsonArray();
            if (p.File is not null)
            {
                properties.Add(new JsonObject { ["name"] = "bulwark:sourceFile", ["value"] = p.File });
            }

            if (p.Path is not null)
            {
                properties.Add(new JsonObject { ["name"] = "bulwark:dependencyPath", ["value"] = p.Path });
            }

            if (p.Direct)
            {
                properties.Add(new JsonObject { ["name"] = "bulwark:direct", ["value"] = "true" });
            }

            component["properties"] = properties;
            components.Add(component);
            if (p.Vulnerable is not null)
            {
                vulnerabilities.Add(new JsonObject
                {
                    ["id"] = $"CVE-2099-{1000 + n++}",
                    ["ratings"] = new JsonArray(new JsonObject { ["severity"] = p.Vulnerable }),
                    ["description"] = $"A vulnerability of {p.Name}",
                    ["affects"] = new JsonArray(new JsonObject { ["ref"] = p.Purl }),
                });
            }
        }

        var bom = new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.5",
            ["version"] = 1,
            ["metadata"] = new JsonObject { ["component"] = new JsonObject { ["type"] = "application", ["bom-ref"] = "app", ["name"] = "app" } },
            ["components"] = components,
        };
        if (vulnerabilities.Count > 0)
        {
            bom["vulnerabilities"] = vulnerabilities;
        }

        return Encoding.UTF8.GetBytes(bom.ToJsonString());
    }
}

using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.JavaScript;

/// <summary>
/// Lockfiles written by the real package managers (testdata/generated, see its README: npm 6, npm 11 at lockfileVersion 1, 2
/// and 3 and as npm-shrinkwrap.json, Yarn 1, 3 and 4, pnpm 7, 8, 9 and 10, Bun 1.4), each checked against what that package
/// manager installed from it. expected.json was written by tools/lockfile-fixtures from the installed node_modules
/// trees (a full install, a production-only one and one without optional packages), never typed by hand.
/// </summary>
public class GeneratedLockfileTests
{
    private static readonly string GeneratedRoot = Path.Combine(TestData.Root, "generated");

    public static TheoryData<string> Fixtures() => [.. FixtureNames()];

    private static IEnumerable<string> FixtureNames() =>
        Directory.EnumerateFiles(GeneratedRoot, "expected.json", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(GeneratedRoot, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Every_package_manager_has_fixtures()
    {
        var tools = FixtureNames().Select(name => name.Split('/')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["npm6-lockv1", "npm-lockv1", "npm-lockv2", "npm-lockv3", "npm-shrinkwrap", "yarn-v1", "yarn-berry-v3", "yarn-berry-v4", "pnpm-v7", "pnpm-v8", "pnpm-v9", "pnpm-v10", "bun"]), tools);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_extracted_packages_are_those_the_package_manager_installed(string fixture)
    {
        var (expected, result) = Extract(fixture);
        var got = ById(result);
        var installed = expected.Installed.ToHashSet(StringComparer.Ordinal);

        var missing = installed.Where(id => !got.ContainsKey(id) && (RecordsBundled(expected) || !expected.Bundled.Contains(id))).ToList();
        Assert.True(missing.Count == 0, "not extracted: " + string.Join(", ", missing));

        // The lockfile also records the optional packages of other platforms (esbuild's and rollup's binaries,
        // fsevents), which were not installed on the machine that generated it: those, and only those, are extra.
        var extra = got.Values.Where(c => !installed.Contains(Id(c)) && !c.IsOptional).Select(Id).ToList();
        Assert.True(extra.Count == 0, "extracted but neither installed nor optional: " + string.Join(", ", extra));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Development_and_optional_flags_match_what_the_package_manager_left_out(string fixture)
    {
        var (expected, result) = Extract(fixture);
        var installed = ById(result).Values.Where(c => expected.Installed.Contains(Id(c))).ToList();

        if (expected.Development is { } development)
        {
            var wrong = installed.Where(c => c.IsDevelopment != development.Contains(Id(c))).Select(c => $"{Id(c)} development={c.IsDevelopment}").ToList();
            Assert.True(wrong.Count == 0, "development flag differs from the production install: " + string.Join(", ", wrong));
        }

        if (expected.Optional is { } optional)
        {
            var wrong = installed.Where(c => c.IsOptional != optional.Contains(Id(c))).Select(c => $"{Id(c)} optional={c.IsOptional}").ToList();
            Assert.True(wrong.Count == 0, "optional flag differs from the install without optional packages: " + string.Join(", ", wrong));
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Direct_dependencies_are_what_the_projects_ask_for(string fixture)
    {
        var (expected, result) = Extract(fixture);

        Assert.Equal(expected.Direct.Order(StringComparer.Ordinal), result.Components.Where(c => c.IsDirect).Select(Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_dependency_graph_is_the_installed_one(string fixture)
    {
        var (expected, result) = Extract(fixture);
        var byPurl = result.Components.ToDictionary(c => c.Purl!, Id, StringComparer.Ordinal);
        var installed = expected.Installed.ToHashSet(StringComparer.Ordinal);
        var peers = expected.PeerEdges.ToHashSet(StringComparer.Ordinal);

        // Edges between installed packages; an edge to a peer is compared only where the format records peers.
        var got = result.Components.SelectMany(c => c.DependsOn.Select(t => $"{Id(c)} -> {byPurl[t]}"))
            .Where(e => e.Split(" -> ") is [var from, var to] && installed.Contains(from) && installed.Contains(to))
            .ToHashSet(StringComparer.Ordinal);
        var bundledUnrecorded = RecordsBundled(expected) ? [] : expected.Bundled.ToHashSet(StringComparer.Ordinal);
        var missing = expected.Edges.Where(e => !got.Contains(e) && !bundledUnrecorded.Contains(e.Split(" -> ")[1])).ToList();
        var extra = got.Where(e => !expected.Edges.Contains(e) && !peers.Contains(e)).ToList();

        Assert.True(missing.Count == 0 && extra.Count == 0, $"missing edges: {string.Join(", ", missing)}; extra edges: {string.Join(", ", extra)}");
    }

    /// <summary>Packages bundled inside a tarball are recorded, with their version, by package-lock.json and bun.lock only.</summary>
    private static bool RecordsBundled(Expected expected) => expected.Lockfile is "package-lock.json" or "npm-shrinkwrap.json" or "bun.lock";

    private static string Id(Component c) => $"{c.Name}@{c.Version}";

    private static Dictionary<string, Component> ById(ExtractionResult result) => result.Components.ToDictionary(Id, StringComparer.Ordinal);

    private static (Expected Expected, ExtractionResult Result) Extract(string fixture)
    {
        var dir = Path.Combine(GeneratedRoot, fixture);
        var expected = JsonSerializer.Deserialize<Expected>(File.ReadAllText(Path.Combine(dir, "expected.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var extractor = ExtractorRegistry.All.Single(e => e.FileRequired(expected.Lockfile));
        var result = TestData.Extract(extractor, $"generated/{fixture}/{expected.Lockfile}");
        Assert.True(result.Succeeded);
        Assert.Empty(result.Failures());
        return (expected, result);
    }

    private sealed record Expected(
        string Tool,
        string Lockfile,
        IReadOnlyList<string> Installed,
        IReadOnlyList<string>? Development,
        IReadOnlyList<string>? Optional,
        IReadOnlyList<string> Direct,
        IReadOnlyList<string> Edges,
        IReadOnlyList<string> PeerEdges,
        IReadOnlyList<string> Bundled);
}

using Bulwark.Analyzers.Dependencies.Extractors.JavaScript;
using Bulwark.Analyzers.Dependencies.Graph;
using Bulwark.Core;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Tests.Graph;

public class IntroductionPathsTests
{
    private static Component C(string name, bool direct, params string[] dependsOn) =>
        new() { Name = name, Version = "1", Ecosystem = "npm", Purl = $"pkg:npm/{name}@1", IsDirect = direct, DependsOn = dependsOn.Select(d => $"pkg:npm/{d}@1").ToEquatableArray() };

    private static IntroductionReport Why(IReadOnlyList<Component> components, string name, int maxPaths = 100) =>
        IntroductionPaths.Find(components, components.Single(c => c.Name == name), maxPaths);

    private static IReadOnlyList<string> Paths(IntroductionReport report) =>
        [.. report.Paths.Select(p => string.Join(" > ", p.Steps.Select(s => s[8..^2])))];

    [Fact]
    public void Every_path_of_a_diamond_is_listed_shortest_first()
    {
        // a → b → d, a → c → d, d → x, and e → x directly.
        var components = new[] { C("a", true, "b", "c"), C("b", false, "d"), C("c", false, "d"), C("d", false, "x"), C("e", true, "x"), C("x", false) };

        var report = Why(components, "x");

        Assert.Equal(["e > x", "a > b > d > x", "a > c > d > x"], Paths(report));
        Assert.False(report.Truncated);
        Assert.True(report.FileHasGraph);
    }

    [Fact]
    public void Paths_through_project_references_start_with_the_project_chain_and_come_shortest_first()
    {
        // The project asks for a itself; its project reference Lib (through Api) asks for b; a → x and b → x.
        var components = new[]
        {
            C("a", true, "x"),
            C("b", false, "x") with { ProjectPaths = new[] { new DependencyPath(new[] { "project:Api", "project:Lib" }.ToEquatableArray()) }.ToEquatableArray() },
            C("x", false),
        };

        var report = IntroductionPaths.Find(components, components[2], 10);

        Assert.Equal(["pkg:npm/a@1 → pkg:npm/x@1", "project:Api → project:Lib → pkg:npm/b@1 → pkg:npm/x@1"], report.Paths.Select(p => p.ToString()));
        Assert.Equal(["project:Api → project:Lib → pkg:npm/b@1"], IntroductionPaths.Find(components, components[1], 10).Paths.Select(p => p.ToString()));
        Assert.False(report.Truncated);
    }

    [Fact]
    public void A_direct_dependency_is_its_own_path_and_is_also_shown_reached_through_others()
    {
        var components = new[] { C("react", true), C("react-dom", true, "react", "scheduler"), C("scheduler", false) };

        Assert.Equal(["react", "react-dom > react"], Paths(Why(components, "react")));
    }

    [Fact]
    public void Paths_never_pass_through_another_direct_dependency()
    {
        // b is direct too: "a > b > x" would only repeat "b > x".
        var components = new[] { C("a", true, "b"), C("b", true, "x"), C("x", false) };

        Assert.Equal(["b > x"], Paths(Why(components, "x")));
    }

    [Fact]
    public void Cycles_end_nowhere_and_paths_stay_simple()
    {
        var components = new[] { C("a", true, "b"), C("b", false, "c"), C("c", false, "b", "x"), C("x", false, "c") };

        var report = Why(components, "x");

        Assert.Equal(["a > b > c > x"], Paths(report));
        Assert.All(report.Paths, p => Assert.Equal(p.Steps.Count, p.Steps.Distinct().Count()));
    }

    [Fact]
    public void Beyond_the_asked_number_the_answer_says_it_is_truncated()
    {
        // Ten direct packages each depend on m, so m has ten one-hop paths.
        var components = Enumerable.Range(0, 10).Select(i => C($"p{i}", true, "m")).Append(C("m", false)).ToArray();

        var report = Why(components, "m", maxPaths: 4);

        Assert.Equal(4, report.Paths.Count);
        Assert.True(report.Truncated);
        Assert.Equal(["p0 > m", "p1 > m", "p2 > m", "p3 > m"], Paths(report));
        Assert.False(Why(components, "m", maxPaths: 10).Truncated);
    }

    [Fact]
    public void An_exponential_number_of_paths_is_bounded_by_the_limit_not_enumerated()
    {
        // 40 layers of two packages, each depending on both of the next layer: 2^40 paths to the bottom.
        var components = new List<Component> { C("root", true, "l0a", "l0b") };
        for (var i = 0; i < 40; i++)
        {
            string[] next = i == 39 ? ["bottom"] : [$"l{i + 1}a", $"l{i + 1}b"];
            components.Add(C($"l{i}a", false, next));
            components.Add(C($"l{i}b", false, next));
        }

        components.Add(C("bottom", false));

        var report = Why(components, "bottom", maxPaths: 25);

        Assert.Equal(25, report.Paths.Count);
        Assert.True(report.Truncated);
        Assert.All(report.Paths, p => Assert.Equal(42, p.Steps.Count));
    }

    [Fact]
    public void A_chain_of_fifty_thousand_packages_is_searched_on_a_small_stack_and_stops_at_the_longest_path()
    {
        const int Length = 50_000;
        var components = Enumerable.Range(0, Length).Select(i => C($"p{i}", i == 0, i == Length - 1 ? [] : [$"p{i + 1}"])).ToList();
        IntroductionReport? deepEnd = null, lastFollowed = null;

        // A recursion as deep as the chain would overflow a 256 KB stack; the search must not depend on the chain's length.
        var thread = new Thread(() =>
        {
            deepEnd = IntroductionPaths.Find(components, components[^1], 20);
            lastFollowed = IntroductionPaths.Find(components, components[DependencyPath.MaxSteps - 1], 20);
        }, 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.NotNull(deepEnd);
        Assert.Empty(deepEnd.Paths);
        Assert.True(deepEnd.LongerPathsSkipped);
        Assert.NotNull(lastFollowed);
        Assert.Equal(DependencyPath.MaxSteps, lastFollowed.Paths.Single().Steps.Count);
        Assert.False(lastFollowed.LongerPathsSkipped);
    }

    [Fact]
    public void A_dense_graph_with_astronomically_many_paths_ends_within_the_budget()
    {
        // 30 layers of 100 packages, each depending on all of the next: 100^29 paths, the shortest all of length 30.
        const int Layers = 30, Width = 100;
        var components = new List<Component>();
        for (var layer = 0; layer < Layers; layer++)
        {
            var next = layer == Layers - 1 ? [] : Enumerable.Range(0, Width).Select(i => $"l{layer + 1}n{i}").ToArray();
            components.AddRange(Enumerable.Range(0, Width).Select(i => C($"l{layer}n{i}", layer == 0, next)));
        }

        var report = Why(components, $"l{Layers - 1}n3", maxPaths: 50);

        Assert.Equal(50, report.Paths.Count);
        Assert.True(report.Truncated);
        Assert.All(report.Paths, p => Assert.Equal(Layers, p.Steps.Count));
    }

    [Fact]
    public void A_package_nothing_depends_on_has_no_path_and_the_file_says_whether_it_records_a_graph()
    {
        var withGraph = new[] { C("a", true, "b"), C("b", false), C("leftover", false) };
        var withoutGraph = new[] { C("a", true), C("indirect", false) };

        var leftover = Why(withGraph, "leftover");
        var indirect = Why(withoutGraph, "indirect");

        Assert.Empty(leftover.Paths);
        Assert.True(leftover.FileHasGraph);
        Assert.Empty(indirect.Paths);
        Assert.False(indirect.FileHasGraph);
    }

    [Fact]
    public void Paths_of_a_real_nested_npm_v1_lockfile_follow_its_requires()
    {
        // json-server's lockfile v1: minimist comes in through rc, mkdirp, json5 and more, nested several levels deep.
        var result = TestData.Extract(new PackageLockJson(), "corpus/npm/json-server-lockv1/package-lock.json");
        var minimist = result.Components.Single(c => c.Name == "minimist" && c.Version == "1.2.5");

        var report = IntroductionPaths.Find(result.Components, minimist, 500);
        var byReference = result.Components.ToDictionary(c => c.Reference);
        var paths = report.Paths.Select(p => string.Join(" > ", p.Steps.Select(s => $"{byReference[s].Name}@{byReference[s].Version}"))).ToList();

        Assert.Contains("markdown-toc@1.2.0 > minimist@1.2.5", paths);
        Assert.Contains("@babel/core@7.12.3 > json5@2.1.3 > minimist@1.2.5", paths);
        Assert.Contains("update-notifier@5.0.1 > latest-version@5.1.0 > package-json@6.5.0 > registry-url@5.1.0 > rc@1.2.8 > minimist@1.2.5", paths);
        Assert.All(report.Paths, p => Assert.True(byReference[p.Steps[0]].IsDirect));
        Assert.Equal(paths.Count, paths.Distinct().Count());
        Assert.Equal(report.Paths.Select(p => p.Steps.Count).Order(), report.Paths.Select(p => p.Steps.Count));
        Assert.False(report.Truncated);
    }
}

using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Core;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Tests.Extraction;

public class DependencyPathFinderTests
{
    private static Component C(string name, bool direct, params string[] dependsOn) =>
        new() { Name = name, Version = "1", Ecosystem = "npm", Purl = $"pkg:npm/{name}@1", IsDirect = direct, DependsOn = dependsOn.Select(d => $"pkg:npm/{d}@1").ToEquatableArray() };

    private static IReadOnlyList<string> PathsOf(IReadOnlyList<Component> components, string name) =>
        [.. components.Single(c => c.Name == name).DependencyPaths.Select(p => string.Join(" > ", p.Steps.Select(s => s[8..^2])))];

    [Fact]
    public void A_transitive_component_gets_the_chain_from_a_direct_one()
    {
        var result = DependencyPathFinder.Attach([C("a", true, "b"), C("b", false, "c"), C("c", false)]);

        Assert.Equal(["a > b > c"], PathsOf(result, "c"));
        Assert.Equal(["a"], PathsOf(result, "a"));
    }

    [Fact]
    public void Shortest_paths_come_first_and_at_most_three_are_kept()
    {
        var result = DependencyPathFinder.Attach([
            C("a", true, "x", "b"), C("b", false, "x"), C("d", true, "x"), C("e", true, "x"), C("f", true, "x"), C("x", false)]);

        var paths = PathsOf(result, "x");
        Assert.Equal(DependencyPathFinder.MaxPathsPerComponent, paths.Count);
        Assert.All(paths, p => Assert.Equal(2, p.Split(" > ").Length));
    }

    [Fact]
    public void Cycles_are_not_followed()
    {
        var result = DependencyPathFinder.Attach([C("a", true, "b"), C("b", false, "c"), C("c", false, "b")]);

        Assert.Equal(["a > b"], PathsOf(result, "b"));
        Assert.Equal(["a > b > c"], PathsOf(result, "c"));
    }

    [Fact]
    public void A_dense_graph_queues_at_most_the_accepted_number_of_arrivals_per_component()
    {
        // 30 layers of 100 packages, each depending on every package of the next layer: 300,000 edges, 100^29 paths.
        // Unbounded, every accepted step would queue an arrival at each of its 100 children (900,000 queued).
        const int Layers = 30, Width = 100;
        var components = new List<Component>();
        for (var layer = 0; layer < Layers; layer++)
        {
            var next = layer == Layers - 1 ? [] : Enumerable.Range(0, Width).Select(i => $"l{layer + 1}n{i}").ToArray();
            components.AddRange(Enumerable.Range(0, Width).Select(i => C($"l{layer}n{i}", layer == 0, next)));
        }

        var result = DependencyPathFinder.Attach(components, out var queued);

        Assert.True(queued <= Width + ((long)DependencyPathFinder.MaxPathsPerComponent * Layers * Width), $"{queued} steps queued");
        var bottom = PathsOf(result, $"l{Layers - 1}n7");
        Assert.Equal(DependencyPathFinder.MaxPathsPerComponent, bottom.Count);
        Assert.All(bottom, p => Assert.Equal(Layers, p.Split(" > ").Length));
    }

    [Fact]
    public void A_bounded_queue_keeps_the_same_shortest_paths()
    {
        // x is reached at length 2 from four direct packages and at length 3 through b: the three shortest, first queued, win.
        var result = DependencyPathFinder.Attach([
            C("a", true, "b"), C("b", false, "x"), C("d", true, "x"), C("e", true, "x"), C("f", true, "x"), C("g", true, "x"), C("x", false, "y"), C("y", false)]);

        Assert.Equal(["d > x", "e > x", "f > x"], PathsOf(result, "x"));
        Assert.Equal(["d > x > y", "e > x > y", "f > x > y"], PathsOf(result, "y"));
    }

    [Fact]
    public void A_chain_longer_than_the_longest_path_kept_gives_its_deep_end_no_path()
    {
        // A crafted lockfile chaining 20,000 packages: full paths for all would be 200 million steps.
        const int Length = 20_000;
        var components = Enumerable.Range(0, Length).Select(i => C($"p{i}", i == 0, i == Length - 1 ? [] : [$"p{i + 1}"])).ToList();

        var result = DependencyPathFinder.Attach(components);

        Assert.Equal(DependencyPath.MaxSteps, result[DependencyPath.MaxSteps - 1].DependencyPaths.Single().Steps.Count);
        Assert.Empty(result[DependencyPath.MaxSteps].DependencyPaths);
        Assert.Empty(result[Length - 1].DependencyPaths);
    }

    [Fact]
    public void A_component_no_direct_one_reaches_has_no_path()
    {
        var result = DependencyPathFinder.Attach([C("a", true), C("orphan", false)]);

        Assert.Empty(PathsOf(result, "orphan"));
    }
}

public class PurlTests
{
    [Theory]
    [InlineData("npm", "@babel/core", "7.23.0", "pkg:npm/%40babel/core@7.23.0")]
    [InlineData("npm", "JSONStream", "1.3.5", "pkg:npm/jsonstream@1.3.5")]
    [InlineData("PyPI", "Typing_Extensions", "4.10.0", "pkg:pypi/typing-extensions@4.10.0")]
    [InlineData("PyPI", "zope.interface", "6.0", "pkg:pypi/zope-interface@6.0")]
    [InlineData("Maven", "org.apache.logging.log4j:log4j-core", "2.17.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1")]
    [InlineData("Go", "github.com/spf13/cobra", "v1.8.0", "pkg:golang/github.com/spf13/cobra@v1.8.0")]
    [InlineData("Go", "github.com/Azure/go-autorest", "v14.2.0+incompatible", "pkg:golang/github.com/Azure/go-autorest@v14.2.0%2Bincompatible")]
    [InlineData("NuGet", "Newtonsoft.Json", "13.0.3", "pkg:nuget/Newtonsoft.Json@13.0.3")]
    [InlineData("Packagist", "Symfony/Console", "6.4.0", "pkg:composer/symfony/console@6.4.0")]
    [InlineData("crates.io", "serde", "1.0.196", "pkg:cargo/serde@1.0.196")]
    [InlineData("RubyGems", "nokogiri", "1.16.0", "pkg:gem/nokogiri@1.16.0")]
    [InlineData("CocoaPods", "GoogleUtilities/Logger", "7.12.0", "pkg:cocoapods/GoogleUtilities@7.12.0#Logger")]
    [InlineData("SwiftURL", "github.com/apple/swift-nio", "2.62.0", "pkg:swift/github.com/apple/swift-nio@2.62.0")]
    public void Purls_follow_the_purl_spec_per_type(string ecosystem, string name, string version, string purl) =>
        Assert.Equal(purl, Ecosystems.PurlFor(ecosystem, name, version));

    [Theory]
    [InlineData("pkg:npm/%40babel/core@7.23.0", "npm", "@babel/core")]
    [InlineData("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1?type=jar", "Maven", "org.apache.logging.log4j:log4j-core")]
    [InlineData("pkg:golang/github.com/spf13/cobra@v1.8.0", "Go", "github.com/spf13/cobra")]
    [InlineData("pkg:pypi/requests@2.31.0", "PyPI", "requests")]
    public void Purls_read_back_to_the_osv_ecosystem_and_name(string purl, string ecosystem, string name) =>
        Assert.Equal((ecosystem, name), Ecosystems.FromPurl(purl));

    [Fact]
    public void A_purl_of_a_type_osv_does_not_know_has_no_ecosystem() => Assert.Null(Ecosystems.FromPurl("pkg:generic/openssl@3.0.0"));
}

using Bulwark.Analyzers.Dependencies.Extractors.Cpp;
using Bulwark.Analyzers.Dependencies.Extractors.Dart;
using Bulwark.Analyzers.Dependencies.Extractors.Erlang;
using Bulwark.Analyzers.Dependencies.Extractors.ObjectiveC;
using Bulwark.Analyzers.Dependencies.Extractors.Sbom;
using Bulwark.Analyzers.Dependencies.Extractors.Swift;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors;

public class PubspecLockTests
{
    [Fact]
    public void Hosted_and_git_packages_are_listed_sdk_and_path_ones_are_not()
    {
        var result = TestData.Extract(new PubspecLock(), "dart/pubspeclock/valid/pubspec.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["async@2.11.0", "http@0.13.6", "lints@2.1.1", "markdown_widget@2.3.2"], result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("http").IsDirect);
        Assert.True(result.Single("lints").IsDevelopment);
        Assert.False(result.Single("async").IsDirect);
        Assert.Equal("pkg:pub/http@0.13.6", result.Single("http").Purl);
    }

    [Fact]
    public void In_a_pub_workspace_the_members_pubspec_yaml_says_what_is_direct()
    {
        var lockfile = "packages:\n  http:\n    dependency: transitive\n    source: hosted\n    version: \"1.2.0\"\n  lints:\n    dependency: transitive\n    source: hosted\n    version: \"3.0.0\"\n  meta:\n    dependency: transitive\n    source: hosted\n    version: \"1.11.0\"\n";
        var member = "name: app\nresolution: workspace\ndependencies:\n  http: ^1.2.0\n  flutter:\n    sdk: flutter\ndev_dependencies:\n  lints: ^3.0.0\n";
        var result = TestData.ExtractText(new PubspecLock(), "pubspec.lock", lockfile, new Dictionary<string, string> { ["app/pubspec.yaml"] = member });

        Assert.True(result.Single("http").IsDirect);
        Assert.True(result.Single("lints").IsDirect);
        Assert.True(result.Single("lints").IsDevelopment);
        Assert.False(result.Single("meta").IsDirect);
    }
}

public class MixLockTests
{
    [Fact]
    public void Hex_entries_with_their_edges_and_git_entries_without_a_version()
    {
        var result = TestData.Extract(new MixLock(), "erlang/mixlock/valid/mix.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["castore@1.0.5", "git_diff@", "hpax@0.1.2", "mint@1.5.2", "plug_crypto@2.0.0"], result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.Equal(["pkg:hex/castore@1.0.5", "pkg:hex/hpax@0.1.2"], result.Single("mint").DependsOn);
        Assert.True(result.Single("mint").IsDirect);
        Assert.False(result.Single("hpax").IsDirect);
        Assert.Equal("pkg:hex/mint@1.5.2 → pkg:hex/hpax@0.1.2", Assert.Single(result.Single("hpax").DependencyPaths).ToString());
    }

    [Fact]
    public void A_line_that_is_not_an_entry_is_a_warning_with_its_number()
    {
        var result = TestData.ExtractText(new MixLock(), "mix.lock", "%{\n  \"a\": {:hex, :a, \"1.0.0\", \"x\", [:mix], [], \"hexpm\", \"y\"},\n  garbage here\n}\n");

        Assert.Single(result.Components);
        Assert.Contains(result.Notes, n => n.Line == 3);
    }
}

public class PackageResolvedTests
{
    [Fact]
    public void Version_1_pins_are_named_by_repository_url_and_branch_pins_have_no_version()
    {
        var result = TestData.Extract(new PackageResolved(), "swift/packageresolved/valid/v1/Package.resolved");

        Assert.Equal("2.62.0", result.Single("github.com/apple/swift-nio").Version);
        Assert.Null(result.Single("github.com/pointfreeco/swift-overture").Version);
        Assert.Equal("pkg:swift/github.com/apple/swift-nio@2.62.0", result.Single("github.com/apple/swift-nio").Purl);
        Assert.All(result.Components, c => Assert.Equal("SwiftURL", c.Ecosystem));
    }

    [Fact]
    public void Version_2_pins_leave_out_local_packages()
    {
        var result = TestData.Extract(new PackageResolved(), "swift/packageresolved/valid/v2/Package.resolved");

        Assert.Equal("github.com/apple/swift-collections", Assert.Single(result.Components).Name);
    }

    [Theory]
    [InlineData("https://github.com/apple/swift-nio.git", "github.com/apple/swift-nio")]
    [InlineData("git@github.com:apple/swift-nio.git", "github.com/apple/swift-nio")]
    [InlineData("https://github.com/pointfreeco/swift-overture/", "github.com/pointfreeco/swift-overture")]
    public void Repository_urls_become_swift_url_names(string location, string name) => Assert.Equal(name, PackageResolved.SwiftUrlName(location));

    [Fact]
    public void An_unknown_version_is_a_warning_not_a_guess()
    {
        var result = TestData.Extract(new PackageResolved(), "swift/packageresolved/invalid/Package.resolved");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Notes, n => n.Field == "version");
    }
}

public class PodfileLockTests
{
    [Fact]
    public void Subspecs_merge_into_their_pod_and_path_pods_are_not_listed()
    {
        var result = TestData.Extract(new PodfileLock(), "objectivec/podfilelock/valid/Podfile.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["Firebase@10.20.0", "FirebaseCore@10.20.0", "FirebaseMessaging@10.20.0", "GoogleUtilities@7.12.0", "SDWebImage@5.18.10"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("Firebase").IsDirect);
        Assert.True(result.Single("SDWebImage").IsDirect);
        Assert.False(result.Single("FirebaseCore").IsDirect);
        Assert.False(result.Has("Flutter"));
        Assert.Equal("pkg:cocoapods/Firebase@10.20.0 → pkg:cocoapods/FirebaseCore@10.20.0 → pkg:cocoapods/GoogleUtilities@7.12.0",
            result.Single("GoogleUtilities").DependencyPaths[0].ToString());
    }
}

public class ConanLockTests
{
    [Fact]
    public void Conan_2_requires_and_build_requires_with_revisions_stripped()
    {
        var result = TestData.Extract(new ConanLock(), "cpp/conanlock/valid/v2/conan.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["boost@1.79.0", "cmake@3.25.3", "cmake@3.28.1", "openssl@3.1.0", "zlib@1.3.1"], result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("cmake", "3.28.1").IsDevelopment);
        Assert.False(result.Single("zlib").IsDevelopment);
        Assert.Equal("pkg:conan/zlib@1.3.1", result.Single("zlib").Purl);
    }

    [Fact]
    public void Conan_1_graph_lock_nodes_give_edges_and_the_consumer_gives_direct_ones()
    {
        var result = TestData.Extract(new ConanLock(), "cpp/conanlock/valid/v1/conan.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(4, result.Components.Count);
        Assert.True(result.Single("poco").IsDirect);
        Assert.True(result.Single("cmake").IsDevelopment);
        Assert.False(result.Single("zlib").IsDirect);
        Assert.Equal("pkg:conan/qt@5.12.5?channel=stable&user=bincrafters", result.Single("qt").Purl);
    }

    [Fact]
    public void An_unknown_version_is_a_warning_not_a_guess()
    {
        var result = TestData.Extract(new ConanLock(), "cpp/conanlock/invalid/conan.lock");

        Assert.False(result.Succeeded);
    }
}

public class SbomInputTests
{
    [Fact]
    public void CycloneDX_components_with_purls_become_components_of_their_ecosystems()
    {
        var result = TestData.Extract(new CycloneDxJson(), "sbom/cyclonedxjson/valid/app.cdx.json");

        Assert.Empty(result.Failures());
        Assert.Equal(["@babel/core@7.23.0", "debug@2.6.9", "express@4.18.2", "org.apache.logging.log4j:log4j-api@2.14.1", "org.apache.logging.log4j:log4j-core@2.14.1"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.Equal("Maven", result.Single("org.apache.logging.log4j:log4j-core").Ecosystem);
        Assert.True(result.Single("express").IsDirect);
        Assert.False(result.Single("debug").IsDirect);
        Assert.True(result.Single("@babel/core").IsOptional);
        Assert.Equal("pkg:npm/express@4.18.2 → pkg:npm/debug@2.6.9", Assert.Single(result.Single("debug").DependencyPaths).ToString());
        Assert.Contains(result.Notes, n => n.Message.Contains("1 components have no purl", StringComparison.Ordinal));
        Assert.Equal(["MIT"], result.Single("express").Licenses);
    }

    [Fact]
    public void A_bom_json_that_is_not_CycloneDX_is_skipped_with_a_note_not_a_warning()
    {
        var result = TestData.ExtractText(new CycloneDxJson(), "bom.json", "{\"materials\": [\"steel\"]}");

        Assert.Empty(result.Components);
        Assert.Empty(result.Failures());
    }

    [Fact]
    public void SPDX_packages_and_relationships_become_components_and_edges()
    {
        var result = TestData.Extract(new SpdxJson(), "sbom/spdxjson/valid/app.spdx.json");

        Assert.Empty(result.Failures());
        Assert.Equal(["github.com/spf13/cobra@v1.8.0", "requests@2.31.0", "urllib3@2.2.1"], result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("requests").IsDirect);
        Assert.False(result.Single("urllib3").IsDirect);
        Assert.Equal(["pkg:pypi/urllib3@2.2.1"], result.Single("requests").DependsOn);
        Assert.Equal(["Apache-2.0"], result.Single("requests").Licenses);
    }
}

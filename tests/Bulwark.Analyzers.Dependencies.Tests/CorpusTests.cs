using Bulwark.Core;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Dependencies.Tests;

/// <summary>
/// The real-world corpus (testdata/corpus, byte-identical to the projects it names): every file is read by some
/// extractor, none fails, and component counts agree with counts made independently from the lockfiles
/// (jq/python over the raw files, noted beside each row).
/// </summary>
public class CorpusTests
{
    private static readonly Lazy<ScanResult> CorpusScan = new(() =>
    {
        var settings = new ScanSettings { Root = TestData.Corpus, Offline = true };
        var runner = new ScanRunner([DependenciesAnalyzerRegistration.Create(settings)]);
        return runner.Run(new ScanOptions { Settings = settings, MaxParallelism = 2 }, ToolInfo.Bulwark("test"));
    });

    /// <summary>
    /// Files no extractor needs, deliberately: pnpm-lock.yaml already records every importer and resolved
    /// catalog entry, so pnpm-workspace.yaml adds nothing to the inventory.
    /// </summary>
    private static readonly string[] NotNeeded = ["pnpm-workspace.yaml"];

    /// <summary>
    /// Warnings the corpus must give, because the answer really is incomplete offline: feign imports the JUnit
    /// and OkHttp BOMs, and spring-petclinic's parent is spring-boot-starter-parent, none of which is in the tree.
    /// </summary>
    private static readonly (string PathPrefix, string Fragment)[] ExpectedWarnings =
    [
        ("maven/feign/", "which is not in the scanned tree (no network)"),
        ("maven/spring-petclinic/", "from parent org.springframework.boot:spring-boot-starter-parent:4.0.3, which is not in the scanned tree (no network)"),
    ];

    /// <summary>
    /// Projects with nothing to list, deliberately: every pod of flutter-gallery-ios comes from a :path source
    /// (Flutter and its plugins, which pubspec.lock inventories).
    /// </summary>
    private static readonly string[] NothingToList = ["cocoapods/flutter-gallery-ios"];

    private static IEnumerable<string> CorpusFiles() =>
        Directory.EnumerateFiles(TestData.Corpus, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TestData.Corpus, f).Replace('\\', '/'))
            .Where(f => f != "README.md" && !NotNeeded.Contains(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Every_corpus_file_is_read_by_some_extractor()
    {
        var analyzer = DependenciesAnalyzerRegistration.Create(new ScanSettings { Root = TestData.Corpus });
        var unread = CorpusFiles().Where(f => !analyzer.Accepts(new WorkspaceEntry(Path.Combine(TestData.Corpus, f), f, 1))).ToList();

        Assert.True(unread.Count == 0, "not read: " + string.Join(", ", unread));
    }

    [Fact]
    public void The_corpus_is_read_without_a_failure()
    {
        var failures = CorpusScan.Value.Warnings.Where(w => w.Level != WarningLevel.Info)
            .Where(w => !ExpectedWarnings.Any(e => w.Path!.StartsWith(e.PathPrefix, StringComparison.Ordinal) && w.Message.Contains(e.Fragment, StringComparison.Ordinal)))
            .Select(w => $"{w.Path}: {w.Message}").ToList();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_corpus_project_yields_components_with_purls_and_paths()
    {
        var projects = CorpusFiles().Select(ProjectOf).Distinct(StringComparer.Ordinal).Except(NothingToList).ToList();
        var components = CorpusScan.Value.Components;
        foreach (var project in projects)
        {
            var mine = components.Where(c => c.SourceFile!.StartsWith(project + "/", StringComparison.Ordinal)).ToList();
            Assert.True(mine.Count > 0, $"{project} yields no component");
            Assert.All(mine, c => Assert.StartsWith("pkg:", c.Purl, StringComparison.Ordinal));
            Assert.Contains(mine, c => c.IsDirect);
            Assert.All(mine.Where(c => c.IsDirect), c => Assert.NotEmpty(c.DependencyPaths));
        }
    }

    /// <summary>Expected counts were made from the raw files, not from this code (the command is beside each row).</summary>
    [Theory]
    // python: unique (name, version) over packages["node_modules/…"] without link entries, name from "name" or the folder
    [InlineData("npm/json-server-lockv2/package-lock.json", 889)]
    [InlineData("npm/mattermost-mobile/package-lock.json", 1422)]
    [InlineData("npm/warehouse-lockv2/package-lock.json", 1028)]
    // python: unique (name, version) over the nested "dependencies" tree, npm: aliases resolved
    [InlineData("npm/json-server-lockv1/package-lock.json", 939)]
    // python: unique (name, version) over entries, name from the first descriptor (npm: aliases resolved)
    [InlineData("yarn-v1/defectdojo-components/yarn.lock", 167)]
    [InlineData("yarn-v1/hono-bench-jsx/yarn.lock", 62)]
    [InlineData("yarn-v1/rails/yarn.lock", 759)]
    // python (PyYAML): unique (name from resolution, version) without workspace: and soft-link entries
    [InlineData("yarn-berry/jest/yarn.lock", 2150)]
    [InlineData("yarn-berry/jest-e2e-babel-hoist/yarn.lock", 138)]
    // python (PyYAML): unique (name, version) over packages keys without file:/link:, peer suffix dropped
    [InlineData("pnpm/json-server/pnpm-lock.yaml", 101)]
    [InlineData("pnpm/vite/pnpm-lock.yaml", 1296)]
    [InlineData("pnpm/vite-lockv6/pnpm-lock.yaml", 1166)]
    [InlineData("pnpm/vue-core/pnpm-lock.yaml", 620)]
    [InlineData("pnpm/vue-core-lockv6/pnpm-lock.yaml", 730)]
    // python: unique packages[*][0] "name@version" without workspace:/link:/file:/root:
    [InlineData("bun/hono/bun.lock", 1012)]
    [InlineData("bun/hono-bench-routers/bun.lock", 137)]
    // python: unique (name, resolved) over all frameworks, type != Project
    [InlineData("nuget-lock/bitwarden-server/src/Core/packages.lock.json", 140)]
    [InlineData("nuget-lock/bitwarden-server/src/Api/packages.lock.json", 153)]
    // grep -c '<package ' packages.config
    [InlineData("nuget-config/openlivewriter/OpenLiveWriter.PostEditor/packages.config", 14)]
    // grep PackageReference Include in the csproj (+ none from Directory.Build.props); every target framework resolves the same versions
    [InlineData("nuget-cpm/npgsql/src/Npgsql/Npgsql.csproj", 3)]
    [InlineData("nuget-cpm/polly/src/Polly.Extensions/Polly.Extensions.csproj", 3)]
    // python: unique (name, version) over default+develop without editable/path entries
    [InlineData("pipenv/opengrep-cli/Pipfile.lock", 82)]
    [InlineData("pipenv/pipenv/Pipfile.lock", 105)]
    // python tomllib: unique (normalised name, version) over [[package]] without directory/file/editable/virtual sources
    [InlineData("poetry/poetry-lockv1.1/poetry.lock", 83)]
    [InlineData("poetry/osv-website/poetry.lock", 73)]
    [InlineData("uv/fastapi/uv.lock", 204)]
    [InlineData("uv/dependency-track-docs/uv.lock", 51)]
    [InlineData("pdm/pdm/pdm.lock", 96)]
    [InlineData("pdm/pydantic-pdm/pdm.lock", 109)]
    // unique normalised names over lines starting with a package name or a URL with #egg= (bleach==x and bleach[css] are one)
    [InlineData("pip/warehouse/requirements/main.txt", 184)]
    [InlineData("pip/defectdojo/requirements.txt", 65)]
    [InlineData("pip/celery/requirements/default.txt", 10)]
    // python ElementTree: the effective project/dependencies (the root pom's inherited) without modules of the build
    [InlineData("maven/feign/core/pom.xml", 9)]
    [InlineData("maven/feign/jackson/pom.xml", 5)]
    [InlineData("maven/spring-petclinic/pom.xml", 24)]
    // python: unique group:artifact:version over lines, without comments and "empty="
    [InlineData("gradle/mercury/gradle.lockfile", 28)]
    [InlineData("gradle/terra-workspace-manager/service/gradle.lockfile", 569)]
    [InlineData("gradle/mattermost-android/buildscript-gradle.lockfile", 153)]
    // python: module paths in require lines and blocks (replace targets are modules, so the count holds)
    [InlineData("go/gh-cli/go.mod", 158)]
    [InlineData("go/hugo/go.mod", 180)]
    [InlineData("go/kind/go.mod", 15)]
    // python tomllib: unique (name, version) of [[package]] with a source
    [InlineData("cargo/bat-lockv3/Cargo.lock", 257)]
    [InlineData("cargo/nushell/Cargo.lock", 991)]
    [InlineData("cargo/ripgrep/Cargo.lock", 52)]
    // python: unique (name, version without platform) of GEM and GIT specs
    [InlineData("gem/rails/Gemfile.lock", 218)]
    [InlineData("gem/osv-schema-docs/Gemfile.lock", 96)]
    [InlineData("gem/mattermost-fastlane/Gemfile.lock", 101)]
    // python: unique (name, version) over packages + packages-dev
    [InlineData("composer/composer/composer.lock", 36)]
    [InlineData("composer/koel/composer.lock", 202)]
    // python (PyYAML): packages whose source is not sdk or path
    [InlineData("pub/localsend/pubspec.lock", 253)]
    [InlineData("pub/flutter-gallery/pubspec.lock", 98)]
    // python: entries "name": {:hex | :git, …}
    [InlineData("hex/hexpm/mix.lock", 101)]
    [InlineData("hex/phoenix/mix.lock", 40)]
    // python: pins
    [InlineData("swift/isowords/Package.resolved", 42)]
    [InlineData("swift/isowords-resolvedv1/Package.resolved", 26)]
    [InlineData("swift/localsend-macos/Package.resolved", 2)]
    // python (PyYAML): unique (pod without subspec, version) in PODS, without :path external sources
    [InlineData("cocoapods/mattermost-ios/Podfile.lock", 28)]
    [InlineData("cocoapods/localsend-ios/Podfile.lock", 4)]
    // python: unique name/version of requires + build_requires (+ python_requires), or of graph_lock node refs
    [InlineData("conan/openstudio/conan.lock", 47)]
    [InlineData("conan/plotjuggler/conan.lock", 62)]
    [InlineData("conan/babel-2019-lockv1/conan.lock", 24)]
    public void Component_counts_match_an_independent_count(string lockfile, int expected)
    {
        var count = CorpusScan.Value.Components.Count(c => c.SourceFile == lockfile);

        Assert.Equal(expected, count);
    }

    private static string ProjectOf(string file)
    {
        var parts = file.Split('/');
        return parts[0] + "/" + parts[1];
    }
}

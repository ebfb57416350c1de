using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Core;

namespace Bulwark.Analyzers.Dependencies.Tests.Extraction;

/// <summary>
/// Every extractor, given a real file of its format with one broken line put in the middle, answers with a warning
/// that names the line (where the format's own syntax makes the file unreadable from there) and never with an
/// exception. The analyzer adds the file's path to each warning (DependenciesAnalyzerTests shows the scan going on).
/// </summary>
public class MalformedLockfileTests
{
    private const string Garbage = "}{ ][ :: \" = ,,";
    private const string BrokenXml = "<broken attr=\"x\" </>";

    public static TheoryData<string, string> Samples() => new()
    {
        { "javascript/packagelockjson", "corpus/npm/json-server-lockv2/package-lock.json" },
        { "javascript/packagelockjson", "corpus/npm/json-server-lockv1/package-lock.json" },
        { "javascript/yarnlock", "corpus/yarn-v1/rails/yarn.lock" },
        { "javascript/yarnlock", "corpus/yarn-berry/jest-e2e-babel-hoist/yarn.lock" },
        { "javascript/pnpmlock", "corpus/pnpm/json-server/pnpm-lock.yaml" },
        { "javascript/bunlock", "corpus/bun/hono-bench-routers/bun.lock" },
        { "dotnet/packageslockjson", "corpus/nuget-lock/bitwarden-server/src/Core/packages.lock.json" },
        { "dotnet/projectassetsjson", "dotnet/projectassetsjson/valid/project.assets.json" },
        { "dotnet/msbuildproject", "corpus/nuget-cpm/polly/src/Polly.Extensions/Polly.Extensions.csproj" },
        { "dotnet/packagesconfig", "corpus/nuget-config/openlivewriter/OpenLiveWriter.PostEditor/packages.config" },
        { "dotnet/depsjson", "dotnet/depsjson/valid/WebApp.deps.json" },
        { "python/requirementstxt", "corpus/pip/defectdojo/requirements.txt" },
        { "python/pipfilelock", "corpus/pipenv/pipenv/Pipfile.lock" },
        { "python/poetrylock", "corpus/poetry/osv-website/poetry.lock" },
        { "python/uvlock", "corpus/uv/dependency-track-docs/uv.lock" },
        { "python/pdmlock", "corpus/pdm/pdm/pdm.lock" },
        { "java/pomxml", "corpus/maven/spring-petclinic/pom.xml" },
        { "java/gradlelockfile", "corpus/gradle/mercury/gradle.lockfile" },
        { "java/gradleverificationmetadata", "java/gradleverificationmetadata/valid/gradle/verification-metadata.xml" },
        { "go/gomod", "corpus/go/kind/go.mod" },
        { "rust/cargolock", "corpus/cargo/ripgrep/Cargo.lock" },
        { "ruby/gemfilelock", "corpus/gem/osv-schema-docs/Gemfile.lock" },
        { "php/composerlock", "corpus/composer/composer/composer.lock" },
        { "dart/pubspeclock", "corpus/pub/flutter-gallery/pubspec.lock" },
        { "erlang/mixlock", "corpus/hex/phoenix/mix.lock" },
        { "swift/packageresolved", "corpus/swift/isowords/Package.resolved" },
        { "objectivec/podfilelock", "corpus/cocoapods/mattermost-ios/Podfile.lock" },
        { "cpp/conanlock", "corpus/conan/plotjuggler/conan.lock" },
        { "sbom/cyclonedxjson", "sbom/cyclonedxjson/valid/app.cdx.json" },
        { "sbom/spdxjson", "sbom/spdxjson/valid/app.spdx.json" },
    };

    [Fact]
    public void Every_extractor_has_a_sample()
    {
        var sampled = Samples().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        Assert.DoesNotContain(ExtractorRegistry.All.Select(e => e.Name), name => !sampled.Contains(name));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_broken_line_is_a_warning_naming_that_line(string extractorName, string sample)
    {
        var extractor = ExtractorRegistry.All.Single(e => e.Name == extractorName);
        var lines = TestData.Read(sample).Split('\n').ToList();
        var broken = lines.Count / 2; // 0-based index of the inserted line
        lines.Insert(broken, sample.EndsWith(".xml", StringComparison.Ordinal) || sample.EndsWith("proj", StringComparison.Ordinal)
            || sample.EndsWith(".config", StringComparison.Ordinal) ? BrokenXml : Garbage);

        var result = TestData.ExtractText(extractor, Path.GetFileName(sample) == "verification-metadata.xml" ? "gradle/verification-metadata.xml" : Path.GetFileName(sample),
            string.Join('\n', lines));

        Assert.DoesNotContain(result.Notes, n => n.Level == WarningLevel.Error);
        Assert.True(result.Notes.Any(n => n.Level == WarningLevel.Warning && n.Line >= broken + 1 && n.Line <= broken + 2),
            $"line {broken + 1} not named: " + string.Join(" | ", result.Notes.Select(n => n.Format(sample))));
    }
}

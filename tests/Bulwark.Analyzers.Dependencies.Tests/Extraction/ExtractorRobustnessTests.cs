using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Core;

namespace Bulwark.Analyzers.Dependencies.Tests.Extraction;

/// <summary>
/// No extractor throws on bad input: each is fed text of every other shape (empty, truncated, wrong document type,
/// another format's real file) and must answer with a result, never an exception (the analyzer turns an exception
/// into an Error-level note, which is what this looks for).
/// </summary>
public class ExtractorRobustnessTests
{
    private static readonly string[] Inputs =
    [
        "",
        "\n\n",
        "{",
        "[]",
        "null",
        "42",
        "\"text\"",
        "{\"lockfileVersion\": 3, \"packages\": []}",
        "{\"version\": 1, \"dependencies\": {\"net8.0\": []}}",
        "{\"packages\": {\"a\": [1, 2]}, \"workspaces\": []}",
        "{\"version\": 1, \"dependencies\": {\"net8.0\": {\"A\": [], \"B\": {\"dependencies\": []}}}}",
        "{\"version\": 3, \"targets\": {\"t\": [], \"u\": {\"x\": 1, \"A/1\": {\"dependencies\": 7}}}, \"project\": 5}",
        "{\"libraries\": {\"a/1\": 5, \"b\": {}}, \"targets\": {\"t\": [], \"u\": {\"a/1\": {\"dependencies\": {\"b\": 1}}}}}",
        "{\"version\": 2, \"pins\": [1, {\"state\": 3}]}",
        "{\"version\": 1, \"object\": {\"pins\": [1]}}",
        "{\"bomFormat\": \"CycloneDX\", \"components\": [1, {\"components\": 5, \"purl\": 3}], \"dependencies\": [1, {\"ref\": 2}]}",
        "{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [1, {\"externalRefs\": 4}], \"relationships\": [1]}",
        "{\"graph_lock\": {\"nodes\": {\"1\": 5, \"2\": {\"ref\": \"a/1\", \"requires\": 3}}}}",
        "{\"version\": \"0.5\", \"requires\": [1, \"x\", \"/\", \"a/\"]}",
        "{\"packages\": [1, {\"name\": 2}], \"packages-dev\": 5}",
        "{\"_meta\": {}, \"default\": {\"a\": 5, \"b\": {\"version\": 3}}}",
        "{\"lockfileVersion\": 1, \"dependencies\": {\"a\": {\"version\": \"npm:\", \"requires\": [1], \"dependencies\": 5}}}",
        "- just\n- a list\n",
        "key: [unclosed\n",
        "packages:\n  a: 1\n",
        "lockfileVersion: '9.0'\npackages:\n  'x@1': null\nimporters:\n  .: 5\n",
        "[[package]]\nname = 1\n",
        "version = \"four\"\n",
        "<project><dependencies><dependency/></dependencies></project>",
        "<Project><ItemGroup><PackageReference Include=\"A\" Version=\"$(\" /></ItemGroup></Project>",
        "<packages><package /></packages>",
        "PODS:\n  - 42\n",
        "GEM\n  specs:\n      orphan (1.0)\n",
        "require (\nreplace => \n",
        "%{\n  \"a\": {:hex, },\n}\n",
        "\0\0\0binary\u00ff",
    ];

    public static TheoryData<string> Extractors()
    {
        var data = new TheoryData<string>();
        foreach (var extractor in ExtractorRegistry.All)
        {
            data.Add(extractor.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Extractors))]
    public void An_extractor_never_throws_on_bad_input(string name)
    {
        var extractor = ExtractorRegistry.All.Single(e => e.Name == name);
        var corpusSamples = new[] { "npm/warehouse-lockv2/package-lock.json", "pnpm/vue-core/pnpm-lock.yaml", "cargo/ripgrep/Cargo.lock", "maven/feign/core/pom.xml" }
            .Select(p => File.ReadAllText(Path.Combine(TestData.Corpus, p)));

        foreach (var input in Inputs.Concat(corpusSamples))
        {
            var result = TestData.ExtractText(extractor, "some/dir/" + SampleFileName(extractor), input);

            Assert.DoesNotContain(result.Notes, n => n.Level == WarningLevel.Error);
        }
    }

    private static string SampleFileName(IExtractor extractor) =>
        new[] { "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "packages.lock.json", "project.assets.json", "App.csproj",
            "packages.config", "App.deps.json", "requirements.txt", "Pipfile.lock", "poetry.lock", "uv.lock", "pdm.lock", "pom.xml", "gradle.lockfile",
            "gradle/verification-metadata.xml", "go.mod", "Cargo.lock", "Gemfile.lock", "composer.lock", "pubspec.lock", "mix.lock", "Package.resolved",
            "Podfile.lock", "conan.lock", "bom.json", "app.spdx.json" }
            .First(f => extractor.FileRequired("some/dir/" + f));
}

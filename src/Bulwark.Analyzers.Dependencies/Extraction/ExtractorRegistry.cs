using Bulwark.Analyzers.Dependencies.Extractors.Cpp;
using Bulwark.Analyzers.Dependencies.Extractors.Dart;
using Bulwark.Analyzers.Dependencies.Extractors.DotNet;
using Bulwark.Analyzers.Dependencies.Extractors.Erlang;
using Bulwark.Analyzers.Dependencies.Extractors.Go;
using Bulwark.Analyzers.Dependencies.Extractors.Java;
using Bulwark.Analyzers.Dependencies.Extractors.JavaScript;
using Bulwark.Analyzers.Dependencies.Extractors.ObjectiveC;
using Bulwark.Analyzers.Dependencies.Extractors.Php;
using Bulwark.Analyzers.Dependencies.Extractors.Python;
using Bulwark.Analyzers.Dependencies.Extractors.Ruby;
using Bulwark.Analyzers.Dependencies.Extractors.Rust;
using Bulwark.Analyzers.Dependencies.Extractors.Sbom;
using Bulwark.Analyzers.Dependencies.Extractors.Swift;

namespace Bulwark.Analyzers.Dependencies.Extraction;

/// <summary>The one explicit list of extractors. Order is irrelevant: each file format has exactly one.</summary>
internal static class ExtractorRegistry
{
    public static IReadOnlyList<IExtractor> All { get; } =
    [
        // JavaScript
        new PackageLockJson(),
        new YarnLock(),
        new PnpmLock(),
        new BunLock(),

        // .NET
        new PackagesLockJson(),
        new ProjectAssetsJson(),
        new MsBuildProject(),
        new PackagesConfig(),
        new DepsJson(),

        // Python
        new RequirementsTxt(),
        new PipfileLock(),
        new PoetryLock(),
        new UvLock(),
        new PdmLock(),

        // Java
        new PomXml(),
        new GradleLockfile(),
        new GradleVerificationMetadata(),

        // Go, Rust, Ruby, PHP
        new GoMod(),
        new CargoLock(),
        new GemfileLock(),
        new ComposerLock(),

        // Dart, Elixir, Swift, CocoaPods, C/C++
        new PubspecLock(),
        new MixLock(),
        new PackageResolved(),
        new PodfileLock(),
        new ConanLock(),

        // SBOMs as input
        new CycloneDxJson(),
        new SpdxJson(),
    ];
}

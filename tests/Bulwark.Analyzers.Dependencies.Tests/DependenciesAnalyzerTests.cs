using System.Text;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Dependencies.Tests;

/// <summary>The analyzer from the outside: a real scan of a small tree through the ScanRunner.</summary>
public sealed class DependenciesAnalyzerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bulwark-deps-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string path, string text, bool byteOrderMark = false)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, [.. (byteOrderMark ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)]);
    }

    private ScanResult Scan(IVulnerabilityMatcher? matcher = null)
    {
        var settings = new ScanSettings { Root = _root, Offline = true };
        var runner = new ScanRunner([DependenciesAnalyzerRegistration.Create(settings, matcher)]);
        return runner.Run(new ScanOptions { Settings = settings }, ToolInfo.Bulwark("test"));
    }

    [Fact]
    public void Describes_itself_as_the_dependency_scanning_analyzer()
    {
        var analyzer = DependenciesAnalyzerRegistration.Create(new ScanSettings { Root = _root });

        Assert.Equal("dependencies", analyzer.Descriptor.Name);
        Assert.Equal(ReportType.DependencyScanning, analyzer.Descriptor.ReportType);
        Assert.True(analyzer.Accepts(new WorkspaceEntry("/x/package-lock.json", "web/package-lock.json", 10)));
        Assert.False(analyzer.Accepts(new WorkspaceEntry("/x/README.md", "README.md", 10)));
        Assert.Contains(DependenciesAnalyzerRegistration.Formats, f => f.Extractor == "go/gomod" && f.Ecosystem == "Go");
    }

    [Fact]
    public void A_malformed_lockfile_is_a_warning_with_file_and_line_and_the_other_files_are_still_inventoried()
    {
        Write("good/Cargo.lock", "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"serde\"]\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.196\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n");
        Write("bad/package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/a\": {\n      \"version\": \"1.0.0\"\n    \n");

        var result = Scan();

        var component = Assert.Single(result.Components);
        Assert.Equal(("serde", "1.0.196", "good/Cargo.lock"), (component.Name, component.Version, component.SourceFile));
        Assert.Contains(result.Warnings, w => w.Path == "bad/package-lock.json" && w.Level == WarningLevel.Warning && w.Message.StartsWith("line ", StringComparison.Ordinal));
        Assert.True(result.Completed);
    }

    [Fact]
    public void Cross_file_inputs_are_resolved_once_the_whole_tree_is_seen()
    {
        Write("Directory.Packages.props", "<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup><ItemGroup><PackageVersion Include=\"Serilog\" Version=\"4.0.1\" /></ItemGroup></Project>");
        Write("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"Serilog\" /></ItemGroup></Project>", byteOrderMark: true);
        Write("svc/go.mod", "module example.com/svc\n\ngo 1.16\n\nrequire github.com/pkg/errors v0.9.1\n");
        Write("svc/go.sum", "github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\ngithub.com/stretchr/testify v1.7.0 h1:nwc3DEeHmmLAfoZucVR881uASk0Mfjw8xYJ99tb5CcY=\n");

        var result = Scan();

        Assert.Equal("4.0.1", result.Components.Single(c => c.Name == "Serilog").Version);
        Assert.Equal("src/App/App.csproj", result.Components.Single(c => c.Name == "Serilog").SourceFile);
        Assert.Contains(result.Components, c => c.Name == "github.com/stretchr/testify" && !c.IsDirect);
    }

    [Fact]
    public void A_requirements_include_under_another_name_is_read_from_the_tree()
    {
        Write("requirements.txt", "-r shared/common.pip\nflask==3.0.2\n");
        Write("shared/common.pip", "requests==2.31.0\n");

        var result = Scan();

        Assert.Contains(result.Components, c => c.Name == "requests" && c.Version == "2.31.0" && c.SourceFile == "shared/common.pip");
        Assert.Contains(result.Components, c => c.Name == "flask" && c.SourceFile == "requirements.txt");
        Assert.DoesNotContain(result.Warnings, w => w.Level != WarningLevel.Info);
    }

    [Fact]
    public void A_matcher_plugged_in_turns_components_into_findings()
    {
        Write("Cargo.lock", "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"smallvec\"]\n\n[[package]]\nname = \"smallvec\"\nversion = \"1.6.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n");

        var result = Scan(new EverythingIsVulnerable());

        var finding = Assert.Single(result.Findings);
        Assert.Equal("TEST-pkg:cargo/smallvec@1.6.0", finding.RuleId);
    }

    private sealed class EverythingIsVulnerable : IVulnerabilityMatcher
    {
        public IEnumerable<Finding> Match(IReadOnlyList<Component> components, CancellationToken cancellationToken) =>
            components.Select(c => new Finding
            {
                ReportType = ReportType.DependencyScanning,
                Analyzer = "dependencies",
                RuleId = "TEST-" + c.Purl,
                Identifiers = EquatableArray.Of(new Identifier("osv", "TEST-1", "TEST-1")),
                Location = new DependencyLocation(c.SourceFile!, new DependencyReference(c.Name, c.Version ?? string.Empty, c.IsDirect)),
            });
    }
}

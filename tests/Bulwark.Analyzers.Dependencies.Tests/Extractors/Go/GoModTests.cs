using Bulwark.Analyzers.Dependencies.Extractors.Go;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.Go;

public class GoModTests
{
    private static readonly GoMod Extractor = new();

    [Fact]
    public void Requires_replaces_and_indirect_markers_are_read()
    {
        var result = TestData.Extract(Extractor, "go/gomod/valid/modern/go.mod");

        Assert.Empty(result.Failures());
        Assert.Equal(
            ["github.com/Azure/go-autorest@14.2.0+incompatible", "github.com/cli/go-internal@0.0.0-20241024130215-fa3c22e38b9b", "github.com/inconshreveable/mousetrap@1.1.0",
             "github.com/pkg/errors@0.9.1", "github.com/spf13/cobra@1.8.0", "golang.org/x/net@0.23.0"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.True(result.Single("github.com/spf13/cobra").IsDirect);
        Assert.False(result.Single("github.com/inconshreveable/mousetrap").IsDirect);
        Assert.False(result.Single("github.com/cli/go-internal").IsDirect);
        Assert.Equal("pkg:golang/github.com/spf13/cobra@v1.8.0", result.Single("github.com/spf13/cobra").Purl);
        Assert.Equal("pkg:golang/github.com/Azure/go-autorest@v14.2.0%2Bincompatible", result.Single("github.com/Azure/go-autorest").Purl);
    }

    [Fact]
    public void A_module_replaced_by_a_local_folder_is_not_listed_and_go_sum_gaps_are_noted()
    {
        var result = TestData.Extract(Extractor, "go/gomod/valid/modern/go.mod");

        Assert.False(result.Has("example.com/shared"));
        Assert.Contains(result.Notes, n => n.Message.Contains("local folder", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Message.Contains("go.sum has no checksum", StringComparison.Ordinal));
    }

    [Fact]
    public void Before_go_1_17_go_sum_adds_the_modules_of_the_build_at_their_highest_version()
    {
        var result = TestData.Extract(Extractor, "go/gomod/valid/legacy/go.mod");

        Assert.Equal(["github.com/davecgh/go-spew@1.1.1", "github.com/sirupsen/logrus@1.8.1", "golang.org/x/sys@0.0.0-20220715151400-c0bba94af5f8"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.False(result.Single("github.com/davecgh/go-spew").IsDirect);
    }

    [Fact]
    public void A_bad_require_and_an_unclosed_block_are_warnings_with_lines()
    {
        var result = TestData.Extract(Extractor, "go/gomod/invalid/go.mod");

        Assert.True(result.Has("github.com/pkg/errors", "0.9.1"));
        Assert.Contains(result.Notes, n => n.Line == 7);
        Assert.Contains(result.Notes, n => n.Message.Contains("not closed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_line_is_a_warning_and_never_a_component()
    {
        const string GoMod = "module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n\t}{ ][ :: = ,,\n\tgithub.com/pkg/errors v0.9.1\n)\n\nrequre golang.org/x/net v0.23.0\n";

        var result = TestData.ExtractText(Extractor, "go.mod", GoMod);

        Assert.Equal(["github.com/pkg/errors@0.9.1", "github.com/spf13/cobra@1.8.0"], result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.Equal(["go.mod:7: require directive is not 'module version': '}{ ][ :: = ,,'", "go.mod:11: 'requre' is not a go.mod directive; line skipped"],
            result.Failures());
    }
}

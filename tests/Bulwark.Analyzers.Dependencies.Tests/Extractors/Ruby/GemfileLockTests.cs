using Bulwark.Analyzers.Dependencies.Extractors.Ruby;

namespace Bulwark.Analyzers.Dependencies.Tests.Extractors.Ruby;

public class GemfileLockTests
{
    private static readonly GemfileLock Extractor = new();

    [Fact]
    public void Gem_and_git_specs_are_components_and_platform_variants_merge()
    {
        var result = TestData.Extract(Extractor, "ruby/gemfilelock/valid/Gemfile.lock");

        Assert.Empty(result.Failures());
        Assert.Equal(["activesupport@7.1.0.alpha", "ast@2.4.2", "debug@1.9.1", "mini_portile2@2.8.5", "nokogiri@1.16.0", "parser@3.3.0.5", "racc@1.7.3", "rack-cache@1.13.0", "rack@3.0.9", "rubocop@1.60.2"],
            result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.False(result.Has("rails"));
        Assert.Equal("pkg:gem/nokogiri@1.16.0", result.Single("nokogiri").Purl);
    }

    [Fact]
    public void Dependencies_section_and_path_gems_make_direct_ones_and_gemfile_groups_make_dev_ones()
    {
        var result = TestData.Extract(Extractor, "ruby/gemfilelock/valid/Gemfile.lock");

        Assert.True(result.Single("nokogiri").IsDirect);
        Assert.True(result.Single("rack-cache").IsDirect);
        Assert.True(result.Single("activesupport").IsDirect);
        Assert.True(result.Single("rubocop").IsDevelopment);
        Assert.True(result.Single("debug").IsDevelopment);
        Assert.True(result.Single("ast").IsDevelopment);
        Assert.False(result.Single("racc").IsDevelopment);
        Assert.Equal("pkg:gem/rubocop@1.60.2 → pkg:gem/parser@3.3.0.5 → pkg:gem/ast@2.4.2", Assert.Single(result.Single("ast").DependencyPaths).ToString());
    }

    [Fact]
    public void A_bad_spec_line_is_a_warning_with_its_number()
    {
        var result = TestData.ExtractText(Extractor, "Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.0.9)\n    broken spec line\n\nDEPENDENCIES\n  rack\n");

        Assert.True(result.Has("rack", "3.0.9"));
        Assert.Contains(result.Notes, n => n.Line == 5);
    }

    [Fact]
    public void A_stray_line_is_a_warning_and_the_section_goes_on_while_an_unknown_section_is_skipped()
    {
        const string Lock = "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.0.9)\n}{ ][ :: = ,,\n    rake (13.1.0)\n\nFUTURE SECTION\n    notagem (1.0)\n\nDEPENDENCIES\n  rack\n  rake\n";

        var result = TestData.ExtractText(Extractor, "Gemfile.lock", Lock);

        Assert.Equal(["rack@3.0.9", "rake@13.1.0"], result.Components.Select(c => $"{c.Name}@{c.Version}").Order(StringComparer.Ordinal));
        Assert.Equal(["Gemfile.lock:5: not a section header nor an indented entry: '}{ ][ :: = ,,'"], result.Failures());
        Assert.Contains(result.Notes, n => n.Line == 8 && n.Message.Contains("FUTURE SECTION", StringComparison.Ordinal));
    }
}

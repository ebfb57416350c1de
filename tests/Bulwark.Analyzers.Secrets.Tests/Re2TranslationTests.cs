using System.Text.RegularExpressions;
using Bulwark.Analyzers.Secrets.Config;

namespace Bulwark.Analyzers.Secrets.Tests;

public class Re2TranslationTests
{
    [Theory]
    // POSIX classes become explicit ranges (.NET would read [[:alpha:]] as a class of the chars [:alph).
    [InlineData("[[:alnum:]]+", "[0-9A-Za-z]+")]
    [InlineData("[[:alpha:]]", "[A-Za-z]")]
    [InlineData("[[:digit:]]", "[0-9]")]
    [InlineData("[[:xdigit:]]{32}", "[0-9A-Fa-f]{32}")]
    [InlineData("[[:space:]]", @"[\u0009-\u000D\u0020]")]
    [InlineData("[[:upper:]][[:lower:]]", "[A-Z][a-z]")]
    [InlineData("[[:punct:]]", @"[!-/:-@\[-`{-~]")]
    [InlineData("[[:word:]_-]", @"[0-9A-Za-z__\u002D]")]
    [InlineData("[[:^digit:]]", @"[\u0000-/:-\uFFFF]")]
    // RE2's Perl classes are ASCII-only.
    [InlineData(@"\d\w\s", @"[0-9][0-9A-Za-z_][\u0009\u000A\u000C\u000D\u0020]")]
    [InlineData(@"\D\W", @"[^0-9][^0-9A-Za-z_]")]
    [InlineData(@"[\w.-]{0,20}", @"[0-9A-Za-z_.\u002D]{0,20}")]
    [InlineData(@"[\x60'""\s=]", @"[`'""\u0009\u000A\u000C\u000D\u0020=]")]
    [InlineData(@"[^\S\n]", @"[^\u0000-\u0008\u000B\u000E-\u001F!-\uFFFF\u000A]")]
    // Anchors: RE2's $ is the end of the text unless (?m).
    [InlineData("^key$", @"^key\z")]
    [InlineData("(?m)^key$", "(?m)^key$")]
    [InlineData(@"\Akey\z", @"\Akey\z")]
    [InlineData("(?m:^a$)b$", @"(?m:^a$)b\z")]
    // Flags.
    [InlineData("(?i)key", "(?i)key")]
    [InlineData("(?s).+", "(?s).+")]
    [InlineData("(?i-s)a.b", "(?i-s)a.b")]
    [InlineData("(?U)a+b*c{2,3}", "a+?b*?c{2,3}?")]
    [InlineData("(?U)a+?", "a+")]
    [InlineData("(?U:a+)b+", "(?:a+?)b+")]
    [InlineData("(?iU)x*", "(?i)x*?")]
    // Literals and escapes.
    [InlineData(@"\Qa.b*c\E+", @"a\.b\*c+")]
    [InlineData(@"\x41\x{263A}", "A\u263A")]
    [InlineData(@"\101\0", @"A\u0000")]
    [InlineData(@"\_\-\.", @"_-\.")]
    [InlineData("a{,5}", @"a\{,5}")]
    [InlineData("a{2,5}?", "a{2,5}?")]
    // Unicode general categories.
    [InlineData(@"\pN+", @"\p{N}+")]
    [InlineData(@"\p{Lu}\PL\p{^N}", @"\p{Lu}\P{L}\P{N}")]
    [InlineData(@"[\pL\d]", @"[\p{L}0-9]")]
    // Named groups: kept when all groups are named, plain when mixed (RE2 and .NET number them differently).
    [InlineData("(?P<key>[a-z]+)=(?P<value>x)", "(?<key>[a-z]+)=(?<value>x)")]
    [InlineData("(?<key>[a-z]+)=(x)", "([a-z]+)=(x)")]
    [InlineData("(?:ab)|(c)", "(?:ab)|(c)")]
    public void Re2_translates_to_dotnet(string re2, string dotnet)
    {
        Assert.Equal(dotnet, Re2Translator.Translate(re2));
    }

    [Theory]
    [InlineData("(?=x)", "lookahead")]
    [InlineData("(?!x)", "negative lookahead")]
    [InlineData("(?<=x)", "lookbehind")]
    [InlineData("(?<!x)", "negative lookbehind")]
    [InlineData("(?>x)", "atomic group")]
    [InlineData(@"(a)\1", @"\1")]
    [InlineData("(?P<n>a)(?P=n)", "(?P=name)")]
    [InlineData(@"\p{Greek}", @"\p{Greek}")]
    [InlineData(@"[\p{Han}]", @"\p{Han}")]
    [InlineData(@"\C", @"\C")]
    [InlineData(@"\Z", @"\Z")]
    [InlineData("a{1001}", "{1001}")]
    [InlineData("(?x)a b", "(?x")]
    [InlineData("[[:alphabet:]]", "[:alphabet:]")]
    [InlineData("[a", "[a")]
    [InlineData("(a", "(")]
    [InlineData("a)", ")")]
    public void Constructs_without_a_dotnet_equivalent_are_rejected_by_name(string re2, string construct)
    {
        var error = Assert.Throws<Re2TranslationException>(() => Re2Translator.Translate(re2));

        Assert.Contains(construct, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // A line break followed by more of the match: the match spans lines.
    [InlineData(@"-----BEGIN K-----[\s\S]{10,}?-----END K-----", true, Re2Translator.Unbounded)]
    [InlineData(@"kind: Secret(?s:.){0,20}data:", true, 37)]
    [InlineData(@"key[\s'""]{0,3}=", true, 7)]
    [InlineData(@"a\nb", true, 3)]
    [InlineData(@"""[^""]+""", true, Re2Translator.Unbounded)]
    [InlineData(@"(?s).{0,4}x", true, 5)]
    [InlineData(@"(?:\s|x)y", true, 2)]
    // A line break only at the end (the keyword's line holds it) or nowhere: one line is enough.
    [InlineData(@"\b(tok_[a-f0-9]{8})(?:[\x60'""\s;]|\\[nr]|$)", false, 14)]
    [InlineData(@".{0,4}x", false, 5)]
    [InlineData(@"(?-s:.)*(?s:.)?", false, Re2Translator.Unbounded)]
    [InlineData(@"(ab|c)d{2,3}\Qe.f\E", false, 8)]
    [InlineData(@"\x{1F600}?x", false, 3)]
    public void The_shape_of_a_match_says_whether_it_can_span_lines_and_how_long_it_gets(string re2, bool crossesLines, int maxLength)
    {
        var shape = Re2Translator.TranslateWithShape(re2);

        Assert.Equal((crossesLines, maxLength), (shape.CrossesLines, shape.MaxLength));
        Assert.Equal(Re2Translator.Translate(re2), shape.Regex);
    }

    [Fact]
    public void Translated_perl_classes_match_ascii_only_as_in_re2()
    {
        var digits = new Regex(Re2Translator.Translate(@"^\d+$"));

        Assert.Matches(digits, "0123");
        Assert.DoesNotMatch(digits, "\u0663\u0664"); // Arabic-Indic digits: .NET's \d would match them
    }

    [Fact]
    public void A_translated_dollar_does_not_match_before_a_final_newline()
    {
        Assert.DoesNotMatch(new Regex(Re2Translator.Translate("key$")), "key\n");
        Assert.Matches(new Regex(Re2Translator.Translate("(?m)key$")), "key\n");
    }

    [Fact]
    public void Ungreedy_mode_prefers_the_shortest_match()
    {
        Assert.Equal("a", new Regex(Re2Translator.Translate("(?U)a+")).Match("aaa").Value);
    }

    [Fact]
    public void Group_numbers_stay_re2s_when_named_and_unnamed_groups_mix()
    {
        var match = new Regex(Re2Translator.Translate("(?P<first>x)(y)")).Match("xy");

        Assert.Equal(("x", "y"), (match.Groups[1].Value, match.Groups[2].Value));
    }

    [Fact]
    public void A_gitleaks_style_generic_rule_translates_and_runs_on_the_linear_time_engine()
    {
        const string generic = @"(?i)[\w.-]{0,50}?(?:access|auth|api|credential|creds|key|passw(?:or)?d|secret|token)(?:[ \t\w.-]{0,20})[\s'""]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'""\s=]{0,5}([\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})(?:[\x60'""\s;]|\\[nr]|$)";

        var regex = new Regex(Re2Translator.Translate(generic), RegexOptions.NonBacktracking);

        Assert.Equal("Zx9Qw2Lr7Tk4", regex.Match("api_token = \"Zx9Qw2Lr7Tk4\"").Groups[1].Value);
    }
}

using Bulwark.Analyzers.Secrets.Detection;

namespace Bulwark.Analyzers.Secrets.Tests.Detection;

public class RegexClassTests
{
    [Theory]
    [InlineData("[a-z]x", 4)]
    [InlineData("[^a-z]x", 5)]
    [InlineData("[]a]x", 3)]
    [InlineData("[^]a]x", 4)]
    [InlineData(@"[\]a]x", 4)]
    [InlineData("[[:alnum:]_]x", 11)]
    [InlineData("[a-z", -1)]
    [InlineData("[[:alnum]", -1)]
    [InlineData("[a-z-[aeiou]]", -1)]
    public void The_closing_bracket_is_found_past_escapes_leading_brackets_and_posix_classes(string pattern, int end) =>
        Assert.Equal(end, RegexClass.End(pattern, 0));
}

using Bulwark.Core.Licenses;

namespace Bulwark.Core.Tests.Licenses;

public sealed class LicenseExpressionTests
{
    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("mit", "MIT")]
    [InlineData("apache-2.0", "Apache-2.0")]
    [InlineData("(MIT OR Apache-2.0)", "MIT OR Apache-2.0")]
    [InlineData("MIT or apache-2.0", "MIT OR Apache-2.0")]
    [InlineData("MIT AND (LGPL-2.1-or-later OR BSD-3-Clause)", "MIT AND (LGPL-2.1-or-later OR BSD-3-Clause)")]
    [InlineData("(MIT AND BSD-2-Clause) OR Apache-2.0", "MIT AND BSD-2-Clause OR Apache-2.0")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("gpl-2.0-or-later with classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0")]
    [InlineData("Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception")]
    [InlineData("LGPL-2.1+", "LGPL-2.1+")]
    [InlineData("MPL-1.1+ OR GPL-2.0-or-later", "MPL-1.1+ OR GPL-2.0-or-later")]
    [InlineData("LicenseRef-Proprietary-Acme", "LicenseRef-Proprietary-Acme")]
    [InlineData("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2")]
    [InlineData("((MIT))", "MIT")]
    [InlineData("  BSD-3-Clause   AND   MIT  ", "BSD-3-Clause AND MIT")]
    public void Parses_and_writes_the_canonical_form(string text, string canonical)
    {
        Assert.Equal(canonical, LicenseExpression.Parse(text).ToString());
    }

    [Fact]
    public void AND_binds_tighter_than_OR()
    {
        var expression = LicenseExpression.Parse("MIT OR Apache-2.0 AND BSD-3-Clause");
        var or = Assert.IsType<LicenseDisjunction>(expression);
        Assert.Equal(new SpdxLicenseId("MIT"), or.Left);
        var and = Assert.IsType<LicenseConjunction>(or.Right);
        Assert.Equal(new SpdxLicenseId("Apache-2.0"), and.Left);
        Assert.Equal(new SpdxLicenseId("BSD-3-Clause"), and.Right);
    }

    [Fact]
    public void WITH_binds_tighter_than_AND()
    {
        var and = Assert.IsType<LicenseConjunction>(LicenseExpression.Parse("GPL-3.0-only WITH GCC-exception-3.1 AND MIT"));
        var with = Assert.IsType<LicenseWithException>(and.Left);
        Assert.Equal(new SpdxLicenseId("GPL-3.0-only"), with.License);
        Assert.Equal("GCC-exception-3.1", with.Exception);
    }

    [Fact]
    public void Plus_means_or_later_and_refs_keep_their_document()
    {
        Assert.Equal(new SpdxLicenseId("LGPL-2.1", OrLater: true), LicenseExpression.Parse("LGPL-2.1+"));
        Assert.Equal(new LicenseReference("LicenseRef-x", "DocumentRef-d"), LicenseExpression.Parse("DocumentRef-d:LicenseRef-x"));
    }

    [Fact]
    public void Terms_lists_every_licence_left_to_right()
    {
        var terms = LicenseExpression.Parse("(MIT OR GPL-2.0-only WITH Classpath-exception-2.0) AND LicenseRef-x").Terms.Select(t => t.ToString());
        Assert.Equal(["MIT", "GPL-2.0-only WITH Classpath-exception-2.0", "LicenseRef-x"], terms);
    }

    [Theory]
    [InlineData("", "empty", 1)]
    [InlineData("   ", "empty", 1)]
    [InlineData("MIT OR", "expected a licence id at the end", 7)]
    [InlineData("MIT AND AND Apache-2.0", "found the operator AND", 9)]
    [InlineData("(MIT OR Apache-2.0", "never closed", 1)]
    [InlineData("MIT)", "unbalanced ')'", 4)]
    [InlineData("MIT Apache-2.0", "expected AND, OR or WITH before 'Apache-2.0'", 5)]
    [InlineData("Apache 2.0", "'Apache' at position 1 is not an SPDX licence id", 1)]
    [InlineData("MIT WITH Classpath-exception-2.0 WITH LLVM-exception", "only one exception may follow a licence", 34)]
    [InlineData("GPL-2.0-only WITH Nonsense-exception", "'Nonsense-exception' at position 19 is not an SPDX licence exception id", 19)]
    [InlineData("(MIT OR GPL-2.0-only) WITH Classpath-exception-2.0", "an exception applies to one licence", 23)]
    [InlineData("GPL-2.0-only WITH", "an exception id after WITH", 18)]
    [InlineData("MIT+foo", "'+' may only end a licence id", 4)]
    [InlineData("LicenseRef-", "nothing after its prefix", 1)]
    [InlineData("LicenseRef-a_b", "unexpected '_'", 13)]
    [InlineData("DocumentRef-x:MIT", "must be followed by ':LicenseRef-", 1)]
    [InlineData("MIT, Apache-2.0", "unexpected ','", 4)]
    public void Malformed_expressions_say_where_and_why(string text, string message, int position)
    {
        var error = Assert.Throws<LicenseExpressionException>(() => LicenseExpression.Parse(text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void TryParse_reports_failure_without_throwing()
    {
        Assert.False(LicenseExpression.TryParse("not a licence", out var expression));
        Assert.Null(expression);
        Assert.True(LicenseExpression.TryParse("0BSD", out expression));
        Assert.Equal("0BSD", expression!.ToString());
    }
}

using System.Text;
using Bulwark.Analyzers.Secrets.Sources;

namespace Bulwark.Analyzers.Secrets.Tests.Sources;

public sealed class EncodedContentTests
{
    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_base64_encoded_secret_is_found_and_marked_decoded_at_the_encoded_segment()
    {
        var encoded = Base64($"token: {SourceRules.Secret1}");
        var text = $"line one\nconfig: \"{encoded}\"\n";

        var leak = Assert.Single(SourceRules.Scanner().Scan(text, "values.yaml"));

        Assert.Equal("base64", leak.Decoded);
        Assert.Equal(SourceRules.Secret1, leak.Secret);
        Assert.Equal((2, 10), (leak.StartLine, leak.StartColumn));
        Assert.Equal(10 + encoded.Length - 1, leak.EndColumn);
    }

    [Fact]
    public void A_decoded_value_is_rescanned_with_its_key_around_it()
    {
        var text = $"password = {Base64("S3cr3tValue!2024xx")}\n";

        var leak = Assert.Single(SourceRules.Scanner().Scan(text, "app.ini"), l => l.Decoded is not null);

        Assert.Equal("test-password", leak.RuleId);
        Assert.Equal("S3cr3tValue!2024xx", leak.Secret);
    }

    [Fact]
    public void Hex_and_percent_encoded_secrets_are_found()
    {
        var hex = Hex($"key={SourceRules.Secret2}");
        var percent = string.Concat(Encoding.UTF8.GetBytes($"t={SourceRules.Secret3}").Select(b => $"%{b:X2}"));

        var leaks = SourceRules.Scanner().Scan($"a = {hex}\nb = {percent}\n", "env.txt");

        Assert.Contains(leaks, l => l.Decoded == "hex" && l.Secret == SourceRules.Secret2 && l.StartLine == 1);
        Assert.Contains(leaks, l => l.Decoded == "percent" && l.Secret == SourceRules.Secret3 && l.StartLine == 2);
    }

    [Fact]
    public void Nested_encodings_are_peeled_up_to_the_configured_depth()
    {
        var twice = Base64(Hex($"inner {SourceRules.Secret1}"));
        var text = $"blob: {twice}\n";

        Assert.Contains(SourceRules.Scanner(decodeDepth: 2).Scan(text, "x"), l => l.Decoded == "base64,hex" && l.Secret == SourceRules.Secret1);
        Assert.DoesNotContain(SourceRules.Scanner(decodeDepth: 1).Scan(text, "x"), l => l.Secret == SourceRules.Secret1);
        Assert.Empty(SourceRules.Scanner(decodeDepth: 0).Scan($"blob: {Base64(SourceRules.Secret1 + " padding")}\n", "x"));
    }

    [Fact]
    public void A_plain_secret_is_not_reported_twice_through_its_context()
    {
        var text = $"{SourceRules.Secret1} {Base64("just some harmless text here")}\n";

        var leak = Assert.Single(SourceRules.Scanner().Scan(text, "x"));

        Assert.Null(leak.Decoded);
    }

    [Fact]
    public void Padded_base64_without_digits_or_symbols_is_decoded_as_a_kubernetes_secret_holds_it()
    {
        // 32 letters and digits whose base64 happens to hold neither a digit nor a symbol: only its padding says base64.
        const string encoded = "djVLcjNkclBydnFtaFlwYTJYNjRFeDRUdnpVRVRoSFU=";

        var segment = Assert.Single(EncodedContent.Find($"data:\n  SEGMENT_WRITE_KEY: {encoded}\n"));

        Assert.Equal(("base64", "v5Kr3drPrvqmhYpa2X64Ex4TvzUEThHU"), (segment.Encoding, segment.Decoded));
        Assert.Empty(EncodedContent.Find("var defaultConnectionSettingsName= value"));
    }

    [Fact]
    public void Unpadded_base64_without_digits_or_symbols_is_decoded_when_its_length_is_whole_base64()
    {
        // A 15-char password: 20 base64 chars, no padding, no digit, no symbol.
        var segment = Assert.Single(EncodedContent.Find("data:\n  DB_PASSWORD: YzQrdTMrdSpZNUlMaysw\n"));

        Assert.Equal("c4+u3+u*Y5ILk+0", segment.Decoded);
        Assert.Empty(EncodedContent.Find("services.AddAuthenticationHandler(options);"));
    }

    [Theory]
    [InlineData("integrity: sha512-V3mE9aN8w0k3o1xFQ0lY0k9o2s8bA1pW6u0Jc3q6y5xWmQfZ7Kj5Vn2Lr8Tt4Hh1Ee9Dd0Cc3Bb6Aa8Zz2Yy4Xx==")]
    [InlineData("commit 9fceb02d0ae598e95dc970b74767f19372d61af8a1b2c3d4e5f60718293a4b5c")]
    [InlineData("public static void ConfigureServicesWithDefaultOptions()")]
    [InlineData("https://example.com/search?q=a%20b")]
    public void Hashes_digests_identifiers_and_ordinary_urls_are_not_decoded(string line)
    {
        Assert.Empty(EncodedContent.Find(line));
    }

    public static TheoryData<int, int> RunPlacements()
    {
        // Runs are found 64 chars at a time: starts and ends on both sides of block edges, runs longer than a
        // block, and the shortest run worth a look.
        var data = new TheoryData<int, int>();
        foreach (var start in new[] { 0, 1, 43, 44, 45, 63, 64, 65, 100, 127, 128 })
        {
            foreach (var length in new[] { EncodedContent.MinBase64Length, 24, 63, 64, 65, 100, 150 })
            {
                data.Add(start, length);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RunPlacements))]
    public void A_base64_run_is_found_wherever_it_falls_against_the_blocks_it_is_read_in(int start, int length)
    {
        // Base64 of printable text, cut to the length wanted (a multiple of 4 decodes whole; others partly).
        var encoded = Base64(new string([.. Enumerable.Range(0, length).Select(i => (char)('A' + (i * 7 % 26)))]) + "x1");
        var run = encoded[..length];
        var filler = string.Concat(Enumerable.Repeat("ab cd ", 50));
        foreach (var after in new[] { "", " tail", "\n" + filler })
        {
            // A space before the run, so the filler's last word does not run into it.
            var text = (start > 0 ? filler[..(start - 1)] + " " : "") + run + after;

            var segment = Assert.Single(EncodedContent.Find(text));

            Assert.Equal((start, length), (segment.Start, segment.Length));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(63)]
    public void A_run_one_char_short_of_the_minimum_is_not_decoded(int start)
    {
        var run = Base64("harmless text!x")[..(EncodedContent.MinBase64Length - 1)];
        var text = new string(' ', start) + run + " " + new string(' ', 70);

        Assert.Empty(EncodedContent.Find(text));
    }
}

public sealed class EncodedContentAlphabetTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData(24)]
    [InlineData(40)]
    public void A_run_is_split_by_exactly_the_chars_outside_the_alphabet(int before)
    {
        // Every UTF-16 char, including those whose low byte is an alphabet char (U+0141, U+8041, U+FF41) or whose
        // low 7 bits are one (U+00C1): the chars are narrowed to bytes before they are tested. Placed in the first
        // 64-char block, in either of its 32-char halves.
        var first = Base64("s3cr3t value 2024, printable text that runs on")[..before];
        var second = Base64("more text after the char")[..24];
        var tail = " " + string.Concat(Enumerable.Repeat("ab cd ", 12));
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (c == '=')
            {
                // Padding: it ends the first run (and belongs to it).
                continue;
            }

            var segments = EncodedContent.Find(first + (char)c + second + tail);

            if (Alphabet.Contains((char)c, StringComparison.Ordinal))
            {
                Assert.DoesNotContain(segments, s => s.Start == before + 1);
            }
            else
            {
                Assert.Equal([(0, before), (before + 1, 24)], segments.Select(s => (s.Start, s.Length)));
            }
        }
    }

    public static TheoryData<int> RunLengths() => [.. Enumerable.Range(EncodedContent.MinBase64Length, 60)];

    [Theory]
    [MemberData(nameof(RunLengths))]
    public void A_run_looks_base64_only_when_it_mixes_upper_and_lower_case_and_a_digit_or_symbol_wherever_they_are(int length)
    {
        // Runs are tested 16 chars at a time, the last 16 overlapping: each kind of char must be seen at any position.
        for (var at = 0; at < length; at++)
        {
            var elsewhere = (at + (length / 2)) % length;
            Assert.True(EncodedContent.LooksBase64(Run('a', (at, 'Q'), (elsewhere, '7'))));
            Assert.True(EncodedContent.LooksBase64(Run('A', (at, 'q'), (elsewhere, '_'))));
            Assert.True(EncodedContent.LooksBase64(Run('0', (at, 'z'), (elsewhere, 'Z'))));
            Assert.True(EncodedContent.LooksBase64(Run('a', (at, '/'), (elsewhere, 'P'))));

            // Two kinds only: identifiers.
            Assert.False(EncodedContent.LooksBase64(Run('a', (at, '_'), (elsewhere, '9'))));
            Assert.False(EncodedContent.LooksBase64(Run('A', (at, '_'), (elsewhere, '-'))));
            Assert.False(EncodedContent.LooksBase64(Run('a', (at, 'B'), (elsewhere, 'Z'))));
        }

        string Run(char fill, params (int At, char Char)[] chars)
        {
            var run = new string(fill, length).ToCharArray();
            foreach (var (index, c) in chars)
            {
                run[index] = c;
            }

            return new string(run);
        }
    }

    [Theory]
    [InlineData("CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS")]
    [InlineData("drm_atomic_helper_commit_tail")]
    [InlineData("__x64_sys_io_uring_register_2")]
    [InlineData("DRM_FORMAT_MOD_BROADCOM_SAND128_COL_HEIGHT")]
    public void Long_single_case_identifiers_are_not_decoded(string identifier)
    {
        Assert.False(EncodedContent.LooksBase64(identifier));
        Assert.Empty(EncodedContent.Find($"#define {identifier}(x) ({identifier}_1 + x)\n" + new string(' ', 80)));
    }
}

public sealed class EncodedContentPercentTests
{
    private const string Escaped = "p%40ss%20w%2Frd";

    public static TheoryData<int> Placements() => [0, 1, 30, 48, 49, 50, 62, 63, 64, 65, 100, 127, 128, 140];

    [Theory]
    [MemberData(nameof(Placements))]
    public void A_percent_escaped_token_is_found_wherever_it_falls_against_the_blocks_it_is_read_in(int start)
    {
        // The '%' chars are found 64 chars at a time along with the runs, the last partial block one char at a time.
        foreach (var after in new[] { "", " tail", "\n" + new string(' ', 100) })
        {
            var text = new string(' ', start) + Escaped + after;

            var segment = Assert.Single(EncodedContent.Find(text));

            Assert.Equal((start, Escaped.Length, "percent", "p@ss w/rd"), (segment.Start, segment.Length, segment.Encoding, segment.Decoded));
        }
    }

    [Fact]
    public void The_escapes_of_one_token_make_one_segment_and_the_next_token_its_own()
    {
        var text = "url=https://example.com/a%20b%20c%20d?x=%41%42%43 then q=%31%32%33" + new string(' ', 80);

        var segments = EncodedContent.Find(text);

        Assert.Equal(
            [("url=https://example.com/a b c d?x=ABC", 0), ("q=123", 55)],
            segments.Select(s => (s.Decoded, s.Start)));
    }

    [Fact]
    public void A_token_starts_no_earlier_than_where_the_search_starts()
    {
        var text = new string(' ', 70) + "key=%41%42%43%44";

        var segment = Assert.Single(EncodedContent.Find(text, from: 72));

        Assert.Equal((72, "y=ABCD"), (segment.Start, segment.Decoded));
    }

    [Theory]
    [InlineData("printk(\"%02x:%02x\\n\", a, b);")]
    [InlineData("snprintf(buf, sizeof(buf), \"%s/%s\", dir, name);")]
    [InlineData("https://example.com/search?q=a%20b")]
    public void Printf_formats_and_urls_with_few_escapes_are_not_decoded(string line)
    {
        Assert.Empty(EncodedContent.Find(line + new string(' ', 64)));
    }
}

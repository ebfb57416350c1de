using System.Text;

namespace Bulwark.Scanning.Tests;

public class FileContentTests
{
    private static FileContent Content(byte[] bytes) =>
        new(new WorkspaceEntry("/tmp/x/appsettings.json", "appsettings.json", bytes.Length), bytes, FileContent.LooksBinary(bytes));

    [Fact]
    public void Utf8_byte_order_mark_is_not_part_of_the_text()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{ \"key\": 1 }")).ToArray();
        Assert.Equal("{ \"key\": 1 }", Content(bytes).Text);
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_characters_and_the_rest_is_kept()
    {
        var bytes = Encoding.UTF8.GetBytes("a=").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(" token=abc")).ToArray();
        var text = Content(bytes).Text;
        Assert.Contains('\uFFFD', text);
        Assert.EndsWith(" token=abc", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nul_byte_in_the_first_8_KiB_makes_a_file_binary_and_one_after_does_not()
    {
        var early = new byte[100];
        early[50] = 0;
        Array.Fill(early, (byte)'a', 0, 50);
        Assert.True(FileContent.LooksBinary(early));

        var late = Enumerable.Repeat((byte)'a', 9000).ToArray();
        late[8500] = 0;
        Assert.False(FileContent.LooksBinary(late));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_text_with_a_byte_order_mark_is_text_decoded_without_the_mark(bool bigEndian)
    {
        // As Windows PowerShell 5 saves a script (Out-File, ISE): UTF-16 with a byte order mark, CRLF.
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes("$env:TOKEN = 'abc'\r\nWrite-Host ok\r\n")).ToArray();

        var content = Content(bytes);

        Assert.False(content.IsBinary);
        Assert.Equal("$env:TOKEN = 'abc'\r\nWrite-Host ok\r\n", content.Text);
        Assert.Equal(content.Text, Content(bytes).Chars.ToString());
    }

    [Fact]
    public void Utf16_with_a_nul_char_and_utf16_without_a_byte_order_mark_stay_binary()
    {
        var nulChar = new byte[] { 0xFF, 0xFE, (byte)'a', 0, 0, 0, (byte)'b', 0 };
        Assert.True(FileContent.LooksBinary(nulChar));

        // UTF-32 little endian starts FF FE 00 00: its mark reads as UTF-16's followed by a NUL char.
        Assert.True(FileContent.LooksBinary(new byte[] { 0xFF, 0xFE, 0, 0, (byte)'a', 0, 0, 0 }));

        // Without a mark nothing says UTF-16 (git too calls such a file binary).
        Assert.True(FileContent.LooksBinary(Encoding.Unicode.GetBytes("token = abc")));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'a', 0, (byte)'=', 0, (byte)'1', 0 })]
    [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'a', 0, (byte)'=' })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', (byte)'=', (byte)'1' })]
    [InlineData(new byte[] { (byte)'a', (byte)'=', 0xC3, 0x28, (byte)' ', (byte)'k' })]
    [InlineData(new byte[] { 0xE2, 0x82, 0xAC, (byte)'\n', 0xF0, 0x9F, 0x94, 0x91 })]
    [InlineData(new byte[0])]
    public void Chars_hold_the_same_text_as_the_string_view(byte[] bytes)
    {
        Assert.Equal(Content(bytes).Text, Content(bytes).Chars.ToString());

        // Whichever view comes first, the other agrees with it.
        var content = Content(bytes);
        var chars = content.Chars.ToString();
        Assert.Equal(chars, content.Text);
    }

    [Fact]
    public void Chars_decoded_into_a_workers_buffers_are_not_usable_once_the_runner_released_the_file()
    {
        var buffers = new FileBuffers();
        var bytes = Encoding.UTF8.GetBytes("token = abc");
        var content = new FileContent(new WorkspaceEntry("/tmp/x/a.txt", "a.txt", bytes.Length), bytes, false, buffers);

        Assert.Equal("token = abc", content.Chars.ToString());
        content.Release();

        Assert.Throws<ObjectDisposedException>(() => content.Chars);
    }

    [Fact]
    public void A_worker_reuses_its_buffers_and_grows_them_for_a_larger_file()
    {
        var buffers = new FileBuffers();

        var small = buffers.Bytes(100);
        Assert.Same(small, buffers.Bytes(50));
        var larger = buffers.Bytes(small.Length + 1);
        Assert.True(larger.Length > small.Length);
        Assert.Same(larger, buffers.Bytes(small.Length));

        var chars = buffers.Chars(10);
        Assert.Same(chars, buffers.Chars(10));
    }

    [Fact]
    public void A_need_beyond_what_a_worker_keeps_gets_a_buffer_of_its_own()
    {
        var buffers = new FileBuffers();
        var kept = buffers.Bytes(1000);

        var huge = buffers.Bytes(20 * 1024 * 1024);

        Assert.True(huge.Length >= 20 * 1024 * 1024);
        Assert.Same(kept, buffers.Bytes(1000));
    }
}

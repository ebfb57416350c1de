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
}

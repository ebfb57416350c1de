using System.Text;
using Bulwark.Advisories.Storage;

namespace Bulwark.Advisories.Tests.Storage;

public class Crc32Tests
{
    [Theory]
    [InlineData("123456789", 0xE3069283u)] // the CRC-32C check value (RFC 3720, Appendix B.4)
    [InlineData("", 0x00000000u)]
    public void Crc32c_matches_the_published_check_values(string text, uint expected)
    {
        var crc = Crc32.Castagnoli();
        crc.Append(Encoding.ASCII.GetBytes(text));
        Assert.Equal(expected, crc.Value);
    }

    [Fact]
    public void Crc32_ieee_matches_the_published_check_value()
    {
        var crc = Crc32.Ieee();
        crc.Append(Encoding.ASCII.GetBytes("123456789"));
        Assert.Equal(0xCBF43926u, crc.Value);
    }

    [Fact]
    public void Crc32c_of_32_zero_bytes_matches_rfc_3720()
    {
        var crc = Crc32.Castagnoli();
        crc.Append(new byte[32]);
        Assert.Equal(0x8A9136AAu, crc.Value);
        Assert.Equal(Convert.ToBase64String([0x8A, 0x91, 0x36, 0xAA]), crc.ToBase64());
    }
}

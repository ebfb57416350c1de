using System.Buffers.Binary;

namespace Bulwark.Advisories.Storage;

/// <summary>
/// Table-driven reflected CRC-32 in its two uses here: the IEEE polynomial zip stores per entry (which
/// .NET's zip reader does not check) and Castagnoli's CRC-32C that Google Cloud Storage reports for every
/// object in <c>x-goog-hash: crc32c=…</c> (big-endian, base64), including objects without an MD5.
/// </summary>
internal sealed class Crc32
{
    private static readonly uint[] IeeeTable = BuildTable(0xEDB88320u);
    private static readonly uint[] CastagnoliTable = BuildTable(0x82F63B78u);

    private readonly uint[] _table;
    private uint _crc = 0xFFFFFFFFu;

    private Crc32(uint[] table) => _table = table;

    /// <summary>CRC-32 as zip (and PNG, gzip, Ethernet) computes it.</summary>
    public static Crc32 Ieee() => new(IeeeTable);

    /// <summary>CRC-32C (iSCSI, GCS).</summary>
    public static Crc32 Castagnoli() => new(CastagnoliTable);

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        foreach (var b in data)
        {
            crc = _table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        _crc = crc;
    }

    public uint Value => ~_crc;

    /// <summary>The value as GCS writes it: four big-endian bytes, base64.</summary>
    public string ToBase64()
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Value);
        return Convert.ToBase64String(bytes);
    }

    private static uint[] BuildTable(uint polynomial)
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
            }

            table[i] = crc;
        }

        return table;
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Core.Identity;

/// <summary>RFC 4122 name-based UUID, version 5 (SHA-1).</summary>
public static class Uuid5
{
    public static Guid Create(Guid namespaceId, string name)
    {
        Span<byte> ns = stackalloc byte[16];
        if (!namespaceId.TryWriteBytes(ns, bigEndian: true, out _))
        {
            throw new InvalidOperationException("could not serialise namespace UUID");
        }

        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.CopyTo(input);
        nameBytes.CopyTo(input, 16);

        // RFC 4122 §4.3 mandates SHA-1 for version 5 UUIDs; this is identity, not security.
#pragma warning disable CA5350
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
#pragma warning restore CA5350

        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}

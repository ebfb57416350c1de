using System.IO.Compression;
using Bulwark.Advisories.Osv;

namespace Bulwark.Advisories.Storage;

/// <summary>
/// Reads the records of a zip archive such as OSV's per-ecosystem <c>all.zip</c> without trusting it:
/// entry count, per-entry and total uncompressed size and compression ratio are bounded by
/// <see cref="ArchiveLimits"/> (the sizes as actually inflated, not as the headers claim), and entry names
/// are only ever labels — nothing is written to disk. Each entry's CRC-32 is checked (the framework's
/// reader does not). Streams one entry at a time.
/// </summary>
internal static class OsvArchive
{
    /// <summary>
    /// The record documents (<c>.json</c>, <c>.yaml</c>, <c>.yml</c> entries), labelled <c>{label}!{entry name}</c>.
    /// A broken archive or a limit exceeded is an <see cref="InvalidDataException"/> saying which and why,
    /// thrown when enumeration reaches it.
    /// </summary>
    public static IEnumerable<AdvisoryDocument> Read(string path, string label, ArchiveLimits limits)
    {
        using var archive = ZipFile.OpenRead(path);
        if (archive.Entries.Count > limits.MaxEntries)
        {
            throw new InvalidDataException($"{archive.Entries.Count:N0} entries, more than the {limits.MaxEntries:N0} an advisory archive may hold");
        }

        long total = 0;
        foreach (var entry in archive.Entries)
        {
            if (!IsRecordName(entry.FullName))
            {
                continue;
            }

            var name = Printable(entry.FullName);
            if (entry.Length > limits.MaxEntryBytes)
            {
                throw new InvalidDataException($"entry '{name}' is {entry.Length:N0} bytes uncompressed, more than the {limits.MaxEntryBytes:N0} a record may have");
            }

            if (entry.Length > 64 * 1024 && entry.Length / Math.Max(entry.CompressedLength, 1) > limits.MaxCompressionRatio)
            {
                throw new InvalidDataException($"entry '{name}' expands {entry.Length / Math.Max(entry.CompressedLength, 1):N0} times, more than the {limits.MaxCompressionRatio:N0} allowed");
            }

            var content = Inflate(entry, name, limits);
            total += content.Length;
            if (total > limits.MaxTotalBytes)
            {
                throw new InvalidDataException($"the records add up to more than {limits.MaxTotalBytes:N0} bytes uncompressed");
            }

            yield return new AdvisoryDocument($"{label}!{name}", content, OsvReader.IsYaml(entry.FullName));
        }
    }

    public static bool IsRecordName(string name) =>
        !name.EndsWith('/') && (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || OsvReader.IsYaml(name));

    // Headers can lie about sizes; count what actually comes out of the decompressor.
    private static byte[] Inflate(ZipArchiveEntry entry, string name, ArchiveLimits limits)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream((int)Math.Min(entry.Length, limits.MaxEntryBytes));
        var chunk = new byte[81920];
        var crc = Crc32.Ieee();
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limits.MaxEntryBytes || buffer.Length + read > entry.Length)
            {
                throw new InvalidDataException($"entry '{name}' inflates beyond the {Math.Min(entry.Length, limits.MaxEntryBytes):N0} bytes its header declares or the limit allows");
            }

            buffer.Write(chunk, 0, read);
            crc.Append(chunk.AsSpan(0, read));
        }

        if (buffer.Length != entry.Length)
        {
            throw new InvalidDataException($"entry '{name}' inflates to {buffer.Length:N0} bytes, its header declares {entry.Length:N0}");
        }

        if (crc.Value != entry.Crc32)
        {
            throw new InvalidDataException($"entry '{name}' is damaged: its CRC-32 is {crc.Value:x8}, the archive says {entry.Crc32:x8}");
        }

        return buffer.ToArray();
    }

    /// <summary>Entry names go into messages and the database; control characters must not reach a terminal.</summary>
    private static string Printable(string name) =>
        name.Any(char.IsControl) ? new string([.. name.Select(c => char.IsControl(c) ? '?' : c)]) : name;
}

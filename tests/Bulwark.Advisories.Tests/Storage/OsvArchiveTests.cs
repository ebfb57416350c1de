using System.IO.Compression;
using System.Text;
using Bulwark.Advisories.Storage;

namespace Bulwark.Advisories.Tests.Storage;

public sealed class OsvArchiveTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Zip(params (string Name, byte[] Content, CompressionLevel Level)[] entries)
    {
        var path = _temp.File(Guid.NewGuid().ToString("N") + ".zip");
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content, level) in entries)
        {
            using var stream = archive.CreateEntry(name, level).Open();
            stream.Write(content);
        }

        return path;
    }

    private static byte[] Record(string id) => Encoding.UTF8.GetBytes($$"""{"id": "{{id}}", "modified": "2024-01-01T00:00:00Z"}""");

    [Fact]
    public void Record_entries_are_read_and_labelled_and_other_entries_are_passed_over()
    {
        var path = Zip(("GO-1.json", Record("GO-1"), CompressionLevel.Optimal), ("README.txt", [1, 2], CompressionLevel.Optimal), ("dir/", [], CompressionLevel.Optimal));

        var documents = OsvArchive.Read(path, "https://mirror/Go/all.zip", ArchiveLimits.Default).ToList();

        Assert.Equal("https://mirror/Go/all.zip!GO-1.json", Assert.Single(documents).Source);
    }

    [Fact]
    public void Entry_names_are_labels_only_so_a_traversal_name_writes_nothing()
    {
        var path = Zip(("../../../escaped.json", Record("X-1"), CompressionLevel.Optimal), ("evil\u001b[31m.json", Record("X-2"), CompressionLevel.Optimal));

        var documents = OsvArchive.Read(path, "all.zip", ArchiveLimits.Default).ToList();

        Assert.Equal(["all.zip!../../../escaped.json", "all.zip!evil?[31m.json"], documents.Select(d => d.Source));
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(_temp.Path, "../../../escaped.json"))));
        Assert.Single(Directory.EnumerateFiles(_temp.Path)); // only the archive itself
    }

    [Fact]
    public void Too_many_entries_are_refused()
    {
        var path = Zip(("a.json", Record("A"), CompressionLevel.Optimal), ("b.json", Record("B"), CompressionLevel.Optimal), ("c.json", Record("C"), CompressionLevel.Optimal));

        var error = Assert.Throws<InvalidDataException>(() => OsvArchive.Read(path, "all.zip", new ArchiveLimits { MaxEntries = 2 }).ToList());

        Assert.Contains("more than the 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_over_the_size_limit_is_refused()
    {
        var path = Zip(("big.json", new byte[5000], CompressionLevel.Optimal));

        var error = Assert.Throws<InvalidDataException>(() => OsvArchive.Read(path, "all.zip", new ArchiveLimits { MaxEntryBytes = 4096 }).ToList());

        Assert.Contains("'big.json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_is_refused_by_its_compression_ratio()
    {
        var path = Zip(("bomb.json", new byte[8 << 20], CompressionLevel.SmallestSize)); // 8 MiB of zeros deflate to a few KiB

        var error = Assert.Throws<InvalidDataException>(() => OsvArchive.Read(path, "all.zip", ArchiveLimits.Default).ToList());

        Assert.Contains("expands", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_total_uncompressed_size_is_bounded()
    {
        var path = Zip(("a.json", Record("A"), CompressionLevel.Optimal), ("b.json", Record("B"), CompressionLevel.Optimal));

        Assert.Throws<InvalidDataException>(() => OsvArchive.Read(path, "all.zip", new ArchiveLimits { MaxTotalBytes = Record("A").Length + 10 }).ToList());
    }

    [Fact]
    public void A_damaged_entry_is_detected()
    {
        var path = Zip(("GO-1.json", Record("GO-1"), CompressionLevel.NoCompression));
        var bytes = File.ReadAllBytes(path);
        var at = Encoding.ASCII.GetString(bytes).IndexOf("GO-1\"", StringComparison.Ordinal); // inside the stored data, not the header's name
        bytes[at] = (byte)'X';
        File.WriteAllBytes(path, bytes);

        Assert.Throws<InvalidDataException>(() => OsvArchive.Read(path, "all.zip", ArchiveLimits.Default).ToList());
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        var path = _temp.File("all.zip", "<html>an error page, not an archive</html>");

        Assert.Throws<InvalidDataException>(() => OsvArchive.Read(path, "all.zip", ArchiveLimits.Default).ToList());
    }
}

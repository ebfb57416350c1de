using System.Security.Cryptography;

namespace Bulwark.Scanning.Tests;

public sealed class ScannedFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bulwark-scanned-file-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Tells_the_size_and_reads_the_bytes_at_any_offset()
    {
        var path = Path.Combine(_root, "data.bin");
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        File.WriteAllBytes(path, bytes);

        using var file = ScannedFile.Open(path);
        Assert.Equal(bytes.Length, file.Length());
        var buffer = new byte[1000];
        Assert.Equal(1000, file.Read(buffer, 150_000));
        Assert.Equal(bytes[150_000..151_000], buffer);
        Assert.Equal(500, file.Read(buffer, bytes.Length - 500));
        Assert.Equal(0, file.Read(buffer, bytes.Length));
    }

    [Fact]
    public void Sees_the_size_the_file_has_when_opened_not_when_listed()
    {
        var path = Path.Combine(_root, "grows.txt");
        File.WriteAllText(path, "short");
        File.AppendAllText(path, " and longer");

        using var file = ScannedFile.Open(path);
        Assert.Equal("short and longer".Length, file.Length());
    }

    [Fact]
    public void A_missing_file_is_an_io_error_naming_the_reason()
    {
        var e = Assert.ThrowsAny<IOException>(() => ScannedFile.Open(Path.Combine(_root, "gone.txt")));
        Assert.Contains(OperatingSystem.IsWindows() ? "gone.txt" : "No such file", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Reading_a_directory_is_an_error_not_an_empty_file()
    {
        Assert.ThrowsAny<Exception>(() =>
        {
            using var file = ScannedFile.Open(_root);
            _ = file.Read(new byte[16], 0);
        });
    }
}

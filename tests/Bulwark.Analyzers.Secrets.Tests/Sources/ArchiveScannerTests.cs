using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Bulwark.Analyzers.Secrets.Sources;

namespace Bulwark.Analyzers.Secrets.Tests.Sources;

public sealed class ArchiveScannerTests
{
    private static byte[] Zip(params (string Name, byte[] Content)[] entries) => Zip(CompressionLevel.Optimal, entries);

    private static byte[] Zip(CompressionLevel level, params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static byte[] TarGz(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Secrets_in_nested_zip_jar_and_tarball_entries_are_reported_with_bang_paths()
    {
        var jar = Zip(("META-INF/MANIFEST.MF", Text("Manifest-Version: 1.0\n")), ("config/app.properties", Text($"name=svc\ntoken={SourceRules.Secret1}\n")));
        var tgz = TarGz(("pkg/.env", Text($"\nTOKEN={SourceRules.Secret2}\n")));
        var outer = Zip(("lib/app.jar", jar), ("dist/bundle.tgz", tgz), ("readme.txt", Text("nothing\n")));

        var scan = new ArchiveScanner().Scan(outer, "release.zip", SourceRules.Scanner());

        Assert.Contains(scan.Leaks, l => l.File == "release.zip!lib/app.jar!config/app.properties" && l.StartLine == 2 && l.Secret == SourceRules.Secret1);
        Assert.Contains(scan.Leaks, l => l.File == "release.zip!dist/bundle.tgz!pkg/.env" && l.StartLine == 2 && l.Secret == SourceRules.Secret2);
        Assert.Empty(scan.Warnings);
    }

    [Fact]
    public void A_tarball_read_from_a_stream_is_scanned()
    {
        var tgz = TarGz(("a/b.txt", Text($"x {SourceRules.Secret3}\n")));

        var leak = Assert.Single(new ArchiveScanner().Scan(new MemoryStream(tgz), "backup.tar.gz", SourceRules.Scanner()).Leaks);

        Assert.Equal("backup.tar.gz!a/b.txt", leak.File);
    }

    [Fact]
    public void A_zip_bomb_entry_is_refused_with_a_warning_and_the_other_entries_are_still_scanned()
    {
        // 200 MB of zeros compresses to ~200 KB: a ratio of about 1000:1.
        var bomb = new byte[200 * 1024 * 1024];
        var archive = Zip(CompressionLevel.SmallestSize, ("bomb.txt", bomb), ("keys.env", Text($"TOKEN={SourceRules.Secret1}\n")));

        var scan = new ArchiveScanner().Scan(archive, "payload.zip", SourceRules.Scanner());

        Assert.Contains(scan.Warnings, w => w.Path == "payload.zip!bomb.txt" && w.Message.Contains("decompression bomb", StringComparison.Ordinal));
        Assert.Contains(scan.Leaks, l => l.File == "payload.zip!keys.env");
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_skipped_with_a_warning()
    {
        var inner = Zip(("deep.txt", Text($"x {SourceRules.Secret1}\n")));
        var middle = Zip(("inner.zip", inner));
        var outer = Zip(("middle.zip", middle));

        var scan = new ArchiveScanner(new ArchiveLimits { MaxDepth = 2 }).Scan(outer, "outer.zip", SourceRules.Scanner());

        Assert.Empty(scan.Leaks);
        Assert.Contains(scan.Warnings, w => w.Path == "outer.zip!middle.zip!inner.zip" && w.Message.Contains("deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void Entry_count_and_expanded_size_budgets_stop_the_scan_with_a_warning()
    {
        var many = Zip([.. Enumerable.Range(0, 20).Select(i => ($"f{i}.txt", Text("hello\n")))]);

        var scan = new ArchiveScanner(new ArchiveLimits { MaxEntries = 5 }).Scan(many, "many.zip", SourceRules.Scanner());

        Assert.Contains(scan.Warnings, w => w.Message.Contains("more than 5 entries", StringComparison.Ordinal));
        Assert.Equal(5, scan.Statistics.Files);
    }

    [Fact]
    public void Entry_names_that_climb_out_or_are_absolute_are_only_labels()
    {
        var archive = Zip(("../../etc/evil.conf", Text($"t={SourceRules.Secret1}\n")), ("/abs/path.txt", Text($"t={SourceRules.Secret2}\n")));

        var leaks = new ArchiveScanner().Scan(archive, "x.zip", SourceRules.Scanner()).Leaks;

        Assert.Contains(leaks, l => l.File == "x.zip!../../etc/evil.conf");
        Assert.Contains(leaks, l => l.File == "x.zip!/abs/path.txt");
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(Path.GetTempPath(), "../../etc/evil.conf"))) && File.ReadAllText("/etc/evil.conf").Contains(SourceRules.Secret1, StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_archive_is_a_warning_not_a_crash()
    {
        var scan = new ArchiveScanner().Scan(Text("PK\u0003\u0004 this is not really a zip"), "broken.jar", SourceRules.Scanner());

        Assert.Empty(scan.Leaks);
        Assert.Contains(scan.Warnings, w => w.Path == "broken.jar");
    }

    [Theory]
    [InlineData("a.zip", true)]
    [InlineData("lib/x.JAR", true)]
    [InlineData("pkg.nupkg", true)]
    [InlineData("dist/x-1.0-py3-none-any.whl", true)]
    [InlineData("app.war", true)]
    [InlineData("b.tar", true)]
    [InlineData("b.tar.gz", true)]
    [InlineData("b.tgz", true)]
    [InlineData("notes.txt", false)]
    [InlineData("image.gz", false)]
    public void Archives_are_recognised_by_name(string path, bool expected) =>
        Assert.Equal(expected, new ArchiveScanner().IsArchive(path));
}

using Bulwark.Cli.Output;
using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Cli.Tests;

public class ReportPublisherTests
{
    private static readonly IReadOnlyList<ReportType> SecretsOnly = [ReportType.SecretDetection];

    private static ScanResult Result(string target) => new()
    {
        Tool = ToolInfo.Bulwark("1.2.3"),
        Target = target,
        StartedAt = DateTimeOffset.UnixEpoch,
        FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(1),
    };

    [Fact]
    public async Task Preparing_the_writers_never_throws()
    {
        using var tree = new TempTree();
        await ReportPublisher.PrepareAsync(ReportPublisher.AllFormats, SecretsOnly, ToolInfo.Bulwark("1.2.3"), tree.Root);
        // Input a writer refuses (an empty target) must not surface here either: the real write reports it.
        await ReportPublisher.PrepareAsync(ReportPublisher.AllFormats, SecretsOnly, ToolInfo.Bulwark("1.2.3"), "");
        Assert.Empty(Directory.EnumerateFileSystemEntries(tree.Root));
    }

    [Fact]
    public async Task Every_report_is_written_in_the_order_of_the_formats()
    {
        using var tree = new TempTree();
        var output = tree.Path("out");
        var written = await ReportPublisher.WriteAsync(Result(tree.Root),
            [ReportFormat.Native, ReportFormat.GitLab, ReportFormat.Sarif, ReportFormat.CycloneDx], SecretsOnly, output, "p");

        Assert.Equal(["bulwark.json", "gl-secret-detection-report.json", "bulwark.sarif", "bulwark.cdx.json"], written.Select(Path.GetFileName));
        Assert.All(written, w => Assert.True(new FileInfo(w).Length > 0, w));
        Assert.Equal(4, Directory.GetFiles(output).Length);
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_fails_after_the_others_finished_and_leaves_no_temporary_file()
    {
        using var tree = new TempTree();
        var output = tree.Path("out");
        Directory.CreateDirectory(output);
        // A directory where the SARIF file should go: its rename fails, the other reports are still written whole.
        Directory.CreateDirectory(Path.Combine(output, "bulwark.sarif"));

        var error = await Record.ExceptionAsync(() => ReportPublisher.WriteAsync(Result(tree.Root),
            [ReportFormat.Native, ReportFormat.Sarif, ReportFormat.CycloneDx], SecretsOnly, output, "p"));

        Assert.True(error is IOException or UnauthorizedAccessException, error?.ToString());
        Assert.True(File.Exists(Path.Combine(output, "bulwark.json")));
        Assert.True(File.Exists(Path.Combine(output, "bulwark.cdx.json")));
        Assert.DoesNotContain(Directory.EnumerateFiles(output), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }
}

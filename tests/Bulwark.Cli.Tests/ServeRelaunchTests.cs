using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Bulwark.Cli.Tests;

/// <summary>
/// The per-platform tool runs without tiered compilation (its runtime configuration says so); <c>bulwark serve</c>
/// must replace its process with one that has it, keeping the PID, unless the environment decided otherwise.
/// </summary>
public sealed class ServeRelaunchTests(ServeRelaunchTests.ToolLikeBuild build) : IClassFixture<ServeRelaunchTests.ToolLikeBuild>
{
    private static readonly Func<string, string?> NoVariables = _ => null;

    [Fact]
    public void Serve_relaunches_when_the_runtime_configuration_turned_tiering_off()
    {
        Assert.True(ServeRelaunch.IsWanted(["serve", "--urls", "http://127.0.0.1:8080"], NoVariables, "false", isWindows: false));
        Assert.True(ServeRelaunch.IsWanted(["serve"], NoVariables, false, isWindows: false));
    }

    [Fact]
    public void Serve_does_not_relaunch_when_tiering_is_on_or_not_configured()
    {
        Assert.False(ServeRelaunch.IsWanted(["serve"], NoVariables, null, isWindows: false));
        Assert.False(ServeRelaunch.IsWanted(["serve"], NoVariables, "true", isWindows: false));
        Assert.False(ServeRelaunch.IsWanted(["serve"], NoVariables, true, isWindows: false));
    }

    [Theory]
    [InlineData("DOTNET_TieredCompilation", "0")]
    [InlineData("DOTNET_TieredCompilation", "1")]
    [InlineData("COMPlus_TieredCompilation", "0")]
    public void A_choice_made_in_the_environment_is_respected(string variable, string value)
    {
        Assert.False(ServeRelaunch.IsWanted(["serve"], name => name == variable ? value : null, "false", isWindows: false));
    }

    [Fact]
    public void An_empty_variable_is_no_choice()
    {
        Assert.True(ServeRelaunch.IsWanted(["serve"], name => name == "DOTNET_TieredCompilation" ? "" : null, "false", isWindows: false));
    }

    [Fact]
    public void Other_commands_and_Windows_do_not_relaunch()
    {
        Assert.False(ServeRelaunch.IsWanted(["scan", "."], NoVariables, "false", isWindows: false));
        Assert.False(ServeRelaunch.IsWanted(["server", "migrate"], NoVariables, "false", isWindows: false));
        Assert.False(ServeRelaunch.IsWanted([], NoVariables, "false", isWindows: false));
        Assert.False(ServeRelaunch.IsWanted(["serve"], NoVariables, "false", isWindows: true));
    }

    [Fact]
    public void The_command_line_runs_the_apphost_or_the_dotnet_host_with_the_application()
    {
        Assert.Equal(
            new[] { "/opt/bulwark/Bulwark.Cli", "serve", "--data", "d" },
            ServeRelaunch.CommandLine("/opt/bulwark/Bulwark.Cli", "/opt/bulwark/Bulwark.Cli.dll", ["serve", "--data", "d"]));
        Assert.Equal(
            new[] { "/usr/share/dotnet/dotnet", "/srv/app/Bulwark.Cli.dll", "serve" },
            ServeRelaunch.CommandLine("/usr/share/dotnet/dotnet", "/srv/app/Bulwark.Cli.dll", ["serve"]));
    }

    [LinuxFact]
    public Task Serve_started_by_the_apphost_runs_on_with_tiering_in_the_same_process() =>
        ServeAndCheckAsync(apphost: true, tieringVariable: null, expected: "1");

    [LinuxFact]
    public Task Serve_started_by_the_dotnet_host_runs_on_with_tiering_in_the_same_process() =>
        ServeAndCheckAsync(apphost: false, tieringVariable: null, expected: "1");

    [LinuxFact]
    public async Task Serve_started_through_a_symlink_keeps_its_name()
    {
        // The installed tool's `bulwark` is a symlink to the apphost; the kernel names the process after the file
        // it was started as (ps, top, pgrep), and the relaunch must not rename the server to Bulwark.Cli.
        using var temp = new TempTree();
        await using var serve = await StartAsync(temp, apphost: true, tieringVariable: null, executable: build.Symlink);
        Assert.Equal("1", Environ(serve.ProcessId).GetValueOrDefault("DOTNET_TieredCompilation"));
        Assert.Equal("bulwark", File.ReadAllText($"/proc/{serve.ProcessId}/comm").TrimEnd('\n'));
        Assert.Equal(build.Symlink, File.ReadAllText($"/proc/{serve.ProcessId}/cmdline").Split('\0')[0]);
    }

    [LinuxFact]
    public Task Serve_with_tiering_turned_off_in_the_environment_is_not_relaunched() =>
        ServeAndCheckAsync(apphost: true, tieringVariable: "0", expected: "0");

    [LinuxFact]
    public async Task The_relaunched_server_still_stops_on_SIGTERM()
    {
        using var temp = new TempTree();
        await using var serve = await StartAsync(temp, apphost: true, tieringVariable: null);
        Assert.Equal("1", Environ(serve.ProcessId).GetValueOrDefault("DOTNET_TieredCompilation"));

        using (var kill = Process.Start("kill", ["-TERM", serve.ProcessId.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await serve.WaitForExitAsync().WaitAsync(stopping.Token);
        Assert.True(serve.ExitCode == 0, serve.Output());
    }

    private async Task ServeAndCheckAsync(bool apphost, string? tieringVariable, string expected)
    {
        using var temp = new TempTree();
        await using var serve = await StartAsync(temp, apphost, tieringVariable);

        using var http = new HttpClient { BaseAddress = serve.Address };
        var live = JsonNode.Parse(await http.GetStringAsync(new Uri("/health/live", UriKind.Relative)))!;
        Assert.Equal("live", live["status"]!.GetValue<string>());

        // The process the test started, by its PID: after execve it is the server, with the variable added.
        var environment = Environ(serve.ProcessId);
        Assert.True(environment.GetValueOrDefault("DOTNET_TieredCompilation") == expected, string.Join('\n', environment.Keys.Order()));
        var commandLine = File.ReadAllText($"/proc/{serve.ProcessId}/cmdline").Split('\0');
        Assert.Contains("serve", commandLine);
        Assert.Contains("--data", commandLine);
        Assert.Equal(apphost ? build.Apphost : build.Application, commandLine[apphost ? 0 : 1]);

        // The relaunched runtime opened its own diagnostic endpoint (dotnet-counters, dotnet-trace): the old
        // process's name, which execve's same PID and start time would reuse, did not stand in its way.
        Assert.True(ListensForDiagnostics(serve.ProcessId), serve.Output());
    }

    private static bool ListensForDiagnostics(int processId)
    {
        var sockets = Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .OfType<string>()
            .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target["socket:[".Length..^1])
            .ToHashSet(StringComparer.Ordinal);
        // /proc/net/unix: Num RefCount Protocol Flags Type St Inode Path
        return File.ReadLines("/proc/net/unix").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(f => f.Length >= 8
                && Path.GetFileName(f[7]).StartsWith($"dotnet-diagnostic-{processId}-", StringComparison.Ordinal)
                && sockets.Contains(f[6]));
    }

    private Task<ServeProcess> StartAsync(TempTree temp, bool apphost, string? tieringVariable, string? executable = null)
    {
        var address = new Uri($"http://127.0.0.1:{ServeProcess.FreePort()}");
        var info = new ProcessStartInfo(executable ?? (apphost ? build.Apphost : "dotnet")) { WorkingDirectory = temp.Root };
        if (!apphost)
        {
            info.ArgumentList.Add(build.Application);
        }

        foreach (var arg in new[] { "serve", "--urls", address.ToString().TrimEnd('/'), "--data", Path.Combine(temp.Root, "data") })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        // The apphost of a framework-dependent build looks for the runtime here first: the one running the tests.
        info.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "../../.."));
        info.Environment.Remove("COMPlus_TieredCompilation");
        info.Environment.Remove("DOTNET_TieredCompilation");
        if (tieringVariable is not null)
        {
            info.Environment["DOTNET_TieredCompilation"] = tieringVariable;
        }

        return ServeProcess.StartAsync(info, address);
    }

    private static Dictionary<string, string> Environ(int processId) =>
        File.ReadAllText($"/proc/{processId}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => v.Split('=', 2))
            .Where(v => v.Length == 2)
            .GroupBy(v => v[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    /// <summary>
    /// The CLI's build output copied, with <c>System.Runtime.TieredCompilation: false</c> in its runtime
    /// configuration as the per-platform tool has it. The test build itself is the IL-only one, which keeps tiering
    /// (Bulwark.Cli.csproj), and publishing the composite tool takes minutes; the relaunch only reads the setting.
    /// </summary>
    public sealed class ToolLikeBuild : IDisposable
    {
        private readonly TempTree _copy = new();

        public ToolLikeBuild()
        {
            var output = Path.GetDirectoryName(BulwarkProcess.CliAssembly)!;
            foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(_copy.Root, Path.GetRelativePath(output, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var runtimeConfig = Path.Combine(_copy.Root, "Bulwark.Cli.runtimeconfig.json");
            var json = JsonNode.Parse(File.ReadAllText(runtimeConfig))!;
            json["runtimeOptions"]!["configProperties"]!["System.Runtime.TieredCompilation"] = false;
            File.WriteAllText(runtimeConfig, json.ToJsonString());
            Application = Path.Combine(_copy.Root, "Bulwark.Cli.dll");
            Apphost = Path.Combine(_copy.Root, "Bulwark.Cli");
            Symlink = Path.Combine(_copy.Path("bin"), "bulwark");
            Directory.CreateDirectory(Path.GetDirectoryName(Symlink)!);
            File.CreateSymbolicLink(Symlink, "../Bulwark.Cli");
        }

        public string Application { get; }

        public string Apphost { get; }

        /// <summary><c>bin/bulwark</c>, a relative symlink to the apphost, as the installed tool has it.</summary>
        public string Symlink { get; }

        public void Dispose() => _copy.Dispose();
    }
}

/// <summary>A fact that reads <c>/proc</c>: skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "reads /proc/<pid>/environ, which only Linux has";
        }
    }
}

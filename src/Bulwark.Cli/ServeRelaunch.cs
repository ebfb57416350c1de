using System.Collections;
using System.Runtime.InteropServices;

namespace Bulwark.Cli;

/// <summary>
/// Gives <c>bulwark serve</c> tiered compilation back. The per-platform tool (self-contained, composite ReadyToRun)
/// turns tiering off in its runtime configuration because a scan is seconds of hot loops: without tiering the
/// precompiled code runs as it is, the few methods it lacks are compiled once and fully optimised, and no
/// instrumented tier or background recompilation competes with the scan for the cores (a kernel-tree scan is ~20 %
/// faster, bench/README.md). A server runs for weeks, where tiering with PGO pays off: without it ingestion is
/// 8–12 % slower and the bare request pipeline loses more than half its throughput.
/// </summary>
/// <remarks>
/// The runtime reads the setting once, before any of our code runs, so <c>serve</c> replaces its process with
/// itself (<c>execve</c>) with <c>DOTNET_TieredCompilation=1</c> added, which the runtime takes over the runtime
/// configuration. Not a child process: the PID stays the same, so docker's PID 1, a systemd unit and whoever
/// sends signals still talk to the server, and no parent is left waiting or forwarding signals. Windows has no
/// <c>execve</c>: there, and if the call fails, the server runs on without tiering.
/// </remarks>
internal static partial class ServeRelaunch
{
    public const string Variable = "DOTNET_TieredCompilation";

    // The runtime still reads the pre-.NET 5 prefix; a user who set either one has decided for themselves.
    private const string LegacyVariable = "COMPlus_TieredCompilation";
    private const string RuntimeSetting = "System.Runtime.TieredCompilation";

    /// <summary>
    /// Call first thing in <c>Main</c>: returns when nothing is to be done or the relaunch failed (after saying why
    /// on stderr); otherwise does not return, the process runs <c>serve</c> again from the start.
    /// </summary>
    public static void IfServeRunsWithoutTiering(string[] args)
    {
        if (!IsWanted(args, Environment.GetEnvironmentVariable, AppContext.GetData(RuntimeSetting), OperatingSystem.IsWindows()))
        {
            return;
        }

        // ProcessPath is the running executable (/proc/self/exe): the apphost, or the dotnet host; null only where
        // the platform cannot say.
        var processPath = Environment.ProcessPath;
        if (processPath is null)
        {
            Console.Error.WriteLine("bulwark: the path of the running executable is unknown; serving without tiered compilation (slower). " +
                $"Set {Variable}=1 in the server's environment.");
            return;
        }

        var (executable, commandLine) = AsStarted(processPath) ?? (processPath, CommandLine(processPath, Environment.GetCommandLineArgs()[0], args));
        var environment = EnvironmentWithTiering();
        RemoveRuntimeEndpoints();
        var failure = Exec(executable, commandLine, environment);
        Console.Error.WriteLine(
            $"bulwark: could not restart with tiered compilation ({failure}); serving without it (slower). " +
            $"Set {Variable}=1 in the server's environment to avoid the restart.");
    }

    /// <summary>
    /// Whether to relaunch: the command is <c>serve</c>, the runtime configuration turned tiering off, nobody chose
    /// through the environment (an explicit <c>DOTNET_TieredCompilation=0</c> is respected), and the platform has
    /// <c>execve</c>. Once relaunched the variable is set, so this is false and the process cannot loop.
    /// </summary>
    public static bool IsWanted(IReadOnlyList<string> args, Func<string, string?> environment, object? runtimeSetting, bool isWindows) =>
        !isWindows
        && args.Count > 0 && args[0] == "serve"
        && string.IsNullOrEmpty(environment(Variable))
        && string.IsNullOrEmpty(environment(LegacyVariable))
        && runtimeSetting switch
        {
            bool on => !on,
            string text => text.Trim() is "0" || (bool.TryParse(text, out var on) && !on),
            _ => false,
        };

    /// <summary>
    /// On Linux, how this process was started: its argument vector as it was given (<c>/proc/self/cmdline</c>,
    /// with a dotnet host's own options such as <c>dotnet exec --runtimeconfig …</c>), and the executable by the
    /// name it was started with when that name is the running file, e.g. the installed tool's <c>bulwark</c>
    /// symlink: the kernel names the process after it (what <c>ps</c>, <c>top</c> and <c>pgrep</c> show), so the
    /// server keeps its name. Null where there is no <c>/proc</c>.
    /// </summary>
    private static (string Executable, string[] CommandLine)? AsStarted(string processPath)
    {
        string[] commandLine;
        try
        {
            commandLine = File.ReadAllText("/proc/self/cmdline").Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Each argument ends with a NUL, so the last element is empty.
        if (commandLine.Length < 2 || commandLine[^1].Length != 0)
        {
            return null;
        }

        commandLine = commandLine[..^1];
        var name = commandLine[0];
        IEnumerable<string> candidates = name.Contains('/', StringComparison.Ordinal)
            ? [name]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(directory => Path.Combine(directory, name));
        var executable = candidates.FirstOrDefault(candidate => IsFile(candidate, processPath)) ?? processPath;
        return (executable, commandLine);
    }

    /// <summary>Whether PATH leads to TARGET (the running executable, which the kernel gives fully resolved).</summary>
    private static bool IsFile(string path, string target)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Exists && (file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName) == target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The argument vector that runs the same command again where <c>/proc</c> cannot tell. Started by the apphost (the usual case, including the
    /// installed tool), the executable is the program; started as <c>dotnet Bulwark.Cli.dll serve …</c>, the
    /// executable is the dotnet host, which needs the application's path first. The host's own options
    /// (<c>dotnet exec --runtimeconfig …</c>) are not visible to the application here and are not repeated.
    /// </summary>
    public static string[] CommandLine(string processPath, string applicationPath, IReadOnlyList<string> args) =>
        IsDotnetHost(processPath) ? [processPath, applicationPath, .. args] : [processPath, .. args];

    private static bool IsDotnetHost(string processPath) =>
        Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Removes the names of the endpoints the runtime opened at start for diagnostic tools (<c>dotnet-counters</c>,
    /// <c>dotnet-trace</c>, <c>dotnet-dump</c>) and debuggers. They are named after the PID and the process's start
    /// time, which <c>execve</c> keeps: the new runtime would find the old names taken and run without them (the
    /// server could not be diagnosed), and they would be left in the temporary directory. The old process's own
    /// descriptors are closed by <c>execve</c>. If the relaunch then fails, this process's endpoints are gone: the
    /// price of a failure that is reported anyway.
    /// </summary>
    private static void RemoveRuntimeEndpoints()
    {
        // The runtime's names (TMPDIR, else /tmp, as Path.GetTempPath() reads it): dotnet-diagnostic-PID-KEY-socket,
        // clr-debug-pipe-PID-KEY-in and -out. Others with this PID are left over from a dead process.
        var pid = Environment.ProcessId;
        try
        {
            var temp = Path.GetTempPath();
            var names = Directory.EnumerateFiles(temp, $"dotnet-diagnostic-{pid}-*-socket")
                .Concat(Directory.EnumerateFiles(temp, $"clr-debug-pipe-{pid}-*"));
            foreach (var name in names.ToList())
            {
                File.Delete(name);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only diagnostics are lost; the server runs the same.
        }
    }

    private static string[] EnvironmentWithTiering()
    {
        var variables = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            // An empty DOTNET_TieredCompilation (which the runtime ignores) must not sit beside the one we add.
            if (entry.Key is string name && name != Variable && name != LegacyVariable)
            {
                variables.Add($"{name}={entry.Value}");
            }
        }

        variables.Add($"{Variable}=1");
        return [.. variables];
    }

    /// <summary>Returns only if <c>execve</c> failed, with the reason.</summary>
    private static string Exec(string path, string[] argv, string[] environment)
    {
        var arguments = ToNative(argv);
        var variables = ToNative(environment);
        try
        {
            _ = Execve(path, arguments, variables);
            return Marshal.GetLastPInvokeErrorMessage();
        }
        finally
        {
            Free(arguments);
            Free(variables);
        }
    }

    /// <summary>A NULL-terminated array of UTF-8 C strings, as execve takes them.</summary>
    private static nint[] ToNative(string[] strings)
    {
        var native = new nint[strings.Length + 1];
        for (var i = 0; i < strings.Length; i++)
        {
            native[i] = Marshal.StringToCoTaskMemUTF8(strings[i]);
        }

        return native;
    }

    private static void Free(nint[] native)
    {
        foreach (var pointer in native)
        {
            Marshal.FreeCoTaskMem(pointer);
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Execve(string path, nint[] argv, nint[] environment);
}

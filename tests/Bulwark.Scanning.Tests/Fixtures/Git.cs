using System.Diagnostics;

namespace Bulwark.Scanning.Tests.Fixtures;

/// <summary>Runs the real git, isolated from the machine's global and system configuration.</summary>
internal static class Git
{
    public static void Init(string directory) => Run(directory, "init", "-q");

    /// <summary>The untracked files git does not ignore, as paths relative to the repository, in ordinal order.</summary>
    public static IReadOnlyList<string> UnignoredFiles(string directory) =>
        Run(directory, "ls-files", "--others", "--exclude-standard", "-z")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether git's check-ignore (index disregarded) says <paramref name="relativePath"/> is ignored.</summary>
    public static bool IsIgnored(string directory, string relativePath)
    {
        var (exitCode, _, error) = Execute(directory, "check-ignore", "--no-index", "-q", "--", relativePath);
        return exitCode switch
        {
            0 => true,
            1 => false,
            _ => throw new InvalidOperationException($"git check-ignore failed ({exitCode}): {error}"),
        };
    }

    private static string Run(string directory, params string[] arguments)
    {
        var (exitCode, output, error) = Execute(directory, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({exitCode}): {error}");
        }

        return output;
    }

    private static (int ExitCode, string Output, string Error) Execute(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(directory, ".no-such-config");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}

using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Bulwark.Cli.Tests;

/// <summary>Runs the real <c>bulwark</c> CLI as a child process, as a user or CI job would.</summary>
internal static class BulwarkProcess
{
    /// <summary>The CLI in its own build output (see the test project file for why not the copy next to the tests).</summary>
    public static readonly string CliAssembly = typeof(BulwarkProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BulwarkCliAssembly").Value!;

    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError)
    {
        public string All => StandardOutput + StandardError;
    }

    public static Outcome Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static Outcome Run(string workingDirectory, Action<Process, Func<string>>? whileRunning, params string[] args) =>
        Run(workingDirectory, null, whileRunning, args);

    /// <summary>With extra environment variables, e.g. <c>XDG_CACHE_HOME</c> so the default advisory database is one the test controls.</summary>
    public static Outcome RunWithEnvironment(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Run(workingDirectory, environment, null, args);

    private static Outcome Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, Action<Process, Func<string>>? whileRunning, string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        whileRunning?.Invoke(process, () => { lock (stderr) { return stderr.ToString(); } });
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bulwark {string.Join(' ', args)} did not finish");
        }

        process.WaitForExit();
        lock (stdout)
        {
            lock (stderr)
            {
                return new Outcome(process.ExitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }

    private static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliAssembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CI"] = "true";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start bulwark");
    }
}

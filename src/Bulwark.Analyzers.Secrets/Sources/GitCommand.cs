using System.Diagnostics;
using System.Text;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>Why a git source could not run: <see cref="IsUsageError"/> when the user pointed at the wrong place.</summary>
public sealed class GitSourceException : Exception
{
    public GitSourceException(string message, bool isUsageError = false)
        : base(message) => IsUsageError = isUsageError;

    public GitSourceException()
    {
    }

    public GitSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Not a repository, a bad revision range: the user's input, not a failure of the scan.</summary>
    public bool IsUsageError { get; }
}

/// <summary>
/// Runs the <c>git</c> executable with its output streamed (never held whole). Settings that would change the
/// patch format (colours, external diff drivers, textconv, mnemonic prefixes, quoted paths) are overridden on
/// the command line, so a user's git config cannot confuse the parser.
/// </summary>
internal static class GitCommand
{
    private const int MaxStandardError = 8 * 1024;

    public static readonly string[] PatchOptions =
    [
        "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", "--no-relative", "-M",
    ];

    /// <summary>Runs git and hands its stdout to <paramref name="read"/> as it arrives; throws when git fails.</summary>
    public static void Stream(string workingDirectory, IReadOnlyList<string> args, Action<Stream> read, CancellationToken cancellationToken)
    {
        using var process = Start(workingDirectory, args);
        var stderr = new StringBuilder();
        var errors = Task.Run(() => DrainCapped(process.StandardError, stderr), CancellationToken.None);
        using var kill = cancellationToken.Register(() => TryKill(process));
        try
        {
            read(process.StandardOutput.BaseStream);
        }
        catch
        {
            TryKill(process);
            throw;
        }

        process.WaitForExit();
        errors.Wait(CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            throw Failure(args, process.ExitCode, stderr.ToString());
        }
    }

    /// <summary>Runs a short git command and returns its stdout, or null with the error when it fails.</summary>
    public static (string? Output, string Error) Run(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var error = stderr.GetAwaiter().GetResult().Trim();
        return (process.ExitCode == 0 ? stdout : null, error);
    }

    /// <summary>Starts git with its output (and optionally its input) redirected, for callers that drive it themselves.</summary>
    public static Process StartProcess(string workingDirectory, IReadOnlyList<string> args, bool redirectInput) =>
        Start(workingDirectory, args, redirectInput);

    private static Process Start(string workingDirectory, IReadOnlyList<string> args, bool redirectInput = false)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(workingDirectory);
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("core.quotePath=false");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("log.showSignature=false");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Messages in English whatever the locale, so errors can be recognised; never prompt.
        info.Environment["LC_ALL"] = "C";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_PAGER"] = "cat";
        try
        {
            return Process.Start(info) ?? throw new GitSourceException("could not start git");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new GitSourceException($"could not run git ({e.Message}); is git installed and on PATH?");
        }
    }

    private static GitSourceException Failure(IReadOnlyList<string> args, int exitCode, string stderr)
    {
        var message = stderr.Trim();
        var usage = message.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
            || message.Contains("unknown revision", StringComparison.OrdinalIgnoreCase)
            || message.Contains("bad revision", StringComparison.OrdinalIgnoreCase)
            || message.Contains("unrecognized argument", StringComparison.OrdinalIgnoreCase)
            || message.Contains("does not have any commits", StringComparison.OrdinalIgnoreCase);
        return new GitSourceException(
            $"git {args.FirstOrDefault()} failed (exit {exitCode}): {(message.Length == 0 ? "no message" : message)}", usage);
    }

    private static void DrainCapped(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (into)
            {
                if (into.Length < MaxStandardError)
                {
                    into.Append(buffer, 0, Math.Min(read, MaxStandardError - into.Length));
                }
            }
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}

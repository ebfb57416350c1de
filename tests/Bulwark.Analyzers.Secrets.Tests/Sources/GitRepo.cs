using System.Diagnostics;
using System.Globalization;

namespace Bulwark.Analyzers.Secrets.Tests.Sources;

/// <summary>A real git repository in a temp directory, with fixed identities and dates so tests can assert them.</summary>
internal sealed class GitRepo : IDisposable
{
    private int _clock;

    public GitRepo(bool init = true)
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bulwark-git-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        if (init)
        {
            Git("init", "-q", "-b", "main");
        }
    }

    public string Root { get; }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public GitRepo Write(string relative, string content)
    {
        var full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public GitRepo WriteBytes(string relative, byte[] content)
    {
        var full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    /// <summary>Stages everything and commits; returns the full sha.</summary>
    public string Commit(string message, string author = "Ada Lovelace", string email = "ada@example.com")
    {
        Git("add", "-A");
        return CommitStaged(message, author, email);
    }

    public string CommitStaged(string message, string author = "Ada Lovelace", string email = "ada@example.com")
    {
        var date = NextDate();
        GitWithIdentity(author, email, date, "commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Merge(string branch, string message, bool noCommit = false)
    {
        var date = NextDate();
        GitWithIdentity("Ada Lovelace", "ada@example.com", date, ["merge", "-q", "--no-ff", "-m", message, .. noCommit ? new[] { "--no-commit" } : [], branch]);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] args) => GitWithIdentity("Ada Lovelace", "ada@example.com", NextDate(peek: true), args);

    /// <summary>The dates commits get: one minute apart from a fixed start.</summary>
    public static DateTimeOffset DateOf(int index) => new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(index);

    private string NextDate(bool peek = false)
    {
        var date = DateOf(peek ? _clock : _clock++);
        return date.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
    }

    private string GitWithIdentity(string author, string email, string date, params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_AUTHOR_NAME"] = author;
        info.Environment["GIT_AUTHOR_EMAIL"] = email;
        info.Environment["GIT_AUTHOR_DATE"] = date;
        info.Environment["GIT_COMMITTER_NAME"] = author;
        info.Environment["GIT_COMMITTER_EMAIL"] = email;
        info.Environment["GIT_COMMITTER_DATE"] = date;
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr.Result}");
        }

        return stdout;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
            // git marks pack files read-only on some systems.
        }
    }
}

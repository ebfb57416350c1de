using System.Diagnostics;

namespace Bulwark.Scanning.Tests.Fixtures;

/// <summary>A real directory tree under the temp folder, deleted when the test ends.</summary>
internal sealed class TemporaryTree : IDisposable
{
    public TemporaryTree()
    {
        Root = System.IO.Directory.CreateTempSubdirectory("bulwark-walk-").FullName;
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public TemporaryTree File(string relative, string content = "x")
    {
        var path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return this;
    }

    public TemporaryTree Directory(string relative)
    {
        System.IO.Directory.CreateDirectory(PathOf(relative));
        return this;
    }

    public TemporaryTree Symlink(string relative, string target)
    {
        var path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.CreateSymbolicLink(path, target);
        return this;
    }

    /// <summary>A named pipe: opening it for reading would block until a writer comes.</summary>
    public TemporaryTree Fifo(string relative)
    {
        Run("mkfifo", PathOf(relative));
        return this;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a test that broke permissions must not hide its own failure.
        }
    }

    private static void Run(string program, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(program, [argument]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}

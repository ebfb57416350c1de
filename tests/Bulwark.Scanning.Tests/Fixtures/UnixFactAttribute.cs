namespace Bulwark.Scanning.Tests.Fixtures;

/// <summary>A fact about Unix file systems (symlinks without privileges, named pipes); reported as skipped elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "needs a Unix file system";
        }
    }
}

/// <summary>A fact that needs the <c>git</c> command; reported as skipped when it is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class GitFactAttribute : FactAttribute
{
    public GitFactAttribute()
    {
        if (!GitIsInstalled.Value)
        {
            Skip = "needs git on the PATH";
        }
    }

    internal static readonly Lazy<bool> GitIsInstalled = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(directory => File.Exists(Path.Combine(directory, "git"))));
}

/// <summary>A fact about the Linux reader (named pipes are recognised there); reported as skipped elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!Bulwark.Scanning.Walk.LinuxFileSystem.IsSupported)
        {
            Skip = "needs Linux with statx and getdents64";
        }
    }
}

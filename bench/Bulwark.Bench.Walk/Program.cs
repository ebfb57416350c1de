using System.Globalization;
using Bulwark.Scanning;

// Usage: Bulwark.Bench.Walk ROOT [--no-ignore] [--read-ahead N]
//   --no-ignore     neither .gitignore nor .bulwarkignore (the like of `rg --files -uu`)
//   --read-ahead N  read-ahead threads (default: one per spare core)
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Bulwark.Bench.Walk ROOT [--no-ignore] [--read-ahead N]");
    return 2;
}

var options = new WorkspaceOptions();
for (var i = 1; i < args.Length; i++)
{
    options = args[i] switch
    {
        "--no-ignore" => options with { RespectGitIgnore = false, RespectBulwarkIgnore = false },
        "--read-ahead" when i + 1 < args.Length => options with { ReadAheadThreads = int.Parse(args[++i], CultureInfo.InvariantCulture) },
        _ => throw new ArgumentException($"unknown argument {args[i]}"),
    };
}

var workspace = new Workspace(args[0], options);
long files = 0, bytes = 0;
foreach (var entry in workspace.Enumerate())
{
    files++;
    bytes += entry.Length;
}

var statistics = workspace.Statistics;
Console.WriteLine($"files {files} bytes {bytes} ignored {statistics.FilesIgnored} unreadable {statistics.UnreadableFiles} warnings {workspace.Warnings.Count}");
return 0;

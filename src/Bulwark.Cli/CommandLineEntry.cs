using System.CommandLine;

namespace Bulwark.Cli;

/// <summary>Parses and invokes, mapping parse errors to exit code 2 (System.CommandLine's default is 1, which we reserve for findings).</summary>
internal static class CommandLineEntry
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        // No response files: "@babel/core" or "@types/node" is a package name (`bulwark deps why @babel/core`), and a
        // scanner that reads arguments from whatever file an argument names would be a surprise.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run with --help to see the usage.");
            return ExitCodes.UsageError;
        }

        // Ctrl-C cancels the scan; give it time to write its (incomplete) reports before the process is torn down.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
    }
}

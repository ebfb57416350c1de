namespace Bulwark.Cli;

/// <summary>What the process exit code says; documented in README and in <c>--help</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The scan finished and nothing is at or above <c>--fail-on</c>.</summary>
    public const int Success = 0;

    /// <summary>The scan finished and found something at or above <c>--fail-on</c>.</summary>
    public const int FindingsAtThreshold = 1;

    /// <summary>A usage or configuration error; the message names the option or file.</summary>
    public const int UsageError = 2;

    /// <summary>The scan could not complete (cancelled, I/O failure); the message says why.</summary>
    public const int Incomplete = 3;

    public const string HelpText =
        "Exit codes: 0 finished, nothing at or above --fail-on; 1 findings at or above --fail-on; " +
        "2 usage or configuration error; 3 the scan could not complete.";
}

namespace Bulwark.Cli.Commands.Secrets;

/// <summary>What a <c>bulwark secrets</c> run reads.</summary>
internal enum SecretsMode
{
    /// <summary>Every commit's added lines (<c>detect</c> in a repository).</summary>
    History,

    /// <summary>The working tree as files, archives included (<c>detect --no-git</c>).</summary>
    Directory,

    /// <summary>Piped text (<c>detect --stdin</c>).</summary>
    Stdin,

    /// <summary>What the next commit adds (<c>protect --staged</c>).</summary>
    Staged,

    /// <summary>Changes not staged yet (<c>protect</c>).</summary>
    Unstaged,
}

internal sealed record SecretsRequest(
    SecretsMode Mode,
    string Path,
    string? LogOptions,
    string? Baseline,
    string ReportFormat,
    string? ReportPath,
    string? Config,
    bool NoRedact,
    bool ShowInvalid,
    int DecodeDepth,
    int ExitCode,
    bool Quiet,
    bool Verbose)
{
    public bool IsProtect => Mode is SecretsMode.Staged or SecretsMode.Unstaged;
}

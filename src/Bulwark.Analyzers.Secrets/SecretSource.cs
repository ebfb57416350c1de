namespace Bulwark.Analyzers.Secrets;

/// <summary>
/// Where a scanned text comes from: its path ('/'-separated, relative to the scan root; empty when unknown,
/// e.g. standard input) and, for git history, the commit that added it. Path and commit allowlists and
/// path-bound rules are evaluated against it.
/// </summary>
public readonly record struct SecretSource(string Path, string? Commit = null);

using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Sources;

/// <summary>
/// One secret found by a source (history, staged diff, stdin, archive entry), located in the file as the
/// user knows it: lines and columns are 1-based in the new version of <see cref="File"/>. Holds the secret
/// in full; it is redacted only when it leaves the process (<see cref="SecretFindings"/>).
/// </summary>
public sealed record Leak
{
    public required string RuleId { get; init; }

    public required string Description { get; init; }

    public Severity Severity { get; init; } = Severity.High;

    public EquatableArray<string> Tags { get; init; }

    public required string Secret { get; init; }

    public required string Match { get; init; }

    public double Entropy { get; init; }

    /// <summary>Repository-relative path with '/'; archive entries as <c>outer.zip!inner/path</c>.</summary>
    public required string File { get; init; }

    /// <summary>The commit that added the secret, or <see cref="Commit.WorkingTree"/>.</summary>
    public required Commit Commit { get; init; }

    public required int StartLine { get; init; }

    public required int EndLine { get; init; }

    public required int StartColumn { get; init; }

    public required int EndColumn { get; init; }

    /// <summary>The encodings peeled off to find it, outermost first (<c>base64</c>, <c>hex,base64</c>); null when found as written.</summary>
    public string? Decoded { get; init; }

    /// <summary>Offline format check: <c>format-valid</c>, <c>format-invalid</c> or <c>unchecked</c>; null when the detector does not say.</summary>
    public string? Validity { get; init; }

    /// <summary>gitleaks' fingerprint: <c>commit:file:rule:line</c>, or <c>file:rule:line</c> outside history.</summary>
    public string Fingerprint => Commit.IsWorkingTree
        ? $"{File}:{RuleId}:{StartLine}"
        : $"{Commit.Sha}:{File}:{RuleId}:{StartLine}";
}

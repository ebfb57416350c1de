using System.Collections.Concurrent;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Scanning;

/// <summary>Where an analyzer sends what it finds during one scan. Thread-safe.</summary>
public sealed class AnalysisContext
{
    private readonly ConcurrentQueue<Finding> _findings = new();
    private readonly ConcurrentQueue<Component> _components = new();
    private readonly ConcurrentQueue<ScanWarning> _warnings = new();
    private readonly Action<Finding>? _onFinding;

    public AnalysisContext(string analyzer, ScanSettings settings, CancellationToken cancellationToken, Action<Finding>? onFinding = null)
    {
        Analyzer = analyzer;
        Settings = settings;
        CancellationToken = cancellationToken;
        _onFinding = onFinding;
    }

    public string Analyzer { get; }

    public ScanSettings Settings { get; }

    public CancellationToken CancellationToken { get; }

    public void Report(Finding finding)
    {
        _findings.Enqueue(finding);
        _onFinding?.Invoke(finding);
    }

    public void AddComponent(Component component) => _components.Enqueue(component);

    public void Warn(string message, string? path = null, WarningLevel level = WarningLevel.Warning) =>
        _warnings.Enqueue(new ScanWarning(message, path, Analyzer, level));

    public IReadOnlyCollection<Finding> Findings => _findings;

    public IReadOnlyCollection<Component> Components => _components;

    public IReadOnlyCollection<ScanWarning> Warnings => _warnings;
}

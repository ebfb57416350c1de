namespace Bulwark.Core.Findings;

/// <summary>The one order findings are listed in everywhere, so output is deterministic.</summary>
public sealed class FindingOrder : IComparer<Finding>
{
    public static FindingOrder Instance { get; } = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byAnalyzer = string.CompareOrdinal(x.Analyzer, y.Analyzer);
        if (byAnalyzer != 0)
        {
            return byAnalyzer;
        }

        var (xFile, xLine, xColumn) = Position(x.Location);
        var (yFile, yLine, yColumn) = Position(y.Location);
        var c = string.CompareOrdinal(xFile, yFile);
        if (c == 0)
        {
            c = xLine.CompareTo(yLine);
        }

        if (c == 0)
        {
            c = xColumn.CompareTo(yColumn);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(x.RuleId, y.RuleId);
        }

        return c != 0 ? c : y.Severity.CompareTo(x.Severity);
    }

    /// <summary>A sortable position: file-like key, line, column.</summary>
    public static (string File, int Line, int Column) Position(Location location) => location switch
    {
        SourceLocation s => (s.File, s.StartLine ?? 0, s.StartColumn ?? 0),
        SecretLocation s => (s.File, s.StartLine, s.StartColumn ?? 0),
        DependencyLocation d => (d.File, 0, 0),
        ContainerLocation c => (c.Image, 0, 0),
        ClusterImageLocation k => (k.Image, 0, 0),
        WebLocation w => ($"{w.Hostname}{w.Path}", 0, 0),
        CrashLocation c => (c.CrashType ?? string.Empty, 0, 0),
        _ => (string.Empty, 0, 0),
    };
}

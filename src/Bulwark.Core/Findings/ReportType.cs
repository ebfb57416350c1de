namespace Bulwark.Core.Findings;

/// <summary>The kind of security report a finding belongs to; the names follow GitLab's <c>scan.type</c>.</summary>
public enum ReportType
{
    Sast,
    SecretDetection,
    DependencyScanning,
    ContainerScanning,
    Dast,
    ApiFuzzing,
    CoverageFuzzing,
    ClusterImageScanning,
}

public static class ReportTypeNames
{
    public static string ToWireName(this ReportType type) => type switch
    {
        ReportType.Sast => "sast",
        ReportType.SecretDetection => "secret_detection",
        ReportType.DependencyScanning => "dependency_scanning",
        ReportType.ContainerScanning => "container_scanning",
        ReportType.Dast => "dast",
        ReportType.ApiFuzzing => "api_fuzzing",
        ReportType.CoverageFuzzing => "coverage_fuzzing",
        ReportType.ClusterImageScanning => "cluster_image_scanning",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown report type"),
    };

    public static bool TryParse(string? wireName, out ReportType type)
    {
        switch (wireName)
        {
            case "sast": type = ReportType.Sast; return true;
            case "secret_detection": type = ReportType.SecretDetection; return true;
            case "dependency_scanning": type = ReportType.DependencyScanning; return true;
            case "container_scanning":
            case "container_scanning_for_registry": type = ReportType.ContainerScanning; return true;
            case "dast": type = ReportType.Dast; return true;
            case "api_fuzzing": type = ReportType.ApiFuzzing; return true;
            case "coverage_fuzzing": type = ReportType.CoverageFuzzing; return true;
            case "cluster_image_scanning": type = ReportType.ClusterImageScanning; return true;
            default: type = default; return false;
        }
    }

    /// <summary>The conventional GitLab artifact file name for a report of this type.</summary>
    public static string GitLabFileName(this ReportType type) => type switch
    {
        ReportType.Sast => "gl-sast-report.json",
        ReportType.SecretDetection => "gl-secret-detection-report.json",
        ReportType.DependencyScanning => "gl-dependency-scanning-report.json",
        ReportType.ContainerScanning => "gl-container-scanning-report.json",
        ReportType.Dast => "gl-dast-report.json",
        ReportType.ApiFuzzing => "gl-api-fuzzing-report.json",
        ReportType.CoverageFuzzing => "gl-coverage-fuzzing-report.json",
        ReportType.ClusterImageScanning => "gl-cluster-image-scanning-report.json",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown report type"),
    };
}

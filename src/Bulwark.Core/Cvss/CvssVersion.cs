namespace Bulwark.Core.Cvss;

/// <summary>The CVSS version a vector is written in, told by its prefix (v2 vectors have none).</summary>
public enum CvssVersion
{
    Unknown,
    V2,
    V30,
    V31,
    V40,
}

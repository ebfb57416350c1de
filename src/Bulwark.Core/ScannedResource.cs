namespace Bulwark.Core;

/// <summary>One request a dynamic scan (DAST, API fuzzing) made to the target; <see cref="Type"/> is <c>url</c> for DAST.</summary>
public sealed record ScannedResource(string Method, string Url, string Type = "url");

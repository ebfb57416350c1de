namespace Bulwark.Advisories.Storage;

/// <summary>
/// An archive <c>bulwark db update</c> downloaded into the database: where from, the validators that make
/// the next download conditional (ETag, Last-Modified), its size and records, when it was downloaded and
/// when it was last found unchanged.
/// </summary>
public sealed record RemoteSource(
    string Url,
    string Ecosystem,
    string? ETag,
    string? LastModified,
    long Bytes,
    int Records,
    DateTimeOffset DownloadedAt,
    DateTimeOffset CheckedAt);

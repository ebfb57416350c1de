using System.Text.Json;

namespace Bulwark.Advisories.Update;

/// <summary>
/// What is known about a download in progress, kept beside the partial file so a later run can resume
/// it: the URL, the validator the bytes so far belong to (a resumed range must come from the same
/// version of the archive), the full length and the checksums the server announced.
/// </summary>
internal sealed record DownloadState(string Url, string? ETag, string? LastModified, long? Length, string? Md5, string? Crc32C)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>What an <c>If-Range</c> may carry: a strong ETag (weak ones cannot vouch for byte ranges), else the date.</summary>
    public string? RangeValidator =>
        ETag is { } etag && !etag.StartsWith("W/", StringComparison.Ordinal) ? etag : LastModified;

    /// <summary>The state saved at <paramref name="path"/> for <paramref name="url"/>; null when there is none or it is unreadable.</summary>
    public static DownloadState? Load(string path, string url)
    {
        try
        {
            var state = JsonSerializer.Deserialize<DownloadState>(File.ReadAllBytes(path), Options);
            return state is not null && state.Url == url ? state : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, Options));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Two states describe the same version of the archive.</summary>
    public bool SameVersionAs(DownloadState other) =>
        (ETag, LastModified, Length) == (other.ETag, other.LastModified, other.Length) ||
        (ETag is not null && ETag == other.ETag);
}

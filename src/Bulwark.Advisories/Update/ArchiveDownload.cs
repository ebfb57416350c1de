using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Advisories.Storage;
using Bulwark.Core;

namespace Bulwark.Advisories.Update;

/// <summary>What fetching one archive came to: unchanged since the database's copy, or a verified file.</summary>
internal sealed record DownloadResult(bool NotModified, string? Path, DownloadState? State, long Transferred, long ResumedAt)
{
    /// <summary>Removes the downloaded file and its state: imported, or found broken.</summary>
    public void Discard()
    {
        if (Path is not null)
        {
            File.Delete(Path);
            File.Delete(ArchiveDownload.StatePathOf(Path));
        }
    }
}

/// <summary>
/// Fetches one archive over HTTP(S): conditionally (<c>If-None-Match</c>/<c>If-Modified-Since</c> with the
/// validators the database remembers, so an unchanged archive costs one 304), resumably (the bytes so far
/// stay in a part file with their validator beside it; a broken connection continues with <c>Range</c> +
/// <c>If-Range</c>, and starts over when the server ignores the range or the archive changed), and
/// verified (the length the server announced, and its MD5 or CRC32C from <c>x-goog-hash</c>/<c>Content-MD5</c>).
/// </summary>
internal sealed class ArchiveDownload(HttpClient http, string directory, UpdateOptions options)
{
    private enum StepKind
    {
        NotModified,
        Complete,
        StartOver,
    }

    public async Task<DownloadResult> FetchAsync(Uri url, RemoteSource? stored, CancellationToken cancellationToken)
    {
        // Named by a hash of the URL: nothing the server or the archive says becomes a path.
        var partPath = Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)))[..16] + ".zip.part");
        var statePath = StatePathOf(partPath);
        var progress = new Transfer();
        long? resumedAt = null;

        // Drops what was received; the caller goes round again unless the attempts are used up.
        void StartOver(string reason, int attempt)
        {
            Discard(partPath, statePath);
            resumedAt = null;
            if (attempt >= options.Attempts)
            {
                throw new AdvisoryUpdateException(url, $"{reason} ({options.Attempts} attempts)");
            }

            options.Log?.Invoke($"{url}: {reason}; starting over");
        }

        for (var attempt = 1; ; attempt++)
        {
            var state = DownloadState.Load(statePath, url.AbsoluteUri);
            var have = state is not null && File.Exists(partPath) ? new FileInfo(partPath).Length : 0;
            if (state is null || (have > 0 && state.RangeValidator is null))
            {
                Discard(partPath, statePath);
                state = null;
                have = 0;
            }

            try
            {
                if (have > 0)
                {
                    resumedAt ??= have;
                    options.Log?.Invoke($"{url}: resuming at {Bytes(have)}");
                }

                var (kind, reason) = await StepAsync(url, stored, state, have, partPath, statePath, progress, cancellationToken);
                switch (kind)
                {
                    case StepKind.NotModified:
                        Discard(partPath, statePath);
                        return new DownloadResult(true, null, null, progress.Bytes, 0);
                    case StepKind.StartOver:
                        StartOver(reason, attempt);
                        continue;
                }

                state = DownloadState.Load(statePath, url.AbsoluteUri)
                    ?? throw new AdvisoryUpdateException(url, "the download state disappeared while downloading");
                if (Verify(partPath, state) is { } mismatch)
                {
                    StartOver($"the download failed verification: {mismatch}", attempt);
                    continue;
                }

                return new DownloadResult(false, partPath, state, progress.Bytes, resumedAt ?? 0);
            }
            catch (Exception e) when (IsTransient(e) && attempt < options.Attempts && !cancellationToken.IsCancellationRequested)
            {
                options.Log?.Invoke($"{url}: {Describe(e)}; trying again (attempt {attempt + 1} of {options.Attempts})");
                await Task.Delay(options.RetryDelay * attempt, cancellationToken);
            }
            catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                var kept = File.Exists(partPath) ? new FileInfo(partPath).Length : 0;
                var suffix = kept > 0 ? $"; the {Bytes(kept)} received are kept and the next update resumes from there" : "";
                throw new AdvisoryUpdateException(url, $"{Describe(e)} ({options.Attempts} attempts){suffix}", (e as AdvisoryUpdateException)?.Status, e);
            }
        }
    }

    private async Task<(StepKind Kind, string Reason)> StepAsync(Uri url, RemoteSource? stored, DownloadState? state, long have,
        string partPath, string statePath, Transfer progress, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var resuming = state is not null && have > 0;
        var conditional = false;
        if (resuming)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
            request.Headers.TryAddWithoutValidation("If-Range", state!.RangeValidator);
        }
        else if (stored is not null)
        {
            if (stored.ETag is { } etag && request.Headers.TryAddWithoutValidation("If-None-Match", etag))
            {
                conditional = true;
            }

            if (stored.LastModified is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var lastModified))
            {
                request.Headers.IfModifiedSince = lastModified;
                conditional = true;
            }
        }

        using var headersDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        headersDeadline.CancelAfter(options.StallTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headersDeadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {options.StallTimeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotModified when conditional:
                    return (StepKind.NotModified, "");
                case HttpStatusCode.NotModified:
                    throw new AdvisoryUpdateException(url, "the server answered 304 Not Modified to a request that was not conditional");
                case HttpStatusCode.PartialContent when resuming:
                {
                    var range = response.Content.Headers.ContentRange;
                    if (range?.From != have || range.Length is null)
                    {
                        return (StepKind.StartOver, "the server's Content-Range does not continue the partial download");
                    }

                    var etag = response.Headers.ETag?.ToString();
                    if ((etag is not null && state!.ETag is not null && etag != state.ETag) || (state!.Length is { } length && length != range.Length))
                    {
                        return (StepKind.StartOver, "the archive changed since the partial download");
                    }

                    // GCS's x-goog-hash describes the whole object even in a 206; Content-MD5 would describe only the range.
                    var hashes = ObjectHashes(response, wholeBody: false);
                    (state with { Length = range.Length, Md5 = state.Md5 ?? hashes.Md5, Crc32C = state.Crc32C ?? hashes.Crc32C }).Save(statePath);
                    await CopyBodyAsync(response, partPath, append: true, url, progress, cancellationToken);
                    return (StepKind.Complete, "");
                }

                case HttpStatusCode.PartialContent:
                    throw new AdvisoryUpdateException(url, "the server sent a partial response (206) to a request without Range");
                case HttpStatusCode.RequestedRangeNotSatisfiable when resuming && state!.Length == have && response.Content.Headers.ContentRange?.Length == have:
                    return (StepKind.Complete, ""); // the part file already holds the whole, unchanged archive
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    return (StepKind.StartOver, "the server cannot continue the partial download (416)");
                case HttpStatusCode.OK:
                {
                    if (resuming)
                    {
                        options.Log?.Invoke($"{url}: the server sent the whole archive (it changed, or the server does not do ranges)");
                    }

                    var length = response.Content.Headers.ContentLength;
                    if (length > options.MaxArchiveBytes)
                    {
                        throw new AdvisoryUpdateException(url, $"the archive is {Bytes(length.Value)}, more than the {Bytes(options.MaxArchiveBytes)} allowed");
                    }

                    var hashes = ObjectHashes(response, wholeBody: true);
                    new DownloadState(url.AbsoluteUri, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture),
                        length, hashes.Md5, hashes.Crc32C).Save(statePath);
                    await CopyBodyAsync(response, partPath, append: false, url, progress, cancellationToken);
                    return (StepKind.Complete, "");
                }

                default:
                    var status = (int)response.StatusCode;
                    var hint = response.StatusCode == HttpStatusCode.NotFound ? " (is the ecosystem name spelled as OSV spells it, e.g. PyPI, crates.io?)" : "";
                    throw new AdvisoryUpdateException(url, $"the server answered HTTP {status} {response.ReasonPhrase}{hint}", response.StatusCode);
            }
        }
    }

    private async Task CopyBodyAsync(HttpResponseMessage response, string partPath, bool append, Uri url, Transfer progress, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var file = new FileStream(partPath, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            while (true)
            {
                stall.CancelAfter(options.StallTimeout);
                int read;
                try
                {
                    read = await body.ReadAsync(buffer, stall.Token);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"no data for {options.StallTimeout.TotalSeconds:0} s", e);
                }

                if (read == 0)
                {
                    return;
                }

                if (file.Position + read > options.MaxArchiveBytes)
                {
                    throw new AdvisoryUpdateException(url, $"the archive grows beyond the {Bytes(options.MaxArchiveBytes)} allowed");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                progress.Bytes += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Null when the file is what the server announced; else what differs. A short file is a broken transfer (resumable), not a mismatch.</summary>
    private static string? Verify(string partPath, DownloadState state)
    {
        var length = new FileInfo(partPath).Length;
        if (state.Length is { } expected && length < expected)
        {
            throw new IOException($"the transfer ended after {Bytes(length)} of {Bytes(expected)}");
        }

        if (state.Length is { } announced && length > announced)
        {
            return $"received {length:N0} bytes, the server announced {announced:N0}";
        }

        if (state.Md5 is not null || state.Crc32C is not null)
        {
            using var file = File.OpenRead(partPath);
#pragma warning disable CA5351 // MD5 here checks integrity against the server's own MD5, it protects no secret
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
#pragma warning restore CA5351
            var crc = Crc32.Castagnoli();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                crc.Append(buffer.AsSpan(0, read));
            }

            var actualMd5 = Convert.ToBase64String(md5.GetHashAndReset());
            if (state.Md5 is { } wantedMd5 && wantedMd5 != actualMd5)
            {
                return $"MD5 is {actualMd5}, the server announced {wantedMd5}";
            }

            if (state.Crc32C is { } wantedCrc && wantedCrc != crc.ToBase64())
            {
                return $"CRC32C is {crc.ToBase64()}, the server announced {wantedCrc}";
            }
        }

        return null;
    }

    /// <summary>The object's checksums: <c>x-goog-hash: crc32c=…,md5=…</c> (one or several headers), and <c>Content-MD5</c> on a whole body.</summary>
    private static (string? Md5, string? Crc32C) ObjectHashes(HttpResponseMessage response, bool wholeBody)
    {
        string? md5 = null, crc32c = null;
        if (response.Headers.TryGetValues("x-goog-hash", out var values))
        {
            foreach (var item in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            {
                var equals = item.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    continue;
                }

                var value = item[(equals + 1)..];
                switch (item[..equals].ToLowerInvariant())
                {
                    case "md5":
                        md5 = value;
                        break;
                    case "crc32c":
                        crc32c = value;
                        break;
                }
            }
        }

        if (md5 is null && wholeBody && response.Content.Headers.ContentMD5 is { Length: > 0 } contentMd5)
        {
            md5 = Convert.ToBase64String(contentMd5);
        }

        return (md5, crc32c);
    }

    private static bool IsTransient(Exception e) => e switch
    {
        AdvisoryUpdateException { Status: { } status } => (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout,
        AdvisoryUpdateException => false,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    private static string Describe(Exception e) => e switch
    {
        AdvisoryUpdateException { Reason: { } reason } => reason,
        HttpRequestException { InnerException: { } inner } http => $"{http.Message} ({inner.Message})",
        _ => e.Message,
    };

    internal static string StatePathOf(string partPath) => partPath[..^".zip.part".Length] + ".json";

    private static void Discard(string partPath, string statePath)
    {
        File.Delete(partPath);
        File.Delete(statePath);
    }

    private static string Bytes(long bytes) => ByteSize.Format(bytes);

    /// <summary>Bytes received over all attempts.</summary>
    private sealed class Transfer
    {
        public long Bytes { get; set; }
    }
}

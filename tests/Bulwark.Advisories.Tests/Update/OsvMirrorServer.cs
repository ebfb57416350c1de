using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Bulwark.Advisories.Tests.Update;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) laid out like OSV's bucket:
/// <c>/{ecosystem}/all.zip</c>. Conditional requests and ranges are ASP.NET Core's own file-result
/// handling (If-None-Match, If-Modified-Since, Range, If-Range → 304/206/416, RFC 9110); like GCS it adds
/// <c>x-goog-hash: md5=…</c>. Faults are switched on per archive: a status instead of the file, a
/// connection dropped part-way through the body, ranges ignored, a wrong checksum.
/// </summary>
internal sealed class OsvMirrorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Archive> _archives = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ServedRequest> _requests = new();
    private int _version;

    private OsvMirrorServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ServedRequest> Requests => [.. _requests];

    public static async Task<OsvMirrorServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new OsvMirrorServer(app);
        app.MapGet("/{ecosystem}/all.zip", server.ServeAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>Publishes (or replaces) an ecosystem's archive; each publication gets a new ETag and a later Last-Modified.</summary>
    public void Publish(string ecosystem, byte[] zip)
    {
        var version = Interlocked.Increment(ref _version);
        _archives[ecosystem] = new Archive(zip, new EntityTagHeaderValue($"\"v{version}-{Convert.ToHexString(MD5.HashData(zip))[..12]}\""),
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(version));
    }

    public Archive this[string ecosystem] => _archives[ecosystem];

    /// <summary>Answers the next <paramref name="times"/> requests for the archive with <paramref name="status"/>.</summary>
    public void Fail(string ecosystem, int status, int times = int.MaxValue) => _archives[ecosystem].FailStatus = (status, times);

    /// <summary>Sends only the first <paramref name="bytes"/> of the body, then drops the connection, <paramref name="times"/> times.</summary>
    public void DropAfter(string ecosystem, int bytes, int times = 1) => _archives[ecosystem].Drop = (bytes, times);

    public void IgnoreRanges(string ecosystem) => _archives[ecosystem].IgnoreRanges = true;

    public void AnnounceWrongMd5(string ecosystem) => _archives[ecosystem].WrongMd5 = true;

    public long BodyBytesSent(string ecosystem) => _requests.Where(r => r.Ecosystem == ecosystem).Sum(r => r.BodyBytes);

    private async Task ServeAsync(HttpContext context, string ecosystem)
    {
        var request = context.Request.Headers;
        var served = new ServedRequest(ecosystem, request.IfNoneMatch.ToString(), request.IfModifiedSince.ToString(), request.Range.ToString(), request.IfRange.ToString());

        // Logged before the client can see the answer: it may finish its whole update before this handler returns.
        _requests.Enqueue(served);
        context.Response.OnStarting(() =>
        {
            served.Status = context.Response.StatusCode;
            served.BodyBytes = context.Response.StatusCode is 200 or 206 ? context.Response.ContentLength ?? 0 : 0;
            return Task.CompletedTask;
        });

        if (!_archives.TryGetValue(ecosystem, out var archive))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (archive.FailStatus is var (status, times) && times > 0)
        {
            archive.FailStatus = (status, times - 1);
            context.Response.StatusCode = status;
            await context.Response.WriteAsync("injected failure");
            return;
        }

        var md5 = archive.WrongMd5 ? Convert.ToBase64String(MD5.HashData([1, 2, 3])) : Convert.ToBase64String(MD5.HashData(archive.Zip));
        context.Response.Headers["x-goog-hash"] = $"md5={md5}";

        if (archive.Drop is var (bytes, dropTimes) && dropTimes > 0 && string.IsNullOrEmpty(served.Range))
        {
            archive.Drop = (bytes, dropTimes - 1);
            context.Response.StatusCode = 200;
            context.Response.ContentLength = archive.Zip.Length;
            context.Response.Headers.ETag = archive.ETag.ToString();
            context.Response.Headers.LastModified = archive.LastModified.ToString("R");
            served.Dropped = true;
            await context.Response.StartAsync();
            served.BodyBytes = bytes;
            await context.Response.Body.WriteAsync(archive.Zip.AsMemory(0, bytes));
            await context.Response.Body.FlushAsync();

            // Ending the response short of its Content-Length makes Kestrel close the connection once
            // what was written has gone out (an Abort here would discard bytes still in its buffers).
            return;
        }

        if (archive.IgnoreRanges)
        {
            context.Request.Headers.Remove("Range");
            context.Request.Headers.Remove("If-Range");
        }

            await Results.File(archive.Zip, "application/zip", lastModified: archive.LastModified, entityTag: archive.WithoutETag ? null : archive.ETag, enableRangeProcessing: true)
                .ExecuteAsync(context);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed class Archive(byte[] zip, EntityTagHeaderValue etag, DateTimeOffset lastModified)
    {
        public byte[] Zip { get; } = zip;

        public EntityTagHeaderValue ETag { get; } = etag;

        public DateTimeOffset LastModified { get; } = lastModified;

        public (int Status, int Times)? FailStatus { get; set; }

        public (int Bytes, int Times)? Drop { get; set; }

        public bool IgnoreRanges { get; set; }

        public bool WrongMd5 { get; set; }

        /// <summary>Serve without an ETag, as plain web servers and some mirrors do: only Last-Modified to be conditional on.</summary>
        public bool WithoutETag { get; set; }
    }

    public sealed record ServedRequest(string Ecosystem, string IfNoneMatch, string IfModifiedSince, string Range, string IfRange)
    {
        public int Status { get; set; }

        public long BodyBytes { get; set; }

        public bool Dropped { get; set; }
    }
}

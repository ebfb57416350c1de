using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Api;

/// <summary>
/// A 200 answer whose JSON is written by hand with a <see cref="Utf8JsonWriter"/> straight into the response pipe,
/// for hot endpoints where building an object graph for the serializer costs more than the query. The writer takes
/// the server's serializer settings (ASP.NET Core's relaxed escaping, indentation), so the bytes are Results.Ok's.
/// </summary>
public sealed class JsonWriterResult(JsonSerializerOptions options, Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        var body = httpContext.Response.BodyWriter;
        // Disposing flushes into the pipe's buffer (no I/O); the pipe is flushed to the client below.
        var settings = new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
            MaxDepth = options.MaxDepth,
        };
        using (var writer = new Utf8JsonWriter(body, settings))
        {
            write(writer);
        }

        await body.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }
}

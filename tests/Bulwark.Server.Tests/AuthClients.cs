using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Tests;

/// <summary>A browser-like session: the cookies it got and the CSRF token, sent by hand so a test controls each.</summary>
public sealed record BrowserSession(string Cookies, string CsrfToken)
{
    public HttpRequestMessage Request(HttpMethod method, string url, object? body = null, bool withCsrf = true)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", Cookies);
        if (withCsrf)
        {
            request.Headers.Add("X-CSRF-Token", CsrfToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }
}

/// <summary>Users, tokens and sessions for the access-control tests.</summary>
public static class AuthClients
{
    public const string Password = "correct horse battery staple";

    /// <summary>An HTTP client that never stores cookies itself.</summary>
    public static HttpClient Plain(RunningServer server) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false, CheckCertificateRevocationList = true }) { BaseAddress = server.Address };

    public static async Task<long> CreateUserAsync(RunningServer server, string username, string? password = Password, bool admin = false)
    {
        using var response = await server.Admin.PostAsJsonAsync("/api/v1/users", new { username, password, admin });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    /// <summary>A personal token for <paramref name="username"/>, made through a session of theirs (as a user would).</summary>
    public static async Task<string> TokenForAsync(RunningServer server, string username, params string[] scopes)
    {
        var session = await SignInAsync(server, username);
        using var client = Plain(server);
        using var request = session.Request(HttpMethod.Post, "/api/v1/user/tokens", new { name = "test", scopes = scopes.Length == 0 ? ["read", "write"] : scopes });
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    public static async Task<HttpResponseMessage> PostSignInAsync(RunningServer server, string username, string password)
    {
        using var client = Plain(server);
        return await client.PostAsJsonAsync("/api/v1/session", new { username, password });
    }

    public static async Task<BrowserSession> SignInAsync(RunningServer server, string username, string password = Password)
    {
        using var response = await PostSignInAsync(server, username, password);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var cookies = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        return new BrowserSession(cookies, JsonNode.Parse(body)!["csrf_token"]!.GetValue<string>());
    }

    public static HttpClient WithToken(RunningServer server, string token)
    {
        var client = Plain(server);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>Keeps every log line a server writes, to prove no secret is among them.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public void Configure(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(this);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue($"{category} {formatter(state, exception)} {structured} {exception}");
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using Bulwark.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>
/// Behind a load balancer: X-Forwarded-For and X-Forwarded-Proto from a trusted proxy give sign-in throttling and the
/// audit log the client's address and make the session cookie Secure; from anyone else they are ignored.
/// </summary>
public sealed class ForwardedHeadersTests(ITestOutputHelper output)
{
    private const string Client = "203.0.113.7";
    private const string OtherClient = "198.51.100.20";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_trusted_proxy_forwards_the_client_address_and_scheme(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        // The tests' connections come from 127.0.0.1: here it plays the load balancer (a network, as operators write it).
        await using var server = await RunningServer.StartAsync(database, configure: o => o with { TrustedProxies = ["127.0.0.0/8"], SignInAttemptsPerAddress = 3 });
        await AuthClients.CreateUserAsync(server, "alice");

        // Three failures from one client (different user names) use up that address's allowance, not the balancer's.
        foreach (var name in new[] { "mallory1", "mallory2", "mallory3" })
        {
            using var failed = await SignInAsync(server, name, "wrong password", Client);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using (var throttled = await SignInAsync(server, "alice", AuthClients.Password, Client))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        }

        using (var other = await SignInAsync(server, "alice", AuthClients.Password, OtherClient, proto: "https"))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            // TLS ends at the balancer: the cookie must still only travel over https.
            var cookie = Assert.Single(other.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bulwark_session=", StringComparison.Ordinal));
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        }

        await using var db = server.Database.CreateContext();
        var failures = await db.AuditEvents.Where(e => e.Action == "signin.failed").Select(e => e.IpAddress).ToListAsync();
        Assert.Equal([Client, Client, Client], failures);
        Assert.Equal(OtherClient, await db.AuditEvents.Where(e => e.Action == "signin.succeeded").Select(e => e.IpAddress).SingleAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Forwarded_headers_from_an_untrusted_peer_are_ignored(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        // Trusted: some other balancer; the request comes from 127.0.0.1, which could be any client forging the headers.
        await using var server = await RunningServer.StartAsync(database, configure: o => o with { TrustedProxies = ["10.20.30.40"], SignInAttemptsPerAddress = 3 });
        await AuthClients.CreateUserAsync(server, "alice");

        // A client rotating forged addresses is still counted as itself.
        for (var i = 0; i < 3; i++)
        {
            using var failed = await SignInAsync(server, $"mallory{i}", "wrong password", $"192.0.2.{i + 1}");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using (var throttled = await SignInAsync(server, "alice", AuthClients.Password, Client, proto: "https"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        }

        await using (var db = server.Database.CreateContext())
        {
            Assert.All(await db.AuditEvents.Where(e => e.Action.StartsWith("signin.")).Select(e => e.IpAddress).ToListAsync(), a => Assert.Equal("127.0.0.1", a));
        }

        await using var plain = await TestDatabase.CreateAsync(provider, output);
        await using var untrusting = await RunningServer.StartAsync(plain!);
        await AuthClients.CreateUserAsync(untrusting, "bob");
        using var signIn = await SignInAsync(untrusting, "bob", AuthClients.Password, Client, proto: "https");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        // Plain http and no trusted proxy: a forged X-Forwarded-Proto does not make the server believe it is on https.
        Assert.DoesNotContain(signIn.Headers.GetValues("Set-Cookie"), c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("balancer.internal")]
    public void A_trusted_proxy_that_is_no_address_or_network_is_named(string entry)
    {
        var error = Assert.Throws<FormatException>(() => ProxyTrust.OptionsFor([entry]));
        Assert.Contains($"'{entry}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Proxies_are_read_comma_separated_and_nothing_is_trusted_by_default()
    {
        Assert.Null(ProxyTrust.OptionsFor([]));
        var options = ProxyTrust.OptionsFor(["10.0.0.5, 10.1.0.0/16", "fd00::/8"])!;
        Assert.Equal([IPAddress.Parse("10.0.0.5")], options.KnownProxies);
        Assert.Equal(2, options.KnownIPNetworks.Count);
    }

    private static async Task<HttpResponseMessage> SignInAsync(RunningServer server, string username, string password, string forwardedFor, string proto = "http")
    {
        using var client = AuthClients.Plain(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session") { Content = JsonContent.Create(new { username, password }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", proto);
        return await client.SendAsync(request);
    }
}

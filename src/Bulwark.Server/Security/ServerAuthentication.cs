using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Security;

/// <summary>
/// Wires authentication: access tokens and session cookies behind one policy scheme, antiforgery for sessions,
/// Data Protection keys in the platform database (so cookies and CSRF tokens work on every instance).
/// </summary>
public static class ServerAuthentication
{
    public static void AddServices(IServiceCollection services, PlatformDatabase database)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(database);
        services.AddScoped<PlatformDbContext>(_ => database.CreateContext());
        services.AddDataProtection().SetApplicationName("Bulwark").PersistKeysToDbContext<PlatformDbContext>();
        services.AddAntiforgery(Csrf.Configure);
        services.AddAuthentication(Sessions.PolicySchemeName)
            .AddPolicyScheme(Sessions.PolicySchemeName, "token or session", o =>
            {
                o.ForwardDefaultSelector = Sessions.SelectScheme;
                // Every 401 is the token scheme's problem document, whichever way the caller tried.
                o.ForwardChallenge = TokenAuthenticationHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(Sessions.SchemeName, Sessions.Configure);
        services.AddAuthorization();
    }

    /// <summary>
    /// Makes sure a Data Protection key exists before the first request, under a database lock on PostgreSQL:
    /// instances starting together on an empty database would otherwise each make their own key and refuse each
    /// other's cookies until their key rings refresh.
    /// </summary>
    public static async Task EnsureKeyAsync(WebApplication app, PlatformDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(database);
        var keys = app.Services.GetRequiredService<IKeyManager>();
        await using var db = database.CreateContext();
        if (database.IsPostgres)
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            // Session-level advisory lock on this connection, released below (or when the connection closes).
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(4242001)", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var now = DateTimeOffset.UtcNow;
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
            {
                keys.CreateNewKey(now, now.AddDays(90));
            }
        }
        finally
        {
            if (database.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(4242001)", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}

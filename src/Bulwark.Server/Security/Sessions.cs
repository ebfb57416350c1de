using System.Security.Claims;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Security;

/// <summary>
/// Cookie sessions for the web UI. The cookie is encrypted with Data Protection keys kept in the database, so
/// any instance reads a cookie another minted; it carries the user's security stamp, and every request checks
/// it against the database, so a password change or a block ends all sessions at once.
/// </summary>
public static class Sessions
{
    public const string SchemeName = "cookie";

    /// <summary>Picks the token scheme when a token header is present, the cookie otherwise.</summary>
    public const string PolicySchemeName = "bulwark";

    public const string CookieName = "bulwark_session";

    public static ClaimsPrincipal Principal(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = CallerClaims.From(new Caller(user.Id, user.Username, user.IsAdmin, TokenScopes.Read | TokenScopes.Write));
        claims.Add(new Claim(CallerClaims.Stamp, user.SecurityStamp));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }

    public static void Configure(CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.Path = "/";
        options.ExpireTimeSpan = TimeSpan.FromHours(12);
        options.SlidingExpiration = true;
        options.Events.OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        options.Events.OnValidatePrincipal = ValidateAsync;
    }

    /// <summary>Refuses a cookie whose user is gone, blocked or has a new stamp; refreshes the admin flag.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var caller = principal is null ? null : CallerClaims.ToCaller(principal);
        var stamp = principal?.FindFirstValue(CallerClaims.Stamp);
        User? user = null;
        if (caller is not null && stamp is not null)
        {
            var database = context.HttpContext.RequestServices.GetRequiredService<PlatformDatabase>();
            await using var db = database.CreateContext();
            user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == caller.UserId, context.HttpContext.RequestAborted).ConfigureAwait(false);
        }

        if (user is null || user.BlockedAt is not null || user.IsBot || !string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName).ConfigureAwait(false);
            return;
        }

        context.ReplacePrincipal(Principal(user));
    }

    /// <summary>Token headers win over a cookie: scripts never need CSRF tokens.</summary>
    public static string SelectScheme(HttpContext http) =>
        TokenAuthenticationHandler.PresentedToken(http.Request) is not null ? TokenAuthenticationHandler.SchemeName : SchemeName;
}

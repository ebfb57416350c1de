using Bulwark.Server.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Security;

/// <summary>Marks an endpoint whose state change does not act with the session's authority (signing in).</summary>
public sealed class CsrfExemptAttribute : Attribute;

/// <summary>
/// CSRF protection for cookie sessions: a state-changing request authenticated by the session cookie must carry
/// the antiforgery token (from <c>GET /api/v1/session/csrf</c> or the sign-in answer) in <c>X-CSRF-Token</c>.
/// Requests authenticated by an access token are exempt: a browser never adds that header on its own.
/// </summary>
public static class Csrf
{
    public const string HeaderName = "X-CSRF-Token";

    public const string CookieName = "bulwark_csrf";

    public static void Configure(AntiforgeryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.HeaderName = HeaderName;
        options.Cookie.Name = CookieName;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        options.Cookie.HttpOnly = true;
        // The API is not framed; answering with X-Frame-Options is the UI's business.
        options.SuppressXFrameOptionsHeader = true;
    }

    public static async Task Middleware(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: Sessions.SchemeName }
            && !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method) || HttpMethods.IsTrace(http.Request.Method))
            && http.GetEndpoint()?.Metadata.GetMetadata<CsrfExemptAttribute>() is null)
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
            {
                await ApiProblems.Forbidden($"a session-authenticated change needs the CSRF token in the {HeaderName} header (GET /api/v1/session/csrf)")
                    .ExecuteAsync(http).ConfigureAwait(false);
                return;
            }
        }

        await next(http).ConfigureAwait(false);
    }
}

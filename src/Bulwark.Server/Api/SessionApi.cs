using System.Globalization;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Bulwark.Server.Hosting;
using Bulwark.Server.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Api;

public sealed record SignInRequest(string? Username, string? Password);

/// <summary>
/// Cookie sign-in for the web UI: <c>POST /api/v1/session</c> signs in, <c>GET</c> says who is signed in,
/// <c>DELETE</c> signs out, <c>GET /api/v1/session/csrf</c> gives the token state-changing requests must send.
/// </summary>
public static class SessionApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/session", SignInAsync).WithName("SignIn").AllowAnonymous().WithMetadata(new CsrfExemptAttribute());
        api.MapGet("/session", WhoAmI).WithName("GetSession");
        api.MapDelete("/session", SignOutAsync).WithName("SignOut");
        api.MapGet("/session/csrf", CsrfToken).WithName("GetCsrfToken");
    }

    private static async Task<IResult> SignInAsync(SignInRequest? request, HttpContext http, ApiContext api, ServerOptions options, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Username) || string.IsNullOrEmpty(request.Password))
        {
            return ApiProblems.BadRequest("username and password: both required");
        }

        var limits = new SignInLimits(options.SignInAttemptsPerWindow, options.SignInAttemptsPerAddress, options.SignInWindow);
        await using var db = api.Open();
        var result = await Users.SignInAsync(db, limits, request.Username, request.Password, http.Connection.RemoteIpAddress?.ToString(), api.Now, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case SignInOutcome.Throttled:
                var seconds = Math.Max(1, (int)Math.Ceiling(result.RetryAfter!.Value.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts", $"too many failed sign-ins; try again in {seconds} seconds");
            case SignInOutcome.Failed:
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "invalid username or password");
        }

        var principal = Sessions.Principal(result.User!);
        await http.SignInAsync(Sessions.SchemeName, principal, new AuthenticationProperties { IsPersistent = false }).ConfigureAwait(false);
        // The CSRF token is bound to the signed-in user, so it is minted for the new principal.
        http.User = principal;
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Results.Ok(new { user = UsersApi.ToResponse(result.User!), csrf_token = tokens.RequestToken, csrf_header = Csrf.HeaderName });
    }

    private static IResult WhoAmI(HttpContext http)
    {
        var caller = ApiContext.CallerOf(http)!;
        var scopes = new List<string>();
        if (caller.Scopes.HasFlag(TokenScopes.Read))
        {
            scopes.Add("read");
        }

        if (caller.CanWrite)
        {
            scopes.Add("write");
        }

        return Results.Ok(new
        {
            user = new { id = caller.UserId, username = caller.Username, admin = caller.IsAdmin },
            authenticated_by = http.User.Identity?.AuthenticationType == Sessions.SchemeName ? "session" : "token",
            scopes,
            token_project_id = caller.TokenProjectId,
            token_project_role = caller.TokenProjectRole is { } r ? WireNames.Role(r) : null,
        });
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.User.Identity?.AuthenticationType == Sessions.SchemeName)
        {
            await http.SignOutAsync(Sessions.SchemeName).ConfigureAwait(false);
        }

        return Results.NoContent();
    }

    private static IResult CsrfToken(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Results.Ok(new { token = tokens.RequestToken, header = Csrf.HeaderName });
    }
}

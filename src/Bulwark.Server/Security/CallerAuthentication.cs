using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Security;

/// <summary>
/// Authenticates API calls by access token, from <c>Authorization: Bearer …</c> or GitLab's
/// <c>PRIVATE-TOKEN</c> header. The token itself is never logged.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    PlatformDatabase database, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "token";

    public static string? PresentedToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var privateToken = request.Headers["PRIVATE-TOKEN"].ToString();
        return privateToken.Length > 0 ? privateToken.Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedToken(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        await using var db = database.CreateContext();
        var check = await AccessTokens.CheckAsync(db, presented, clock.GetUtcNow().UtcDateTime, Context.RequestAborted).ConfigureAwait(false);
        if (check.Caller is not { } caller)
        {
            // The challenge tells the client which case it is (expired, revoked, unknown); never the token.
            Context.Items[FailureKey] = check.Message;
            return AuthenticateResult.Fail(check.Message);
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(CallerClaims.From(caller), SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private const string FailureKey = "bulwark.token_failure";

    /// <summary>Every 401 of the server, whichever way the caller tried: a problem document saying what is missing.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items.TryGetValue(FailureKey, out var f) ? f as string : null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{failure}\"";
        await Results.Problem(
            detail: failure ?? "a valid access token (Authorization: Bearer or PRIVATE-TOKEN) or a signed-in session is required",
            statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(Context).ConfigureAwait(false);
    }
}

/// <summary>A <see cref="Caller"/> as claims and back, so cookies and tokens give endpoints the same caller.</summary>
public static class CallerClaims
{
    private const string Admin = "bulwark:admin";
    private const string Scopes = "bulwark:scopes";
    private const string TokenProject = "bulwark:token_project";
    private const string TokenRole = "bulwark:token_role";
    private const string TokenId = "bulwark:token_id";

    /// <summary>The user's security stamp when the session cookie was issued.</summary>
    public const string Stamp = "bulwark:stamp";

    public static List<Claim> From(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, caller.UserId.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, caller.Username),
            new(Scopes, ((int)caller.Scopes).ToString(CultureInfo.InvariantCulture)),
        };
        if (caller.IsAdmin)
        {
            claims.Add(new Claim(Admin, "true"));
        }

        if (caller.TokenProjectId is { } project)
        {
            claims.Add(new Claim(TokenProject, project.ToString(CultureInfo.InvariantCulture)));
            claims.Add(new Claim(TokenRole, ((int)(caller.TokenProjectRole ?? Role.Guest)).ToString(CultureInfo.InvariantCulture)));
        }

        if (caller.TokenId is { } tokenId)
        {
            claims.Add(new Claim(TokenId, tokenId.ToString(CultureInfo.InvariantCulture)));
        }

        return claims;
    }

    public static Caller? ToCaller(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }

        var scopes = int.TryParse(principal.FindFirstValue(Scopes), CultureInfo.InvariantCulture, out var s) ? (TokenScopes)s : TokenScopes.Read | TokenScopes.Write;
        long? tokenProject = long.TryParse(principal.FindFirstValue(TokenProject), CultureInfo.InvariantCulture, out var p) ? p : null;
        Role? tokenRole = int.TryParse(principal.FindFirstValue(TokenRole), CultureInfo.InvariantCulture, out var r) ? (Role)r : null;
        long? tokenId = long.TryParse(principal.FindFirstValue(TokenId), CultureInfo.InvariantCulture, out var t) ? t : null;
        return new Caller(long.Parse(id, CultureInfo.InvariantCulture), principal.FindFirstValue(ClaimTypes.Name) ?? string.Empty,
            principal.FindFirstValue(Admin) == "true", scopes, tokenProject, tokenRole, tokenId);
    }
}

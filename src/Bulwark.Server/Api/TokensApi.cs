using System.Globalization;
using System.Security.Cryptography;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

public sealed record TokenCreateRequest(string? Name, string[]? Scopes, DateTime? ExpiresAt, string? Role);

/// <summary>
/// Personal access tokens (a user's own) and project access tokens (a bot user with one role on one project,
/// managed by the project's owners). The secret is in the creation answer only; listings never carry it.
/// </summary>
public static class TokensApi
{
    /// <summary>Tokens made without an expiry date expire after this; none lives longer than <see cref="MaximumLifetime"/>.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);

    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromDays(366);

    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/user/tokens", ListPersonalAsync).WithName("ListPersonalTokens");
        api.MapPost("/user/tokens", CreatePersonalAsync).WithName("CreatePersonalToken");
        api.MapDelete("/user/tokens/{id:long}", RevokePersonalAsync).WithName("RevokePersonalToken");
        api.MapGet("/projects/{project}/access_tokens", ListProjectAsync).WithName("ListProjectTokens");
        api.MapPost("/projects/{project}/access_tokens", CreateProjectAsync).WithName("CreateProjectToken");
        api.MapDelete("/projects/{project}/access_tokens/{id:long}", RevokeProjectAsync).WithName("RevokeProjectToken");
    }

    private static object ToResponse(AccessToken t, DateTime now, string? value = null, string? username = null) => new
    {
        id = t.Id,
        name = t.Name,
        prefix = t.Prefix,
        scopes = ScopeNames(t.Scopes),
        project_id = t.ProjectId,
        role = t.ProjectRole is { } r ? WireNames.Role(r) : null,
        user = username,
        state = AccessTokens.State(t, now),
        created_at = t.CreatedAt,
        expires_at = t.ExpiresAt,
        revoked_at = t.RevokedAt,
        last_used_at = t.LastUsedAt,
        token = value,
    };

    private static List<string> ScopeNames(TokenScopes scopes)
    {
        var names = new List<string>();
        if (scopes.HasFlag(TokenScopes.Read))
        {
            names.Add("read");
        }

        if (scopes.HasFlag(TokenScopes.Write))
        {
            names.Add("write");
        }

        return names;
    }

    /// <summary>Validates name, scopes and expiry; write implies read.</summary>
    private static string? Parse(TokenCreateRequest? request, DateTime now, out TokenScopes scopes, out DateTime expiresAt)
    {
        scopes = TokenScopes.None;
        expiresAt = now + DefaultLifetime;
        if (string.IsNullOrWhiteSpace(request?.Name) || request.Name.Trim().Length > 255)
        {
            return "name: required, up to 255 characters";
        }

        if (request.Scopes is null || request.Scopes.Length == 0)
        {
            return "scopes: required, one or both of \"read\", \"write\"";
        }

        foreach (var scope in request.Scopes)
        {
            scopes |= scope?.Trim().ToLowerInvariant() switch
            {
                "read" => TokenScopes.Read,
                "write" => TokenScopes.Read | TokenScopes.Write,
                _ => TokenScopes.None,
            };
            if (scope?.Trim().ToLowerInvariant() is not ("read" or "write"))
            {
                return $"scopes: '{scope}' is not a scope; use \"read\" or \"write\"";
            }
        }

        if (request.ExpiresAt is { } requested)
        {
            var at = requested.Kind == DateTimeKind.Local ? requested.ToUniversalTime() : DateTime.SpecifyKind(requested, DateTimeKind.Utc);
            if (at <= now)
            {
                return "expires_at: must be in the future";
            }

            if (at > now + MaximumLifetime)
            {
                return string.Create(CultureInfo.InvariantCulture, $"expires_at: must be within {MaximumLifetime.TotalDays} days");
            }

            expiresAt = at;
        }

        return null;
    }

    private static IResult? PersonalDenied(Caller caller, bool write) =>
        caller.TokenProjectId is not null ? ApiProblems.Forbidden("a project access token cannot manage personal access tokens")
        : write && !caller.CanWrite ? ApiProblems.Forbidden("this token is read-only")
        : null;

    private static async Task<IResult> ListPersonalAsync(HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (PersonalDenied(caller, write: false) is { } denied)
        {
            return denied;
        }

        await using var db = api.Open();
        var tokens = await db.AccessTokens.AsNoTracking().Where(t => t.UserId == caller.UserId && t.ProjectId == null)
            .OrderBy(t => t.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = api.Now;
        return Results.Ok(new { items = tokens.Select(t => ToResponse(t, now)) });
    }

    private static async Task<IResult> CreatePersonalAsync(TokenCreateRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (PersonalDenied(caller, write: true) is { } denied)
        {
            return denied;
        }

        var now = api.Now;
        if (Parse(request, now, out var scopes, out var expiresAt) is { } problem)
        {
            return ApiProblems.BadRequest(problem);
        }

        await using var db = api.Open();
        var (token, value) = await AccessTokens.CreateAsync(db, caller.UserId, request!.Name!.Trim(), scopes, now, expiresAt, cancellationToken: cancellationToken).ConfigureAwait(false);
        Audit.Record(db, now, caller, "token.created", "access_token", token.Id, $"personal token '{token.Name}' ({string.Join(',', ScopeNames(scopes))})", UsersApi.Address(http));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return Results.Created($"/api/v1/user/tokens/{token.Id}", ToResponse(token, now, value));
    }

    private static async Task<IResult> RevokePersonalAsync(long id, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (PersonalDenied(caller, write: true) is { } denied)
        {
            return denied;
        }

        await using var db = api.Open();
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == caller.UserId && t.ProjectId == null, cancellationToken).ConfigureAwait(false);
        return await RevokeAsync(db, token, caller, http, api, $"personal access token {id} does not exist", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> RevokeAsync(PlatformDbContext db, AccessToken? token, Caller caller, HttpContext http, ApiContext api, string notFound, CancellationToken cancellationToken)
    {
        if (token is null)
        {
            return ApiProblems.NotFound(notFound);
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = api.Now;
            Audit.Record(db, api.Now, caller, "token.revoked", "access_token", token.Id,
                token.ProjectId is { } p ? string.Create(CultureInfo.InvariantCulture, $"project token '{token.Name}' of project {p}") : $"personal token '{token.Name}'",
                UsersApi.Address(http));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return Results.NoContent();
    }

    private static async Task<IResult> ListProjectAsync(string project, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        var (found, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, project, Role.Owner, write: false, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var tokens = await (from t in db.AccessTokens.AsNoTracking()
                            join u in db.Users on t.UserId equals u.Id
                            where t.ProjectId == found!.Id
                            orderby t.Id
                            select new { Token = t, u.Username }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = api.Now;
        return Results.Ok(new { items = tokens.Select(t => ToResponse(t.Token, now, username: t.Username)) });
    }

    private static async Task<IResult> CreateProjectAsync(string project, TokenCreateRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        var now = api.Now;
        if (Parse(request, now, out var scopes, out var expiresAt) is { } problem)
        {
            return ApiProblems.BadRequest(problem);
        }

        if (!MembersApi.TryParseRole(request!.Role, out var role))
        {
            return ApiProblems.BadRequest("role: required, one of guest, reporter, developer, maintainer, owner");
        }

        await using var db = api.Open();
        var (found, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, project, Role.Owner, write: true, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        // GitLab's model: each project token is a bot user that is a member of the project with the token's role.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var botName = string.Create(CultureInfo.InvariantCulture, $"project_{found!.Id}_bot_{suffix}");
        var bot = new User { Username = botName, UsernameKey = botName, IsBot = true, CreatedAt = now };
        db.Users.Add(bot);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.Memberships.Add(new Membership { UserId = bot.Id, ProjectId = found.Id, Role = role, CreatedAt = now });
        var (token, value) = await AccessTokens.CreateAsync(db, bot.Id, request.Name!.Trim(), scopes, now, expiresAt, found.Id, role, cancellationToken).ConfigureAwait(false);
        Audit.Record(db, now, caller, "token.created", "access_token", token.Id,
            $"project token '{token.Name}' on {found.Path} as {WireNames.Role(role)} ({string.Join(',', ScopeNames(scopes))})", UsersApi.Address(http));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Results.Created($"/api/v1/projects/{found.Id}/access_tokens/{token.Id}", ToResponse(token, now, value, botName));
    }

    private static async Task<IResult> RevokeProjectAsync(string project, long id, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        var (found, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, project, Role.Owner, write: true, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == id && t.ProjectId == found!.Id, cancellationToken).ConfigureAwait(false);
        return await RevokeAsync(db, token, caller, http, api, $"project access token {id} does not exist in '{found!.Path}'", cancellationToken).ConfigureAwait(false);
    }
}

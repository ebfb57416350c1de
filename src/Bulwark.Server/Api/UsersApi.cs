using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Bulwark.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

public sealed record UserCreateRequest(string? Username, string? Password, bool? Admin);

public sealed record UserUpdateRequest(bool? Admin, bool? Blocked, string? Password);

public sealed record PasswordChangeRequest(string? CurrentPassword, string? Password);

public sealed record UserResponse(long Id, string Username, bool Admin, bool Bot, bool Blocked, bool HasPassword, DateTime CreatedAt);

/// <summary>Accounts: administrators create, list, block and promote users; a user changes their own password.</summary>
public static class UsersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/users", CreateAsync).WithName("CreateUser");
        api.MapGet("/users", ListAsync).WithName("ListUsers");
        api.MapGet("/users/{user}", GetAsync).WithName("GetUser");
        api.MapPatch("/users/{user}", UpdateAsync).WithName("UpdateUser");
        api.MapGet("/user", SelfAsync).WithName("GetCurrentUser");
        api.MapPut("/user/password", ChangePasswordAsync).WithName("ChangePassword");
    }

    internal static UserResponse ToResponse(User u) => new(u.Id, u.Username, u.IsAdmin, u.IsBot, u.BlockedAt is not null, u.PasswordHash is not null, u.CreatedAt);

    private static IResult? RequireAdmin(Caller caller, bool write) =>
        !caller.IsAdmin ? ApiProblems.Forbidden("this needs an instance administrator")
        : write && !caller.CanWrite ? ApiProblems.Forbidden("this token is read-only")
        : null;

    private static async Task<IResult> CreateAsync(UserCreateRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (RequireAdmin(caller, write: true) is { } denied)
        {
            return denied;
        }

        if (Users.UsernameProblem(request?.Username) is { } problem)
        {
            return ApiProblems.BadRequest(problem);
        }

        var username = request!.Username!.Trim();
        if (request.Password is not null && Passwords.Problem(request.Password, username) is { } weak)
        {
            return ApiProblems.BadRequest(weak);
        }

        await using var db = api.Open();
        var key = Users.Key(username);
        if (await db.Users.AnyAsync(u => u.UsernameKey == key, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.Conflict($"user '{username}' already exists");
        }

        var user = new User { Username = username, UsernameKey = key, IsAdmin = request.Admin ?? false, CreatedAt = api.Now };
        if (request.Password is not null)
        {
            user.PasswordHash = Passwords.Hash(user, request.Password);
        }

        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict($"user '{username}' already exists");
        }

        Audit.Record(db, api.Now, caller, "user.created", "user", user.Id, user.IsAdmin ? $"{user.Username} (administrator)" : user.Username, Address(http));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return Results.Created($"/api/v1/users/{user.Id}", ToResponse(user));
    }

    private static async Task<IResult> ListAsync(HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (RequireAdmin(caller, write: false) is { } denied)
        {
            return denied;
        }

        await using var db = api.Open();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UsernameKey).ToListAsync(cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { items = users.Select(ToResponse) });
    }

    private static async Task<IResult> GetAsync(string user, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        var found = await Users.FindAsync(db, user, cancellationToken).ConfigureAwait(false);
        if (found is null || !caller.IsAdmin && found.Id != caller.UserId)
        {
            return caller.IsAdmin ? ApiProblems.NotFound($"user '{user}' does not exist") : ApiProblems.Forbidden("only administrators see other users");
        }

        return Results.Ok(ToResponse(found));
    }

    private static async Task<IResult> UpdateAsync(string user, UserUpdateRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (RequireAdmin(caller, write: true) is { } denied)
        {
            return denied;
        }

        await using var db = api.Open();
        var found = await Users.FindAsync(db, user, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return ApiProblems.NotFound($"user '{user}' does not exist");
        }

        if (found.Id == caller.UserId && (request?.Admin == false || request?.Blocked == true))
        {
            return ApiProblems.BadRequest("an administrator cannot block or demote themselves; ask another administrator");
        }

        if (request?.Password is { } password && Passwords.Problem(password, found.Username) is { } weak)
        {
            return ApiProblems.BadRequest(weak);
        }

        var address = Address(http);
        if (request?.Admin is { } admin && admin != found.IsAdmin)
        {
            found.IsAdmin = admin;
            Audit.Record(db, api.Now, caller, admin ? "user.admin_granted" : "user.admin_revoked", "user", found.Id, found.Username, address);
        }

        if (request?.Blocked is { } blocked && blocked != (found.BlockedAt is not null))
        {
            found.BlockedAt = blocked ? api.Now : null;
            Users.InvalidateSessions(found);
            Audit.Record(db, api.Now, caller, blocked ? "user.blocked" : "user.unblocked", "user", found.Id, found.Username, address);
        }

        if (request?.Password is { } newPassword)
        {
            found.PasswordHash = Passwords.Hash(found, newPassword);
            Users.InvalidateSessions(found);
            Audit.Record(db, api.Now, caller, "user.password_set", "user", found.Id, found.Username, address);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return Results.Ok(ToResponse(found));
    }

    private static async Task<IResult> SelfAsync(HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        await using var db = api.Open();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == caller.UserId, cancellationToken).ConfigureAwait(false);
        return Results.Ok(ToResponse(user));
    }

    private static async Task<IResult> ChangePasswordAsync(PasswordChangeRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (caller.TokenProjectId is not null || !caller.CanWrite)
        {
            return ApiProblems.Forbidden(caller.TokenProjectId is not null ? "a project access token has no password" : "this token is read-only");
        }

        await using var db = api.Open();
        var user = await db.Users.SingleAsync(u => u.Id == caller.UserId, cancellationToken).ConfigureAwait(false);
        if (user.PasswordHash is not null && (request?.CurrentPassword is null || !Passwords.Verify(user, request.CurrentPassword)))
        {
            Audit.Record(db, api.Now, caller, "user.password_change_failed", "user", user.Id, "current password wrong", Address(http));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return ApiProblems.BadRequest("current_password: does not match");
        }

        if (Passwords.Problem(request?.Password, user.Username) is { } weak)
        {
            return ApiProblems.BadRequest(weak);
        }

        user.PasswordHash = Passwords.Hash(user, request!.Password!);
        Users.InvalidateSessions(user);
        Audit.Record(db, api.Now, caller, "user.password_changed", "user", user.Id, user.Username, Address(http));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (http.User.Identity?.AuthenticationType == Sessions.SchemeName)
        {
            // Every other session ends with the new stamp; this one goes on with a fresh cookie.
            await http.SignInAsync(Sessions.SchemeName, Sessions.Principal(user)).ConfigureAwait(false);
        }

        return Results.NoContent();
    }

    internal static string? Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}

using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Access;

/// <summary>Creates the first administrator (or another one) and gives back an API token for scripts.</summary>
public static class Administrators
{
    /// <summary>The account <see cref="BootstrapAsync"/> creates.</summary>
    public const string BootstrapUsername = "admin";

    /// <summary>How long the first-run token works: long enough to create real accounts, short if a log kept it.</summary>
    public static readonly TimeSpan BootstrapTokenLifetime = TimeSpan.FromHours(24);

    public static string HashPassword(User user, string password) => Passwords.Hash(user, password);

    public static bool VerifyPassword(User user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.PasswordHash is not null && Passwords.Verify(user, password);
    }

    /// <summary>
    /// First run: when the instance has no user at all, creates the administrator <c>admin</c> with a token that
    /// expires in 24 hours and returns it; otherwise null. The unique user name makes it happen once even when
    /// several instances start at the same time on an empty database, so the token is printed once, ever.
    /// </summary>
    public static async Task<string?> BootstrapAsync(PlatformDatabase database, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        if (await db.Users.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var user = new User { Username = BootstrapUsername, UsernameKey = BootstrapUsername, IsAdmin = true, CreatedAt = nowUtc };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            return null; // another instance bootstrapped first
        }

        var (_, token) = await AccessTokens.CreateAsync(db, user.Id, "bootstrap", TokenScopes.Read | TokenScopes.Write, nowUtc, nowUtc + BootstrapTokenLifetime, cancellationToken: cancellationToken).ConfigureAwait(false);
        Audit.Record(db, nowUtc, null, "admin.bootstrapped", "user", user.Id, "first start on an empty database");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>
    /// Makes <paramref name="username"/> an administrator (creating the account when needed) and issues a new
    /// read-write token. Running it again for the same user issues another token, nothing else.
    /// </summary>
    public static async Task<(User User, string Token)> CreateAsync(PlatformDatabase database, string username, string? password, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var key = username.Trim().ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.UsernameKey == key, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            user = new User { Username = username.Trim(), UsernameKey = key, IsAdmin = true, CreatedAt = nowUtc };
            db.Users.Add(user);
        }

        user.IsAdmin = true;
        if (!string.IsNullOrEmpty(password))
        {
            user.PasswordHash = HashPassword(user, password);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var (_, token) = await AccessTokens.CreateAsync(db, user.Id, "create-admin", TokenScopes.Read | TokenScopes.Write, nowUtc, expiresAtUtc: null, cancellationToken: cancellationToken).ConfigureAwait(false);
        Audit.Record(db, nowUtc, new Caller(user.Id, user.Username, true, TokenScopes.Read | TokenScopes.Write), "admin.created", "user", user.Id, "bulwark server create-admin");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (user, token);
    }
}

using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Access;

/// <summary>Creates the first administrator (or another one) and gives back an API token for scripts.</summary>
public static class Administrators
{
    private static readonly PasswordHasher<User> Hasher = new();

    public static string HashPassword(User user, string password) => Hasher.HashPassword(user, password);

    public static bool VerifyPassword(User user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.PasswordHash is { } hash && Hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;
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

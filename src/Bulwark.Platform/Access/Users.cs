using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Access;

public enum SignInOutcome
{
    Success,
    Failed,
    Throttled,
}

public sealed record SignInResult(SignInOutcome Outcome, User? User, TimeSpan? RetryAfter);

/// <summary>Local accounts: created by administrators, signed in with a password, blocked when they must stop working.</summary>
public static class Users
{
    public static string Key(string username) => username.Trim().ToLowerInvariant();

    /// <summary>Null when <paramref name="username"/> is acceptable, else why not.</summary>
    public static string? UsernameProblem(string? username)
    {
        var name = username?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return "username: required";
        }

        if (name.Contains('/', StringComparison.Ordinal) || PathNames.Normalise(name, out _) is null || name.Length > 100)
        {
            return "username: use up to 100 letters, digits, '_', '.' and '-', starting with a letter, digit or '_'";
        }

        return null;
    }

    public static Task<User?> FindAsync(PlatformDbContext db, string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (long.TryParse(idOrName, out var id))
        {
            return db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        }

        var key = Key(idOrName);
        return db.Users.SingleOrDefaultAsync(u => u.UsernameKey == key, cancellationToken);
    }

    /// <summary>
    /// Checks a password, counting failures per user name and address so that guessing is throttled on every
    /// instance alike. Unknown users cost a password hash too: the answer time does not tell who exists.
    /// Every failure is audited (with the reason, never the password).
    /// </summary>
    public static async Task<SignInResult> SignInAsync(
        PlatformDbContext db, SignInLimits limits, string username, string password, string? address, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(username);
        var userKey = SignInThrottling.UserKey(username);
        var addressKey = SignInThrottling.AddressKey(address);
        var name = username.Trim();
        if (name.Length > 255)
        {
            name = name[..255];
        }

        if (await SignInThrottling.RetryAfterAsync(db, limits, userKey, addressKey, nowUtc, cancellationToken).ConfigureAwait(false) is { } wait)
        {
            Audit.Record(db, nowUtc, null, "signin.throttled", "user", null, $"username '{name}'", address);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new SignInResult(SignInOutcome.Throttled, null, wait);
        }

        var key = Key(name);
        var user = await db.Users.SingleOrDefaultAsync(u => u.UsernameKey == key && !u.IsBot, cancellationToken).ConfigureAwait(false);
        var passwordOk = Passwords.Verify(user, password);
        var reason = user is null ? "unknown user"
            : user.PasswordHash is null ? "no password set"
            : !passwordOk ? "wrong password"
            : user.BlockedAt is not null ? "user blocked"
            : null;
        if (reason is not null)
        {
            await SignInThrottling.RecordFailureAsync(db, limits, userKey, addressKey, nowUtc, cancellationToken).ConfigureAwait(false);
            if (user is not null)
            {
                await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.FailedSignIns, x => x.FailedSignIns + 1), cancellationToken).ConfigureAwait(false);
            }

            Audit.Record(db, nowUtc, null, "signin.failed", "user", user?.Id, $"username '{name}': {reason}", address);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new SignInResult(SignInOutcome.Failed, null, null);
        }

        await SignInThrottling.ClearAsync(db, userKey, cancellationToken).ConfigureAwait(false);
        user!.FailedSignIns = 0;
        Audit.Record(db, nowUtc, new Caller(user.Id, user.Username, user.IsAdmin, TokenScopes.Read | TokenScopes.Write), "signin.succeeded", "user", user.Id, null, address);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new SignInResult(SignInOutcome.Success, user, null);
    }

    /// <summary>A new stamp: every cookie issued before stops working at its next request.</summary>
    public static void InvalidateSessions(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
    }
}

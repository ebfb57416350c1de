using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Access;

/// <summary>
/// Login rate limiting: failed sign-ins are counted per user name and per client address in fixed windows
/// stored in the database, so the limit holds across all server instances. Unknown user names are counted
/// like known ones, so the limit does not reveal which accounts exist.
/// </summary>
public sealed record SignInLimits(int PerUser, int PerAddress, TimeSpan Window);

public static class SignInThrottling
{
    public static string UserKey(string username) => "user:" + username.Trim().ToLowerInvariant();

    public static string AddressKey(string? address) => "ip:" + (address ?? "unknown");

    /// <summary>When the caller may try again, or null when not throttled.</summary>
    public static async Task<TimeSpan?> RetryAfterAsync(PlatformDbContext db, SignInLimits limits, string userKey, string addressKey, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(limits);
        var since = nowUtc - limits.Window;
        var rows = await db.SignInThrottles.AsNoTracking()
            .Where(t => (t.Key == userKey || t.Key == addressKey) && t.WindowStart > since)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan? retry = null;
        foreach (var row in rows)
        {
            var limit = row.Key == userKey ? limits.PerUser : limits.PerAddress;
            if (row.Failures >= limit)
            {
                var wait = row.WindowStart + limits.Window - nowUtc;
                retry = retry is { } r && r > wait ? r : wait;
            }
        }

        return retry;
    }

    /// <summary>Counts one failure against both keys; safe when several instances do it at once.</summary>
    public static async Task RecordFailureAsync(PlatformDbContext db, SignInLimits limits, string userKey, string addressKey, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(limits);
        foreach (var key in new[] { userKey, addressKey })
        {
            await CountAsync(db, key, nowUtc - limits.Window, nowUtc, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A successful sign-in clears the user's count (not the address's: one good password must not unlock guessing others).</summary>
    public static Task ClearAsync(PlatformDbContext db, string userKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.SignInThrottles.Where(t => t.Key == userKey).ExecuteDeleteAsync(cancellationToken);
    }

    private static async Task CountAsync(PlatformDbContext db, string key, DateTime expiredBefore, DateTime nowUtc, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // A window that ended starts over; then one atomic increment. Both are single UPDATE statements.
            await db.SignInThrottles.Where(t => t.Key == key && t.WindowStart <= expiredBefore)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.WindowStart, nowUtc).SetProperty(t => t.Failures, 0), cancellationToken).ConfigureAwait(false);
            var updated = await db.SignInThrottles.Where(t => t.Key == key)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Failures, t => t.Failures + 1), cancellationToken).ConfigureAwait(false);
            if (updated > 0)
            {
                return;
            }

            var row = new SignInThrottle { Key = key, WindowStart = nowUtc, Failures = 1 };
            db.SignInThrottles.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException)
            {
                // Another instance inserted the row first: count on it.
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }
}

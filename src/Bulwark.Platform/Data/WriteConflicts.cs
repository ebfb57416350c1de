namespace Bulwark.Platform.Data;

/// <summary>
/// What a transaction meets when a concurrent writer got there first — a unique key already taken (PostgreSQL
/// 23505, a SQLite constraint), a deadlock (40P01), a serialisation failure (40001), a busy or locked SQLite
/// database — and the retry that resolves it: the transaction rolled back, so running it again from what is
/// committed now finds the other writer's rows.
/// </summary>
public static class WriteConflicts
{
    public static bool IsConflict(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is Npgsql.PostgresException { SqlState: "23505" or "40P01" or "40001" }
                || current is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 or 5 or 6 })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="transaction"/> (one whole transaction, begun and committed inside) again after each
    /// conflict, up to <paramref name="maxAttempts"/> times in all, pausing a random multiple of
    /// <paramref name="pause"/> that grows with each attempt so that the racing writers fall out of step.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> transaction, int maxAttempts, TimeSpan pause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transaction().ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < maxAttempts && IsConflict(e))
            {
                await Task.Delay(pause * (attempt * System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 5)), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

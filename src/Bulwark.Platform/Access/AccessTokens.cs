using System.Security.Cryptography;
using System.Text;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Access;

/// <summary>
/// Personal and project access tokens: 256 random bits, shown once, stored as SHA-256, scoped, expiring and
/// revocable. The <c>bwk_</c> prefix lets secret scanners (ours included) recognise a leaked one.
/// </summary>
public static class AccessTokens
{
    public const string Prefix = "bwk_";

    public static string NewTokenValue()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Creates a token and returns it with its one and only plain-text value.</summary>
    public static async Task<(AccessToken Token, string Value)> CreateAsync(
        PlatformDbContext db, long userId, string name, TokenScopes scopes, DateTime nowUtc, DateTime? expiresAtUtc,
        long? projectId = null, Role? projectRole = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var value = NewTokenValue();
        var token = new AccessToken
        {
            UserId = userId,
            Name = name.Length > 255 ? name[..255] : name,
            TokenHash = Hash(value),
            Prefix = value[..10],
            Scopes = scopes,
            CreatedAt = nowUtc,
            ExpiresAt = expiresAtUtc,
            ProjectId = projectId,
            ProjectRole = projectRole,
        };
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (token, value);
    }

    /// <summary>The caller a token stands for, or null when it is unknown, expired or revoked.</summary>
    public static async Task<Caller?> AuthenticateAsync(PlatformDbContext db, string presented, DateTime nowUtc, CancellationToken cancellationToken = default) =>
        (await CheckAsync(db, presented, nowUtc, cancellationToken).ConfigureAwait(false)).Caller;

    /// <summary>The caller a token stands for, or why it is refused (the token itself is never part of the answer).</summary>
    public static async Task<TokenCheck> CheckAsync(PlatformDbContext db, string presented, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(presented);
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return new TokenCheck(null, TokenRefusal.Unknown);
        }

        var hash = Hash(presented);
        var found = await (from t in db.AccessTokens
                           join u in db.Users on t.UserId equals u.Id
                           where t.TokenHash == hash
                           select new { Token = t, User = u }).AsNoTracking().SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return new TokenCheck(null, TokenRefusal.Unknown);
        }

        if (found.Token.RevokedAt is not null)
        {
            return new TokenCheck(null, TokenRefusal.Revoked);
        }

        if (found.Token.ExpiresAt is { } expires && expires <= nowUtc)
        {
            return new TokenCheck(null, TokenRefusal.Expired);
        }

        if (found.User.BlockedAt is not null)
        {
            return new TokenCheck(null, TokenRefusal.UserBlocked);
        }

        // Recorded at most once a minute per token, so reads stay reads.
        if (found.Token.LastUsedAt is not { } last || nowUtc - last > TimeSpan.FromMinutes(1))
        {
            await db.AccessTokens.Where(t => t.Id == found.Token.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, nowUtc), cancellationToken).ConfigureAwait(false);
        }

        return new TokenCheck(new Caller(found.User.Id, found.User.Username, found.User.IsAdmin && found.Token.ProjectId is null,
            found.Token.Scopes, found.Token.ProjectId, found.Token.ProjectRole, found.Token.Id), TokenRefusal.None);
    }

    /// <summary>What a token listing may show: everything but the secret.</summary>
    public static string State(AccessToken token, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.RevokedAt is not null ? "revoked" : token.ExpiresAt is { } e && e <= nowUtc ? "expired" : "active";
    }
}

public enum TokenRefusal
{
    None,
    Unknown,
    Expired,
    Revoked,
    UserBlocked,
}

public sealed record TokenCheck(Caller? Caller, TokenRefusal Refusal)
{
    /// <summary>Why a token was refused, for the 401 answer; names the case, never the token.</summary>
    public string Message => Refusal switch
    {
        TokenRefusal.Expired => "the access token has expired",
        TokenRefusal.Revoked => "the access token has been revoked",
        TokenRefusal.UserBlocked => "the access token belongs to a blocked user",
        _ => "the access token is unknown",
    };
}

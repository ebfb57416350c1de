namespace Bulwark.Platform.Data;

/// <summary>GitLab's roles, ordered so that a higher role includes every right of a lower one.</summary>
public enum Role
{
    Guest = 10,
    Reporter = 20,
    Developer = 30,
    Maintainer = 40,
    Owner = 50,
}

public sealed class User
{
    public long Id { get; set; }

    public required string Username { get; set; }

    public required string UsernameKey { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash; null for accounts that may only use tokens.</summary>
    public string? PasswordHash { get; set; }

    public bool IsAdmin { get; set; }

    public bool IsBot { get; set; }

    public DateTime CreatedAt { get; set; }

    public int FailedSignIns { get; set; }

    public DateTime? LockedUntil { get; set; }

    /// <summary>Changes whenever the password changes, so cookies issued before are refused.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>Set when an administrator blocked the account: no sign-in, no token, no session works.</summary>
    public DateTime? BlockedAt { get; set; }
}

/// <summary>
/// Failed sign-ins counted per key (<c>user:NAME</c> or <c>ip:ADDRESS</c>) in a fixed window. Kept in the
/// database, not in memory, so every server instance behind a load balancer sees the same counts.
/// </summary>
public sealed class SignInThrottle
{
    public required string Key { get; set; }

    public DateTime WindowStart { get; set; }

    public int Failures { get; set; }
}

/// <summary>A role on a group (and all it contains) or on one project. Exactly one of the two is set.</summary>
public sealed class Membership
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public long? GroupId { get; set; }

    public long? ProjectId { get; set; }

    public Role Role { get; set; }

    public DateTime CreatedAt { get; set; }
}

[Flags]
public enum TokenScopes
{
    None = 0,
    Read = 1,
    Write = 2,
}

/// <summary>
/// A personal or project access token. Only its SHA-256 is kept: tokens are 256-bit random values, so a
/// fast hash is enough to make a stolen database useless for signing in.
/// </summary>
public sealed class AccessToken
{
    public long Id { get; set; }

    public long UserId { get; set; }

    /// <summary>Set for project access tokens: the token works on this project only, with <see cref="ProjectRole"/>.</summary>
    public long? ProjectId { get; set; }

    public Role? ProjectRole { get; set; }

    public required string Name { get; set; }

    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token, shown in listings so a user can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    public TokenScopes Scopes { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }
}

/// <summary>Who did what to which object, for administrators; never carries a secret or a token.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public long? ActorId { get; set; }

    public string? ActorName { get; set; }

    public required string Action { get; set; }

    public string? TargetType { get; set; }

    public long? TargetId { get; set; }

    public string? Details { get; set; }

    public string? IpAddress { get; set; }
}

using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Access;

/// <summary>A group or a project: where a membership is granted.</summary>
public sealed record MemberScope(Group? Group, Project? Project)
{
    public string Kind => Group is not null ? "group" : "project";

    public long Id => Group?.Id ?? Project!.Id;

    public string Path => Group?.Path ?? Project!.Path;

    /// <summary>The group whose ancestors' memberships also hold here.</summary>
    public long? InheritsFromGroupId => Group?.ParentId ?? Project?.GroupId;
}

public enum MemberChange
{
    Done,
    UserNotFound,
    NotAMember,
    AlreadyAMember,
    LastOwner,
}

/// <summary>
/// Memberships of groups and projects. Every group and project keeps at least one owner (direct, or through a
/// group above it): the last one can be neither removed nor demoted, so something always has someone to manage it.
/// </summary>
public static class Members
{
    public static IQueryable<Membership> Direct(PlatformDbContext db, MemberScope scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Group is { } g ? db.Memberships.Where(m => m.GroupId == g.Id) : db.Memberships.Where(m => m.ProjectId == scope.Project!.Id);
    }

    public static async Task<(Membership? Membership, MemberChange Outcome)> AddAsync(
        PlatformDbContext db, MemberScope scope, long userId, Role role, Caller actor, DateTime nowUtc, string? address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return (null, MemberChange.UserNotFound);
        }

        if (await Direct(db, scope).AnyAsync(m => m.UserId == userId, cancellationToken).ConfigureAwait(false))
        {
            return (null, MemberChange.AlreadyAMember);
        }

        var membership = new Membership { UserId = userId, GroupId = scope.Group?.Id, ProjectId = scope.Project?.Id, Role = role, CreatedAt = nowUtc };
        db.Memberships.Add(membership);
        Audit.Record(db, nowUtc, actor, "member.added", scope.Kind, scope.Id, $"{user.Username} as {role.ToString().ToLowerInvariant()} on {scope.Path}", address);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            return (null, MemberChange.AlreadyAMember);
        }

        return (membership, MemberChange.Done);
    }

    /// <summary>Changes a role (<paramref name="role"/> set) or removes the membership (null), keeping an owner.</summary>
    public static async Task<(Membership? Membership, MemberChange Outcome)> ChangeAsync(
        PlatformDbContext db, MemberScope scope, long userId, Role? role, Caller actor, DateTime nowUtc, string? address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var membership = await Direct(db, scope).SingleOrDefaultAsync(m => m.UserId == userId, cancellationToken).ConfigureAwait(false);
        if (membership is null)
        {
            return (null, MemberChange.NotAMember);
        }

        if (membership.Role == Role.Owner && role != Role.Owner && !await OtherOwnerExistsAsync(db, scope, membership.Id, cancellationToken).ConfigureAwait(false))
        {
            return (membership, MemberChange.LastOwner);
        }

        var username = await db.Users.Where(u => u.Id == userId).Select(u => u.Username).SingleAsync(cancellationToken).ConfigureAwait(false);
        if (role is { } newRole)
        {
            Audit.Record(db, nowUtc, actor, "member.role_changed", scope.Kind, scope.Id,
                $"{username} from {membership.Role.ToString().ToLowerInvariant()} to {newRole.ToString().ToLowerInvariant()} on {scope.Path}", address);
            membership.Role = newRole;
        }
        else
        {
            Audit.Record(db, nowUtc, actor, "member.removed", scope.Kind, scope.Id, $"{username} ({membership.Role.ToString().ToLowerInvariant()}) from {scope.Path}", address);
            db.Memberships.Remove(membership);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (membership, MemberChange.Done);
    }

    /// <summary>Whether a human other than the holder of <paramref name="exceptMembershipId"/> owns the scope, directly or from a group above.</summary>
    private static async Task<bool> OtherOwnerExistsAsync(PlatformDbContext db, MemberScope scope, long exceptMembershipId, CancellationToken cancellationToken)
    {
        var groups = scope.InheritsFromGroupId is { } parent
            ? await AccessControl.AncestorGroupIdsAsync(db, parent, cancellationToken).ConfigureAwait(false)
            : [];
        var direct = Direct(db, scope);
        var inherited = db.Memberships.Where(m => m.GroupId != null && groups.Contains(m.GroupId.Value));
        return await direct.Concat(inherited)
            .Where(m => m.Id != exceptMembershipId && m.Role == Role.Owner)
            .Join(db.Users.Where(u => !u.IsBot && u.BlockedAt == null), m => m.UserId, u => u.Id, (m, u) => m.Id)
            .AnyAsync(cancellationToken).ConfigureAwait(false);
    }
}

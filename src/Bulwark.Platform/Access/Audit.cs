using Bulwark.Platform.Data;

namespace Bulwark.Platform.Access;

/// <summary>Writes audit events. Callers pass names and ids only: never a password, token or secret.</summary>
public static class Audit
{
    public static void Record(PlatformDbContext db, DateTime nowUtc, Caller? actor, string action, string? targetType = null, long? targetId = null, string? details = null, string? ipAddress = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.AuditEvents.Add(new AuditEvent
        {
            At = nowUtc,
            ActorId = actor?.UserId,
            ActorName = actor?.Username,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Details = details,
            IpAddress = ipAddress,
        });
    }
}

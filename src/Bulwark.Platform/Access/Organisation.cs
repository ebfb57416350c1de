using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Access;

/// <summary>Looks up and creates groups and projects by path; a project's missing groups are made on the way.</summary>
public static class Organisation
{
    public static Task<Project?> FindProjectAsync(PlatformDbContext db, string idOrPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (long.TryParse(idOrPath, out var id))
        {
            return db.Projects.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        }

        // Routing leaves %2F encoded in a segment, so acme%2Fpayments arrives as is.
        var key = PathNames.Key(Uri.UnescapeDataString(idOrPath).Trim('/'));
        return db.Projects.SingleOrDefaultAsync(p => p.PathKey == key, cancellationToken);
    }

    public static Task<Group?> FindGroupAsync(PlatformDbContext db, string idOrPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (long.TryParse(idOrPath, out var id))
        {
            return db.Groups.SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        }

        var key = PathNames.Key(Uri.UnescapeDataString(idOrPath).Trim('/'));
        return db.Groups.SingleOrDefaultAsync(g => g.PathKey == key, cancellationToken);
    }

    /// <summary>
    /// Creates the groups of <paramref name="groupPath"/> that do not exist yet and returns the deepest.
    /// Saved by the caller's SaveChanges (inside its transaction).
    /// </summary>
    public static async Task<Group> EnsureGroupAsync(PlatformDbContext db, string groupPath, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        Group? parent = null;
        var segments = groupPath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var path = string.Join('/', segments[..(i + 1)]);
            var key = PathNames.Key(path);
            var group = await db.Groups.SingleOrDefaultAsync(g => g.PathKey == key, cancellationToken).ConfigureAwait(false);
            if (group is null)
            {
                group = new Group { Path = path, PathKey = key, Name = segments[i], ParentId = parent?.Id, CreatedAt = nowUtc };
                db.Groups.Add(group);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            parent = group;
        }

        return parent!;
    }

    /// <summary>The deepest existing group on the way to <paramref name="path"/>: where rights to create it come from.</summary>
    public static async Task<Group?> NearestExistingGroupAsync(PlatformDbContext db, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var segments = path.Split('/');
        for (var n = segments.Length - 1; n >= 1; n--)
        {
            var key = PathNames.Key(string.Join('/', segments[..n]));
            var group = await db.Groups.SingleOrDefaultAsync(g => g.PathKey == key, cancellationToken).ConfigureAwait(false);
            if (group is not null)
            {
                return group;
            }
        }

        return null;
    }
}

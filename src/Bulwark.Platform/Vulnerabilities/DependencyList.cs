using System.Text.Json;
using Bulwark.Core.Inventory;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Platform.Vulnerabilities;

/// <summary>A project's dependency list: replaced as a whole by each default-branch SBOM or dependency scan.</summary>
public static class DependencyList
{
    private const int ChunkSize = 1000;

    public static async Task ReplaceAsync(PlatformDbContext db, long projectId, long scanId, IAsyncEnumerable<Component> components, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(components);
        await db.Components.Where(c => c.ProjectId == projectId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var pending = 0;
        await foreach (var component in components.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            db.Components.Add(new ProjectComponent
            {
                ProjectId = projectId,
                ScanId = scanId,
                Name = Cut(component.Name, 500),
                NameKey = Cut(component.Name.ToLowerInvariant(), 500),
                Version = component.Version is { } v ? Cut(v, 255) : null,
                Ecosystem = component.Ecosystem,
                Purl = component.Purl,
                Licenses = component.Licenses.Count == 0 ? null : string.Join(" AND ", component.Licenses),
                IsDirect = component.IsDirect,
                IsDevelopment = component.IsDevelopment,
                File = component.SourceFile,
                Paths = component.DependencyPaths.Count == 0 ? null : JsonSerializer.Serialize(component.DependencyPaths.Select(p => p.Steps.ToArray())),
            });
            if (++pending == ChunkSize)
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                pending = 0;
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}

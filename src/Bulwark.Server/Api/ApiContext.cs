using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Bulwark.Server.Security;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Api;

/// <summary>What every endpoint needs: the caller, a database context, the clock.</summary>
public sealed class ApiContext(PlatformDatabase database, TimeProvider clock)
{
    public TimeProvider Clock => clock;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public PlatformDbContext Open() => database.CreateContext();

    public static Caller? CallerOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return CallerClaims.ToCaller(http.User);
    }

    /// <summary>
    /// The project with the caller's role on it; null result when allowed. Projects the caller cannot see
    /// answer 404 (not 403), so their existence does not leak.
    /// </summary>
    public static async Task<(Project? Project, IResult? Denied)> AuthorizeProjectAsync(
        PlatformDbContext db, Caller caller, string idOrPath, Role minimum, bool write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        idOrPath = Uri.UnescapeDataString(idOrPath);
        var project = await Organisation.FindProjectAsync(db, idOrPath, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return (null, ApiProblems.NotFound($"project '{idOrPath}' does not exist or you cannot see it"));
        }

        var role = await AccessControl.ProjectRoleAsync(db, caller, project, cancellationToken).ConfigureAwait(false);
        if (role is null || role < Role.Guest)
        {
            return (null, ApiProblems.NotFound($"project '{idOrPath}' does not exist or you cannot see it"));
        }

        if (role < minimum)
        {
            return (null, ApiProblems.Forbidden($"this needs the {minimum.ToString().ToLowerInvariant()} role or higher on '{project.Path}'; you have {role.Value.ToString().ToLowerInvariant()}"));
        }

        if (write && !caller.CanWrite)
        {
            return (null, ApiProblems.Forbidden("this token is read-only"));
        }

        return (project, null);
    }
}

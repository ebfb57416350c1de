using System.Globalization;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Bulwark.Platform.Triage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Api;

public sealed record TriageStateRequest(string? Comment, string? DismissalReason);

public sealed record SeverityOverrideRequest(string? Severity, string? Reason);

public sealed record CommentRequest(string? Comment);

public sealed record IssueLinkRequest(string? Url, string? Title);

public sealed record BulkStateRequest(long[]? Ids, string? State, string? DismissalReason, string? Comment);

public sealed record BulkSeverityRequest(long[]? Ids, string? Severity, string? Reason);

public sealed record BulkIssueLinkRequest(long[]? Ids, string? Url, string? Title);

/// <summary>
/// Triage, as GitLab's vulnerability API does it: confirm, dismiss, resolve, revert; severity override; comments;
/// issue links; and the bulk forms for a project or a group (all or nothing).
/// </summary>
public static class TriageApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/vulnerabilities/{id:long}/confirm", (long id, TriageStateRequest? request, HttpContext http, ApiContext context, CancellationToken ct) =>
            StateAsync(id, VulnerabilityState.Confirmed, request, http, context, ct)).WithName("ConfirmVulnerability");
        api.MapPost("/vulnerabilities/{id:long}/dismiss", (long id, TriageStateRequest? request, HttpContext http, ApiContext context, CancellationToken ct) =>
            StateAsync(id, VulnerabilityState.Dismissed, request, http, context, ct)).WithName("DismissVulnerability");
        api.MapPost("/vulnerabilities/{id:long}/resolve", (long id, TriageStateRequest? request, HttpContext http, ApiContext context, CancellationToken ct) =>
            StateAsync(id, VulnerabilityState.Resolved, request, http, context, ct)).WithName("ResolveVulnerability");
        api.MapPost("/vulnerabilities/{id:long}/revert", (long id, TriageStateRequest? request, HttpContext http, ApiContext context, CancellationToken ct) =>
            StateAsync(id, VulnerabilityState.Detected, request, http, context, ct)).WithName("RevertVulnerabilityToDetected");
        api.MapPost("/vulnerabilities/{id:long}/severity", SeverityAsync).WithName("OverrideVulnerabilitySeverity");

        api.MapGet("/vulnerabilities/{id:long}/comments", ListCommentsAsync).WithName("ListVulnerabilityComments");
        api.MapPost("/vulnerabilities/{id:long}/comments", AddCommentAsync).WithName("AddVulnerabilityComment");
        api.MapPut("/vulnerabilities/{id:long}/comments/{commentId:long}", EditCommentAsync).WithName("EditVulnerabilityComment");
        api.MapDelete("/vulnerabilities/{id:long}/comments/{commentId:long}", DeleteCommentAsync).WithName("DeleteVulnerabilityComment");

        api.MapGet("/vulnerabilities/{id:long}/issue_links", ListIssueLinksAsync).WithName("ListVulnerabilityIssueLinks");
        api.MapPost("/vulnerabilities/{id:long}/issue_links", AddIssueLinkAsync).WithName("AddVulnerabilityIssueLink");
        api.MapDelete("/vulnerabilities/{id:long}/issue_links/{linkId:long}", RemoveIssueLinkAsync).WithName("RemoveVulnerabilityIssueLink");

        api.MapPost("/projects/{project}/vulnerabilities/bulk/state", (string project, BulkStateRequest? request, HttpContext http, ApiContext context, CancellationToken ct) =>
            BulkStateAsync(Target.Project, project, request, http, context, ct)).WithName("BulkChangeProjectVulnerabilityState");
        api.MapPost("/projects/{project}/vulnerabilities/bulk/severity", (string project, BulkSeverityRequest? request, HttpContext http, ApiContext context, CancellationToken ct) =>
            BulkSeverityAsync(Target.Project, project, request, http, context, ct)).WithName("BulkOverrideProjectVulnerabilitySeverity");
        api.MapPost("/projects/{project}/vulnerabilities/bulk/issue_links", (string project, BulkIssueLinkRequest? request, HttpContext http, ApiContext context, CancellationToken ct) =>
            BulkIssueLinkAsync(Target.Project, project, request, http, context, ct)).WithName("BulkLinkProjectVulnerabilitiesToIssue");
        api.MapPost("/groups/{group}/vulnerabilities/bulk/state", (string group, BulkStateRequest? request, HttpContext http, ApiContext context, CancellationToken ct) =>
            BulkStateAsync(Target.Group, group, request, http, context, ct)).WithName("BulkChangeGroupVulnerabilityState");
        api.MapPost("/groups/{group}/vulnerabilities/bulk/severity", (string group, BulkSeverityRequest? request, HttpContext http, ApiContext context, CancellationToken ct) =>
            BulkSeverityAsync(Target.Group, group, request, http, context, ct)).WithName("BulkOverrideGroupVulnerabilitySeverity");
        api.MapPost("/groups/{group}/vulnerabilities/bulk/issue_links", (string group, BulkIssueLinkRequest? request, HttpContext http, ApiContext context, CancellationToken ct) =>
            BulkIssueLinkAsync(Target.Group, group, request, http, context, ct)).WithName("BulkLinkGroupVulnerabilitiesToIssue");

        // The rest of the triage work: the report as CSV, and the audit log that records every change made here.
        ExportApi.Map(api);
        AuditApi.Map(api);
    }

    private enum Target
    {
        Project,
        Group,
    }

    private static async Task<IResult> StateAsync(long id, VulnerabilityState state, TriageStateRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        if (ParseState(state, request?.DismissalReason, request?.Comment) is not { } change)
        {
            return ApiProblems.BadRequest(StateError(state, request?.DismissalReason, request?.Comment)!);
        }

        return await SingleAsync(id, change, http, api, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> SeverityAsync(long id, SeverityOverrideRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        if (ParseSeverity(request?.Severity, request?.Reason, out var error) is not { } change)
        {
            return ApiProblems.BadRequest(error!);
        }

        return await SingleAsync(id, change, http, api, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As GitLab: the vulnerability after the change, or <c>304 Not Modified</c> when it was already so.</summary>
    private static async Task<IResult> SingleAsync(long id, TriageChange change, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        var result = await VulnerabilityTriage.ApplyAsync(DatabaseOf(http), caller, TriageScope.Anywhere, [id], change, api.Now, IpOf(http), cancellationToken).ConfigureAwait(false);
        if (Refused(result) is { } refused)
        {
            return refused;
        }

        if (result.Changed.Count == 0)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return await VulnerabilityAsync(api, id, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> BulkStateAsync(Target target, string name, BulkStateRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        VulnerabilityState state = default;
        if (request?.State is not { Length: > 0 } stateText
            || !Enum.TryParse(stateText, ignoreCase: true, out state) || int.TryParse(stateText, CultureInfo.InvariantCulture, out _))
        {
            return ApiProblems.BadRequest($"state: '{request?.State}' is not one of detected, confirmed, dismissed, resolved");
        }

        if (ParseState(state, request.DismissalReason, request.Comment) is not { } change)
        {
            return ApiProblems.BadRequest(StateError(state, request.DismissalReason, request.Comment)!);
        }

        return await BulkAsync(target, name, request.Ids, change, http, api, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> BulkSeverityAsync(Target target, string name, BulkSeverityRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        if (ParseSeverity(request?.Severity, request?.Reason, out var error) is not { } change)
        {
            return ApiProblems.BadRequest(error!);
        }

        return await BulkAsync(target, name, request?.Ids, change, http, api, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> BulkIssueLinkAsync(Target target, string name, BulkIssueLinkRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        if (ParseIssueLink(request?.Url, request?.Title, out var error) is not { } change)
        {
            return ApiProblems.BadRequest(error!);
        }

        return await BulkAsync(target, name, request?.Ids, change, http, api, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Up to 1,000 ids of one project or group in one transaction: all are changed, or none and the answer names the ids that stopped it.</summary>
    private static async Task<IResult> BulkAsync(Target target, string name, long[]? ids, TriageChange change, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        if (ids is null || ids.Length == 0 || ids.Distinct().Count() > TriageChange.MaxIds)
        {
            return ApiProblems.BadRequest($"ids: give between 1 and {TriageChange.MaxIds} vulnerability ids");
        }

        var caller = ApiContext.CallerOf(http)!;
        IReadOnlySet<long> projects;
        await using (var db = api.Open())
        {
            if (target == Target.Project)
            {
                var (project, denied) = await ApiContext.AuthorizeProjectAsync(db, caller, name, Role.Reporter, write: false, cancellationToken).ConfigureAwait(false);
                if (denied is not null)
                {
                    return denied;
                }

                projects = new HashSet<long> { project!.Id };
            }
            else
            {
                var group = await Organisation.FindGroupAsync(db, Uri.UnescapeDataString(name), cancellationToken).ConfigureAwait(false);
                if (group is null)
                {
                    return ApiProblems.NotFound($"group '{Uri.UnescapeDataString(name)}' does not exist or you cannot see it");
                }

                var groups = await AccessControl.DescendantGroupIdsAsync(db, group.Id, cancellationToken).ConfigureAwait(false);
                projects = (await db.Projects.Where(p => groups.Contains(p.GroupId)).Select(p => p.Id).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
            }
        }

        var result = await VulnerabilityTriage.ApplyAsync(DatabaseOf(http), caller, new TriageScope(projects), ids, change, api.Now, IpOf(http), cancellationToken).ConfigureAwait(false);
        return Refused(result) ?? Results.Ok(new { changed = result.Changed, unchanged = result.Unchanged });
    }

    private static async Task<IResult> ListCommentsAsync(long id, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        await using var db = api.Open();
        if (await ReadableAsync(db, id, http, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var comments = await db.Activities.AsNoTracking().Where(a => a.VulnerabilityId == id && a.Kind == ActivityKind.Commented)
            .OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { items = comments.Select(Comment) });
    }

    private static async Task<IResult> AddCommentAsync(long id, CommentRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        if (CommentError(request?.Comment) is { } error)
        {
            return ApiProblems.BadRequest(error);
        }

        var result = await VulnerabilityTriage.AddCommentAsync(DatabaseOf(http), ApiContext.CallerOf(http)!, id, request!.Comment!.Trim(), api.Now, IpOf(http), cancellationToken).ConfigureAwait(false);
        if (Refused(result) is { } refused)
        {
            return refused;
        }

        await using var db = api.Open();
        var comment = await db.Activities.AsNoTracking().SingleAsync(a => a.Id == result.CreatedId, cancellationToken).ConfigureAwait(false);
        return Results.Created($"/api/v1/vulnerabilities/{id}/comments/{comment.Id}", Comment(comment));
    }

    private static async Task<IResult> EditCommentAsync(long id, long commentId, CommentRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        if (CommentError(request?.Comment) is { } error)
        {
            return ApiProblems.BadRequest(error);
        }

        var result = await VulnerabilityTriage.EditCommentAsync(DatabaseOf(http), ApiContext.CallerOf(http)!, id, commentId, request!.Comment!.Trim(), api.Now, IpOf(http), cancellationToken).ConfigureAwait(false);
        if (Refused(result) is { } refused)
        {
            return refused;
        }

        await using var db = api.Open();
        var comment = await db.Activities.AsNoTracking().SingleAsync(a => a.Id == commentId, cancellationToken).ConfigureAwait(false);
        return Results.Ok(Comment(comment));
    }

    private static async Task<IResult> DeleteCommentAsync(long id, long commentId, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var result = await VulnerabilityTriage.DeleteCommentAsync(DatabaseOf(http), ApiContext.CallerOf(http)!, id, commentId, api.Now, IpOf(http), cancellationToken).ConfigureAwait(false);
        return Refused(result) ?? Results.NoContent();
    }

    private static async Task<IResult> ListIssueLinksAsync(long id, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        await using var db = api.Open();
        if (await ReadableAsync(db, id, http, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var links = await db.IssueLinks.AsNoTracking().Where(l => l.VulnerabilityId == id).OrderBy(l => l.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { items = links.Select(IssueLink) });
    }

    private static async Task<IResult> AddIssueLinkAsync(long id, IssueLinkRequest? request, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        if (ParseIssueLink(request?.Url, request?.Title, out var error) is not { } change)
        {
            return ApiProblems.BadRequest(error!);
        }

        var result = await VulnerabilityTriage.ApplyAsync(DatabaseOf(http), ApiContext.CallerOf(http)!, TriageScope.Anywhere, [id], change, api.Now, IpOf(http), cancellationToken).ConfigureAwait(false);
        if (Refused(result) is { } refused)
        {
            return refused;
        }

        await using var db = api.Open();
        var link = await db.IssueLinks.AsNoTracking().SingleAsync(l => l.VulnerabilityId == id && l.Url == change.Url, cancellationToken).ConfigureAwait(false);
        return result.Changed.Count == 0
            ? ApiProblems.Conflict($"vulnerability {id} is already linked to {change.Url} (issue link {link.Id})")
            : Results.Created($"/api/v1/vulnerabilities/{id}/issue_links/{link.Id}", IssueLink(link));
    }

    private static async Task<IResult> RemoveIssueLinkAsync(long id, long linkId, HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var result = await VulnerabilityTriage.UnlinkIssueAsync(DatabaseOf(http), ApiContext.CallerOf(http)!, id, linkId, api.Now, IpOf(http), cancellationToken).ConfigureAwait(false);
        return Refused(result) ?? Results.NoContent();
    }

    /// <summary>Reporter or higher reads a vulnerability's comments and links, as it reads the vulnerability.</summary>
    private static async Task<IResult?> ReadableAsync(PlatformDbContext db, long id, HttpContext http, CancellationToken cancellationToken)
    {
        var projectId = await db.Vulnerabilities.Where(v => v.Id == id).Select(v => (long?)v.ProjectId).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var notFound = ApiProblems.NotFound($"vulnerability {id} does not exist or you cannot see it");
        if (projectId is null)
        {
            return notFound;
        }

        var (_, denied) = await ApiContext.AuthorizeProjectAsync(db, ApiContext.CallerOf(http)!, projectId.Value.ToString(CultureInfo.InvariantCulture), Role.Reporter, write: false, cancellationToken).ConfigureAwait(false);
        return denied is IStatusCodeHttpResult { StatusCode: 404 } ? notFound : denied;
    }

    private static async Task<IResult> VulnerabilityAsync(ApiContext api, long id, CancellationToken cancellationToken)
    {
        await using var db = api.Open();
        var vulnerability = await db.Vulnerabilities.AsNoTracking().SingleAsync(v => v.Id == id, cancellationToken).ConfigureAwait(false);
        var path = await db.Projects.Where(p => p.Id == vulnerability.ProjectId).Select(p => p.Path).SingleAsync(cancellationToken).ConfigureAwait(false);
        var summary = VulnerabilityView.Summary(vulnerability, path);
        summary["scanner_severity"] = WireNames.Severity(vulnerability.ScannerSeverity);
        return Results.Ok(summary);
    }

    private static IResult? Refused(TriageResult result) => result.Status switch
    {
        TriageStatus.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", result),
        TriageStatus.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", result),
        _ => null,
    };

    /// <summary>Problem details with the ids that caused the refusal, so a script can drop them and retry.</summary>
    private static IResult Problem(int status, string title, TriageResult result) =>
        Results.Problem(detail: result.Message, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["ids"] = result.Offending });

    private static StateChange? ParseState(VulnerabilityState state, string? reasonText, string? comment)
    {
        if (StateError(state, reasonText, comment) is not null)
        {
            return null;
        }

        DismissalReason? reason = state == VulnerabilityState.Dismissed && WireNames.TryParseReason(reasonText!, out var parsed) ? parsed : null;
        return new StateChange(state, reason, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim());
    }

    private static string? StateError(VulnerabilityState state, string? reasonText, string? comment)
    {
        if (comment is { Length: > TriageChange.MaxCommentLength })
        {
            return $"comment: longer than {TriageChange.MaxCommentLength} characters";
        }

        if (state != VulnerabilityState.Dismissed)
        {
            return reasonText is { Length: > 0 } ? "dismissal_reason: only a dismissal takes a reason" : null;
        }

        if (string.IsNullOrWhiteSpace(reasonText) || !WireNames.TryParseReason(reasonText, out _))
        {
            return $"dismissal_reason: '{reasonText}' is not one of acceptable_risk, false_positive, mitigating_control, used_in_tests, not_applicable";
        }

        // GitLab asks for a comment when dismissing: the next reader needs to know why.
        return string.IsNullOrWhiteSpace(comment) ? "comment: a dismissal needs a comment saying why" : null;
    }

    private static SeverityOverride? ParseSeverity(string? severityText, string? reason, out string? error)
    {
        error = null;
        if (severityText is null || !WireNames.TryParseSeverity(severityText, out var severity))
        {
            error = $"severity: '{severityText}' is not one of critical, high, medium, low, info, unknown";
            return null;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            error = "reason: overriding a severity needs a reason";
            return null;
        }

        if (reason.Length > TriageChange.MaxReasonLength)
        {
            error = $"reason: longer than {TriageChange.MaxReasonLength} characters";
            return null;
        }

        return new SeverityOverride(severity, reason.Trim());
    }

    private static IssueLinkAddition? ParseIssueLink(string? url, string? title, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            error = $"url: '{url}' is not an absolute http or https URL of at most 2048 characters";
            return null;
        }

        if (title is { Length: > 255 })
        {
            error = "title: longer than 255 characters";
            return null;
        }

        return new IssueLinkAddition(url.Trim(), string.IsNullOrWhiteSpace(title) ? null : title.Trim());
    }

    private static string? CommentError(string? comment) =>
        string.IsNullOrWhiteSpace(comment) ? "comment: empty"
        : comment.Length > TriageChange.MaxCommentLength ? $"comment: longer than {TriageChange.MaxCommentLength} characters"
        : null;

    private static Dictionary<string, object?> Comment(VulnerabilityActivity a) => new()
    {
        ["id"] = a.Id,
        ["vulnerability_id"] = a.VulnerabilityId,
        ["author"] = a.ActorName,
        ["author_id"] = a.ActorId,
        ["comment"] = a.Comment,
        ["created_at"] = a.At,
    };

    private static Dictionary<string, object?> IssueLink(IssueLink l) => new()
    {
        ["id"] = l.Id,
        ["vulnerability_id"] = l.VulnerabilityId,
        ["url"] = l.Url,
        ["title"] = l.Title,
        ["created_by_id"] = l.CreatedById,
        ["created_at"] = l.CreatedAt,
    };

    private static string? IpOf(HttpContext http) => UsersApi.Address(http);

    private static PlatformDatabase DatabaseOf(HttpContext http) => http.RequestServices.GetRequiredService<PlatformDatabase>();
}

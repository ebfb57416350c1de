using System.Globalization;
using System.Text;
using System.Text.Json;
using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Api;

/// <summary>The audit log for instance administrators: newest first, filtered, with keyset pagination.</summary>
public static class AuditApi
{
    public const int MaxPageSize = 500;

    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/audit_events", ListAsync).WithName("ListAuditEvents");
    }

    private static async Task<IResult> ListAsync(HttpContext http, ApiContext api, CancellationToken cancellationToken)
    {
        var caller = ApiContext.CallerOf(http)!;
        if (!caller.IsAdmin)
        {
            return ApiProblems.Forbidden("the audit log is for instance administrators");
        }

        var query = http.Request.Query;
        await using var db = api.Open();
        IQueryable<AuditEvent> events = db.AuditEvents.AsNoTracking();

        var actions = Values(query, "action");
        if (actions.Count > 0)
        {
            // "vulnerability.*" selects a family of actions; anything else is an exact action name.
            var exact = actions.Where(a => !a.EndsWith('*')).ToList();
            var prefixes = actions.Where(a => a.EndsWith('*')).Select(a => a.TrimEnd('*')).ToList();
            var byAction = events.Where(e => exact.Contains(e.Action));
            foreach (var prefix in prefixes)
            {
                byAction = byAction.Union(events.Where(e => e.Action.StartsWith(prefix)));
            }

            events = byAction;
        }

        if (query["actor"].ToString() is { Length: > 0 } actor)
        {
            events = long.TryParse(actor, CultureInfo.InvariantCulture, out var actorId)
                ? events.Where(e => e.ActorId == actorId)
                : events.Where(e => e.ActorName == actor);
        }

        if (query["target_type"].ToString() is { Length: > 0 } targetType)
        {
            events = events.Where(e => e.TargetType == targetType);
        }

        if (query["target_id"].ToString() is { Length: > 0 } targetText)
        {
            if (!long.TryParse(targetText, CultureInfo.InvariantCulture, out var targetId))
            {
                return ApiProblems.BadRequest($"target_id: '{targetText}' is not a number");
            }

            events = events.Where(e => e.TargetId == targetId);
        }

        foreach (var (name, after) in new[] { ("since", true), ("until", false) })
        {
            if (query[name].ToString() is not { Length: > 0 } text)
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ApiProblems.BadRequest($"{name}: '{text}' is not a date (use ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00:00Z)");
            }

            var time = parsed.UtcDateTime;
            events = after ? events.Where(e => e.At >= time) : events.Where(e => e.At < time);
        }

        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, MaxPageSize) : 100;
        if (query["cursor"].ToString() is { Length: > 0 } cursor)
        {
            if (ParseCursor(cursor) is not { } before)
            {
                return ApiProblems.BadRequest("cursor: not a cursor this endpoint gave");
            }

            events = events.Where(e => e.Id < before);
        }

        // Ids grow with time, so the id alone is the key: newest first, and a page costs the same anywhere in the log.
        var page = await events.OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            next = FormatCursor(page[^1].Id);
        }

        return Results.Ok(new { items = page.Select(View), next });
    }

    private static Dictionary<string, object?> View(AuditEvent e) => new()
    {
        ["id"] = e.Id,
        ["at"] = e.At,
        ["action"] = e.Action,
        ["actor"] = e.ActorId is null ? null : new Dictionary<string, object?> { ["id"] = e.ActorId, ["username"] = e.ActorName },
        ["target_type"] = e.TargetType,
        ["target_id"] = e.TargetId,
        ["details"] = DetailsOf(e.Details),
        ["ip_address"] = e.IpAddress,
    };

    /// <summary>Details written as JSON come back as JSON; older free-text details as text.</summary>
    private static object? DetailsOf(string? details)
    {
        if (details is null || !details.StartsWith('{'))
        {
            return details;
        }

        try
        {
            using var document = JsonDocument.Parse(details);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return details;
        }
    }

    private static List<string> Values(IQueryCollection query, string name) =>
        query[name].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private static string FormatCursor(long id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("a|" + id.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static long? ParseCursor(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("a|", StringComparison.Ordinal) && long.TryParse(text[2..], CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

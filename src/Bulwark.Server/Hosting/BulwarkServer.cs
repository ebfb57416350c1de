using System.Text.Json;
using Bulwark.Platform.Data;
using Bulwark.Platform.Ingestion;
using Bulwark.Server.Api;
using Bulwark.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Hosting;

/// <summary>
/// Builds the server. Nothing that matters lives in process memory: every instance on one PostgreSQL
/// database serves any request, so instances can sit behind a load balancer without sticky sessions.
/// </summary>
public static class BulwarkServer
{
    public static PlatformDatabase DatabaseFor(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Database)
            ? PlatformDatabase.Sqlite(options.DataDirectory)
            : PlatformDatabase.Postgres(options.Database);
    }

    public static WebApplication Build(ServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Bulwark.Server", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // The report endpoint sets its own, larger limit; everything else stays small.
            k.Limits.MaxRequestBodySize = options.MaxReportBytes;
            k.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }

        var database = DatabaseFor(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<ApiContext>();
        builder.Services.AddSingleton<ReportIngestor>();
        builder.Services.AddSingleton(options.Ingestion);
        builder.Services.AddSingleton<IngestionQueue>();
        builder.Services.AddSingleton<IngestionJobRunner>();
        builder.Services.AddSingleton<IngestionWorker>();
        builder.Services.AddHostedService(s => s.GetRequiredService<IngestionWorker>());
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        ServerAuthentication.AddServices(builder.Services, database);

        var forwarded = ProxyTrust.OptionsFor(options.TrustedProxies);
        var app = builder.Build();
        if (forwarded is not null)
        {
            // First, so everything after it (throttling, audit, cookies) sees the client, not the balancer.
            app.UseForwardedHeaders(forwarded);
        }

        app.Use(async (http, next) =>
        {
            await next(http).ConfigureAwait(false);
            http.RequestServices.GetRequiredService<ServerMetrics>().Request(http.Response.StatusCode);
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.Use(Csrf.Middleware);
        app.UseAuthorization();

        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).AllowAnonymous();
        app.MapGet("/health/ready", async (PlatformDatabase db, CancellationToken ct) =>
        {
            await using var context = db.CreateContext();
            try
            {
                var pending = await context.Database.GetPendingMigrationsAsync(ct).ConfigureAwait(false);
                return pending.Any()
                    ? Results.Json(new { status = "migrations pending" }, statusCode: StatusCodes.Status503ServiceUnavailable)
                    : Results.Ok(new { status = "ready", database = db.Description });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Results.Json(new { status = "database unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous();
        app.MapGet("/metrics", (ServerMetrics metrics) => Results.Text(metrics.Render(), "text/plain; version=0.0.4")).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();

        var api = app.MapGroup("/api/v1").RequireAuthorization();
        ProjectsApi.Map(api);
        PipelinesApi.Map(api);
        ReportsApi.Map(api);
        IngestionJobsApi.Map(api);
        VulnerabilitiesApi.Map(api);
        BranchFindingsApi.Map(api);
        DashboardApi.Map(api);
        TriageApi.Map(api);
        DependenciesApi.Map(api);
        SessionApi.Map(api);
        UsersApi.Map(api);
        TokensApi.Map(api);
        MembersApi.Map(api);
        GroupsApi.Map(api);
        return app;
    }

    /// <summary>Applies pending migrations; run at start and by <c>bulwark server migrate</c>.</summary>
    public static Task MigrateAsync(ServerOptions options, CancellationToken cancellationToken = default) =>
        DatabaseFor(options).MigrateAsync(cancellationToken);

    /// <summary>Starts a built server: the shared Data Protection key first, then Kestrel.</summary>
    public static async Task StartAsync(WebApplication app, ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await ServerAuthentication.EnsureKeyAsync(app, DatabaseFor(options), cancellationToken).ConfigureAwait(false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private static int StatusFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        JsonException => StatusCodes.Status400BadRequest,
        DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };
}

namespace Bulwark.Server.Hosting;

/// <summary>How a server instance runs: where it listens and where its data lives.</summary>
public sealed record ServerOptions
{
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Directory of the embedded SQLite database and of spooled uploads.</summary>
    public string DataDirectory { get; init; } = "bulwark-data";

    /// <summary>A PostgreSQL connection string; when set, SQLite is not used.</summary>
    public string? Database { get; init; }

    /// <summary>Uploads above this size are refused with 413 before they are read.</summary>
    public long MaxReportBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Failed sign-ins per user name in <see cref="SignInWindow"/> before sign-in is refused (429) until it ends.</summary>
    public int SignInAttemptsPerWindow { get; init; } = 10;

    /// <summary>How this instance shares ingestion work with the others on the database (lease, polling).</summary>
    public Bulwark.Platform.Ingestion.IngestionQueueOptions Ingestion { get; init; } = new();

    /// <summary>Failed sign-ins per client address (any user names) in <see cref="SignInWindow"/>.</summary>
    public int SignInAttemptsPerAddress { get; init; } = 100;

    public TimeSpan SignInWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The load balancers and reverse proxies in front of this instance, as addresses (<c>10.0.0.5</c>) or networks
    /// (<c>10.0.0.0/8</c>). Only a request arriving from one of them has its <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> believed; empty (the default), the headers are ignored, since any client can send them.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];
}

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Bulwark.Platform.Data;

/// <summary>
/// The platform's database. One model for both providers; each provider has its own derived context
/// (<see cref="SqlitePlatformDbContext"/>, <see cref="PostgresPlatformDbContext"/>) so that each owns a
/// migration history generated for its SQL dialect.
/// </summary>
public abstract class PlatformDbContext : DbContext, IDataProtectionKeyContext
{
    protected PlatformDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Group> Groups => Set<Group>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();

    /// <summary>ASP.NET Core Data Protection keys: shared by all instances, so a cookie minted by one is read by another.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Pipeline> Pipelines => Set<Pipeline>();

    public DbSet<Scan> Scans => Set<Scan>();

    public DbSet<Vulnerability> Vulnerabilities => Set<Vulnerability>();

    public DbSet<VulnerabilityIdentifier> VulnerabilityIdentifiers => Set<VulnerabilityIdentifier>();

    public DbSet<Finding> Findings => Set<Finding>();

    public DbSet<VulnerabilityActivity> Activities => Set<VulnerabilityActivity>();

    public DbSet<IssueLink> IssueLinks => Set<IssueLink>();

    public DbSet<DailyVulnerabilityCount> DailyCounts => Set<DailyVulnerabilityCount>();

    public DbSet<ProjectComponent> Components => Set<ProjectComponent>();

    public DbSet<IngestionJob> IngestionJobs => Set<IngestionJob>();

    public DbSet<ReportBlob> ReportBlobs => Set<ReportBlob>();

    /// <summary>True when this context talks to PostgreSQL (row locks, <c>SKIP LOCKED</c> and friends).</summary>
    public abstract bool IsPostgres { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<Group>(e =>
        {
            e.ToTable("groups");
            e.HasIndex(x => x.PathKey).IsUnique();
            e.HasIndex(x => x.ParentId);
            e.Property(x => x.Path).HasMaxLength(255);
            e.Property(x => x.PathKey).HasMaxLength(255);
            e.Property(x => x.Name).HasMaxLength(255);
            e.HasOne<Group>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Project>(e =>
        {
            e.ToTable("projects");
            e.HasIndex(x => x.PathKey).IsUnique();
            e.HasIndex(x => x.GroupId);
            e.Property(x => x.Path).HasMaxLength(255);
            e.Property(x => x.PathKey).HasMaxLength(255);
            e.Property(x => x.Name).HasMaxLength(255);
            e.Property(x => x.DefaultBranch).HasMaxLength(255);
            e.HasOne<Group>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users");
            e.HasIndex(x => x.UsernameKey).IsUnique();
            e.Property(x => x.Username).HasMaxLength(255);
            e.Property(x => x.UsernameKey).HasMaxLength(255);
            e.Property(x => x.SecurityStamp).HasMaxLength(64);
        });

        modelBuilder.Entity<Membership>(e =>
        {
            e.ToTable("memberships");
            e.HasIndex(x => new { x.UserId, x.GroupId, x.ProjectId }).IsUnique();
            e.HasIndex(x => x.GroupId);
            e.HasIndex(x => x.ProjectId);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Group>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AccessToken>(e =>
        {
            e.ToTable("access_tokens");
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.UserId);
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.Property(x => x.Prefix).HasMaxLength(16);
            e.Property(x => x.Name).HasMaxLength(255);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuditEvent>(e =>
        {
            e.ToTable("audit_events");
            e.HasIndex(x => x.At);
            e.HasIndex(x => x.Action);
            e.Property(x => x.Action).HasMaxLength(100);
        });

        modelBuilder.Entity<SignInThrottle>(e =>
        {
            e.ToTable("sign_in_throttles");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(300);
        });

        modelBuilder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));

        modelBuilder.Entity<Pipeline>(e =>
        {
            e.ToTable("pipelines");
            e.HasIndex(x => new { x.ProjectId, x.ExternalId }).IsUnique();
            e.HasIndex(x => new { x.ProjectId, x.Ref, x.CreatedAt });
            e.Property(x => x.Ref).HasMaxLength(255);
            e.Property(x => x.CommitSha).HasMaxLength(64);
            e.Property(x => x.Source).HasMaxLength(64);
            e.Property(x => x.ExternalId).HasMaxLength(255);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Scan>(e =>
        {
            e.ToTable("scans");
            e.HasIndex(x => new { x.PipelineId, x.ContentKey }).IsUnique();
            e.HasIndex(x => new { x.ProjectId, x.ReportType, x.ScannerId, x.CreatedAt });
            e.Property(x => x.ReportType).HasMaxLength(64);
            e.Property(x => x.ScannerId).HasMaxLength(255);
            e.Property(x => x.ScannerName).HasMaxLength(255);
            e.Property(x => x.ContentKey).HasMaxLength(80);
            e.HasOne<Pipeline>().WithMany().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Vulnerability>(e =>
        {
            e.ToTable("vulnerabilities");
            e.HasIndex(x => x.Uuid).IsUnique();
            // The list's default order (severity, then newest) and its most common filters.
            e.HasIndex(x => new { x.ProjectId, x.Severity, x.Id });
            // Also the dashboard's: grades (open by severity), ages (open by detection time) and time to remediate
            // (resolved by resolution time) are index-only scans of it, whatever the number of projects.
            e.HasIndex(x => new { x.ProjectId, x.State, x.Severity, x.DetectedAt, x.ResolvedAt });
            e.HasIndex(x => new { x.ProjectId, x.ReportType, x.ScannerId });
            // Group and instance lists span hundreds of projects: the per-project indexes cannot give one order
            // across them, so the first page sorted every match (330 ms for the instance's criticals in 1,000,000).
            // Walking these in sort order and filtering by project stops after the page (bench/README.md).
            e.HasIndex(x => new { x.Severity, x.Id });
            e.HasIndex(x => new { x.DetectedAt, x.Id });
            e.Property(x => x.ReportType).HasMaxLength(64);
            e.Property(x => x.ScannerId).HasMaxLength(255);
            e.Property(x => x.ScannerName).HasMaxLength(255);
            e.Property(x => x.Title).HasMaxLength(255);
            e.Property(x => x.PrimaryIdentifier).HasMaxLength(600);
            e.Property(x => x.LocationFingerprint).HasMaxLength(64);
            e.Property(x => x.LocationTarget).HasMaxLength(1024);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<VulnerabilityIdentifier>(e =>
        {
            e.ToTable("vulnerability_identifiers");
            e.HasIndex(x => x.Key);
            e.HasIndex(x => x.VulnerabilityId);
            e.Property(x => x.Type).HasMaxLength(100);
            e.Property(x => x.Value).HasMaxLength(500);
            e.Property(x => x.Key).HasMaxLength(600);
            e.HasOne<Vulnerability>().WithMany().HasForeignKey(x => x.VulnerabilityId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Finding>(e =>
        {
            e.ToTable("findings");
            e.HasIndex(x => new { x.ScanId, x.Uuid }).IsUnique();
            e.HasIndex(x => x.VulnerabilityId);
            e.HasIndex(x => new { x.ProjectId, x.Ref, x.Uuid });
            e.Property(x => x.Ref).HasMaxLength(255);
            e.Property(x => x.ReportType).HasMaxLength(64);
            e.Property(x => x.Title).HasMaxLength(255);
            e.Property(x => x.PrimaryIdentifier).HasMaxLength(600);
            e.Property(x => x.LocationFingerprint).HasMaxLength(64);
            e.HasOne<Scan>().WithMany().HasForeignKey(x => x.ScanId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Vulnerability>().WithMany().HasForeignKey(x => x.VulnerabilityId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<VulnerabilityActivity>(e =>
        {
            e.ToTable("vulnerability_activities");
            e.HasIndex(x => new { x.VulnerabilityId, x.At });
            e.HasOne<Vulnerability>().WithMany().HasForeignKey(x => x.VulnerabilityId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IssueLink>(e =>
        {
            e.ToTable("issue_links");
            e.HasIndex(x => new { x.VulnerabilityId, x.Url }).IsUnique();
            e.Property(x => x.Url).HasMaxLength(2048);
            e.HasOne<Vulnerability>().WithMany().HasForeignKey(x => x.VulnerabilityId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DailyVulnerabilityCount>(e =>
        {
            e.ToTable("daily_vulnerability_counts");
            e.HasKey(x => new { x.ProjectId, x.Day });
            e.Property(x => x.Day).HasMaxLength(10);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ProjectComponent>(e =>
        {
            e.ToTable("project_components");
            e.HasIndex(x => x.ProjectId);
            e.HasIndex(x => x.NameKey);
            e.Property(x => x.Name).HasMaxLength(500);
            e.Property(x => x.NameKey).HasMaxLength(500);
            e.Property(x => x.Version).HasMaxLength(255);
            e.Property(x => x.Ecosystem).HasMaxLength(64);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Scan>().WithMany().HasForeignKey(x => x.ScanId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IngestionJob>(e =>
        {
            e.ToTable("ingestion_jobs");
            // What the workers ask for: queued jobs and running ones whose lease ran out.
            e.HasIndex(x => new { x.Status, x.LeaseExpiresAt });
            e.Property(x => x.FileName).HasMaxLength(255);
            e.Property(x => x.LeaseOwner).HasMaxLength(200);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pipeline>().WithMany().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ReportBlob>(e =>
        {
            e.ToTable("report_blobs");
            e.HasKey(x => new { x.JobId, x.Seq });
            e.HasOne<IngestionJob>().WithMany().HasForeignKey(x => x.JobId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

public sealed class SqlitePlatformDbContext(DbContextOptions<SqlitePlatformDbContext> options) : PlatformDbContext(options)
{
    public override bool IsPostgres => false;

    /// <summary>
    /// Every time the platform stores is UTC, but SQLite keeps text without a zone and reads it back as
    /// <see cref="DateTimeKind.Unspecified"/>, which the API would then write without its <c>Z</c>: clients would
    /// take it for local time. PostgreSQL's timestamptz already reads back as UTC.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

public sealed class PostgresPlatformDbContext(DbContextOptions<PostgresPlatformDbContext> options) : PlatformDbContext(options)
{
    public override bool IsPostgres => true;
}

namespace Bulwark.Platform.Data;

/// <summary>A group of projects; groups nest, and a role granted on a group holds for everything below it.</summary>
public sealed class Group
{
    public long Id { get; set; }

    public long? ParentId { get; set; }

    /// <summary>The full path (<c>acme/platform</c>); unique, compared case-insensitively through <see cref="PathKey"/>.</summary>
    public required string Path { get; set; }

    /// <summary><see cref="Path"/> lower-cased: the unique key, so <c>Acme</c> and <c>acme</c> are one group.</summary>
    public required string PathKey { get; set; }

    public required string Name { get; set; }

    public DateTime CreatedAt { get; set; }
}

public sealed class Project
{
    public long Id { get; set; }

    public long GroupId { get; set; }

    /// <summary>The full path (<c>acme/payments</c>).</summary>
    public required string Path { get; set; }

    public required string PathKey { get; set; }

    public required string Name { get; set; }

    public string DefaultBranch { get; set; } = "main";

    public DateTime CreatedAt { get; set; }
}

using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Tests.Sources;

public sealed class StagedChangesSourceTests : IDisposable
{
    private readonly GitRepo _repo = new();

    public StagedChangesSourceTests()
    {
        _repo.Write("settings.py", "DEBUG = False\nNAME = 'svc'\n");
        _repo.Commit("Initial");
    }

    public void Dispose() => _repo.Dispose();

    private SourceScan Scan() => new StagedChangesSource(_repo.Root).Scan(SourceRules.Scanner());

    [Fact]
    public void A_staged_secret_is_found_at_its_line_in_the_staged_file()
    {
        _repo.Write("settings.py", $"DEBUG = False\nTOKEN = '{SourceRules.Secret1}'\nNAME = 'svc'\n");
        _repo.Git("add", "settings.py");

        var leak = Assert.Single(Scan().Leaks);

        Assert.Equal(("settings.py", 2, 10), (leak.File, leak.StartLine, leak.StartColumn));
        Assert.Equal(Commit.WorkingTreeSha, leak.Commit.Sha);
        Assert.Equal("settings.py:test-token:2", leak.Fingerprint);
    }

    [Fact]
    public void Unstaged_changes_and_already_committed_secrets_are_not_reported()
    {
        _repo.Write("old.txt", $"committed {SourceRules.Secret2}\n");
        _repo.Commit("Old secret");
        _repo.Write("wip.txt", $"not staged {SourceRules.Secret1}\n");
        _repo.Write("settings.py", "DEBUG = True\nNAME = 'svc'\n");
        _repo.Git("add", "settings.py");

        var scan = Scan();

        Assert.Empty(scan.Leaks);
        Assert.Equal(1, scan.Statistics.AddedLines);
    }

    [Fact]
    public void A_line_marked_allowed_inline_is_not_reported()
    {
        _repo.Write("test_fixture.py", $"TOKEN = '{SourceRules.Secret1}'  # gitleaks:allow\nOTHER = '{SourceRules.Secret2}'  # bulwark:allow\n");
        _repo.Git("add", "test_fixture.py");

        Assert.Empty(Scan().Leaks);
    }

    [Fact]
    public void Staging_in_a_repository_without_commits_works()
    {
        using var fresh = new GitRepo();
        fresh.Write("a.txt", $"x {SourceRules.Secret3}\n");
        fresh.Git("add", "a.txt");

        var leak = Assert.Single(new StagedChangesSource(fresh.Root).Scan(SourceRules.Scanner()).Leaks);

        Assert.Equal("a.txt", leak.File);
    }
}

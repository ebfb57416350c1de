using System.Text.Json;
using Bulwark.Core.Tests.Reports;
using Microsoft.VisualBasic.FileIO;

namespace Bulwark.Cli.Tests;

/// <summary>
/// A monorepo of four real projects' lockfiles (copied byte for byte from the corpus) and an advisory database of
/// real OSV records, made once for the <c>bulwark deps</c> tests.
/// </summary>
public sealed class DepsMonorepo : IDisposable
{
    private static readonly string Corpus = Path.Combine(SchemaValidator.RepositoryRoot, "tests", "Bulwark.Analyzers.Dependencies.Tests", "testdata", "corpus");
    private static readonly string Advisories = Path.Combine(SchemaValidator.RepositoryRoot, "tests", "Bulwark.Advisories.Tests", "testdata", "fixtures");
    private readonly TempTree _tree = new();
    private readonly TempTree _work = new();

    public DepsMonorepo()
    {
        Copy("npm/json-server-lockv1", "web");        // package-lock.json v1: nested dependencies, requires
        Copy("pnpm/json-server", "site");             // pnpm-lock.yaml 9.0: importers + snapshots
        Copy("cargo/ripgrep", "tools");               // Cargo.lock v4, workspace crates, two versions of syn
        Copy("poetry/poetry", "py");                  // poetry.lock 2.1 + pyproject.toml groups
        var import = BulwarkProcess.Run(_work.Root, "db", "import", Advisories, "--db", Database);
        Assert.True(import.ExitCode == 0, import.All);
        Directory.CreateDirectory(EmptyCache);
    }

    public string Root => _tree.Root;

    public string Work => _work.Root;

    public string Database => _work.Path("osv.db");

    /// <summary>An XDG cache directory with no advisory database in it, so "no database" does not depend on the machine.</summary>
    public string EmptyCache => _work.Path("empty-cache");

    private void Copy(string project, string into)
    {
        var source = Path.Combine(Corpus, project);
        foreach (var file in Directory.EnumerateFiles(source, "*", System.IO.SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            _tree.Bytes(Path.Combine(into, relative), File.ReadAllBytes(file));
        }
    }

    public void Dispose()
    {
        _tree.Dispose();
        _work.Dispose();
    }
}

/// <summary><c>bulwark deps list</c> and <c>bulwark deps why</c>, run as a user would, on real lockfiles.</summary>
public sealed class DepsCommandTests(DepsMonorepo repo) : IClassFixture<DepsMonorepo>
{
    private BulwarkProcess.Outcome Deps(params string[] args) =>
        BulwarkProcess.RunWithEnvironment(repo.Work, new Dictionary<string, string> { ["XDG_CACHE_HOME"] = repo.EmptyCache }, ["deps", .. args]);

    private static List<JsonElement> Rows(BulwarkProcess.Outcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, outcome.All);
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        Assert.Equal(1, document.RootElement.GetProperty("schemaVersion").GetInt32());
        return [.. document.RootElement.GetProperty("components").EnumerateArray().Select(e => e.Clone())];
    }

    private static JsonElement Row(IEnumerable<JsonElement> rows, string lockfile, string name, string version) =>
        Assert.Single(rows, r => r.GetProperty("lockfile").GetString() == lockfile && r.GetProperty("name").GetString() == name
            && r.GetProperty("version").GetString() == version);

    [Fact]
    public void List_json_has_every_component_of_the_scan_with_relationship_scope_lockfile_and_vulnerabilities()
    {
        var rows = Rows(Deps("list", repo.Root, "--format", "json", "--advisory-db", repo.Database));

        // Exactly the components `bulwark scan` inventories: the list is the same engine, not a second walker.
        var scan = BulwarkProcess.Run(repo.Work, "scan", repo.Root, "--analyzers", "dependencies", "--format", "json", "--output", Path.Combine(repo.Work, "scan"));
        Assert.True(scan.ExitCode == 0, scan.All);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Work, "scan", "bulwark.json")));
        var scanned = report.RootElement.GetProperty("components").EnumerateArray()
            .Select(c => $"{c.GetProperty("sourceFile").GetString()} {c.GetProperty("purl").GetString()}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(scanned, rows.Select(r => $"{r.GetProperty("lockfile").GetString()} {r.GetProperty("purl").GetString()}").Order(StringComparer.Ordinal));
        Assert.Equal(["py/poetry.lock", "site/pnpm-lock.yaml", "tools/Cargo.lock", "web/package-lock.json"],
            rows.Select(r => r.GetProperty("lockfile").GetString()).Distinct().Order(StringComparer.Ordinal));

        // minimist 1.2.5 is pulled in transitively by json-server's tooling and is affected by CVE-2021-44906 (fixed in 1.2.6).
        var minimist = Row(rows, "web/package-lock.json", "minimist", "1.2.5");
        Assert.False(minimist.GetProperty("direct").GetBoolean());
        Assert.Equal("npm", minimist.GetProperty("ecosystem").GetString());
        Assert.Equal("pkg:npm/minimist@1.2.5", minimist.GetProperty("purl").GetString());
        Assert.True(minimist.GetProperty("vulnerabilityCount").GetInt32() >= 1);
        var advisory = Assert.Single(minimist.GetProperty("vulnerabilities").EnumerateArray(), v => v.GetProperty("id").GetString() == "CVE-2021-44906");
        Assert.Equal("1.2.6", advisory.GetProperty("fixedVersion").GetString());
        Assert.Contains("GHSA-xvch-5gv4-984h", advisory.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(advisory.GetProperty("severity").GetString(), minimist.GetProperty("highestSeverity").GetString());

        // pnpm: chalk 5 is a production dependency of json-server, chalk 4 comes in through concurrently, a dev dependency.
        var chalk5 = Row(rows, "site/pnpm-lock.yaml", "chalk", "5.6.2");
        Assert.True(chalk5.GetProperty("direct").GetBoolean());
        Assert.False(chalk5.GetProperty("development").GetBoolean());
        var chalk4 = Row(rows, "site/pnpm-lock.yaml", "chalk", "4.1.2");
        Assert.False(chalk4.GetProperty("direct").GetBoolean());
        Assert.True(chalk4.GetProperty("development").GetBoolean());
        Assert.Equal(0, chalk4.GetProperty("vulnerabilityCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, chalk4.GetProperty("highestSeverity").ValueKind);

        // Cargo: serde_derive is one of ripgrep's [dev-dependencies] but serde_core (a production crate) needs it too;
        // walkdir is a dev-dependency of the root crate and a normal one of the `ignore` crate.
        var serdeDerive = Row(rows, "tools/Cargo.lock", "serde_derive", "1.0.229");
        Assert.True(serdeDerive.GetProperty("direct").GetBoolean());
        Assert.False(serdeDerive.GetProperty("development").GetBoolean());
        Assert.Equal("crates.io", serdeDerive.GetProperty("ecosystem").GetString());
        Assert.False(Row(rows, "tools/Cargo.lock", "walkdir", "2.5.0").GetProperty("development").GetBoolean());
    }

    [Fact]
    public void List_filters_by_ecosystem_development_and_known_vulnerabilities()
    {
        var all = Rows(Deps("list", repo.Root, "--format", "json", "--advisory-db", repo.Database));

        var cargo = Rows(Deps("list", repo.Root, "--format", "json", "--ecosystem", "cargo"));
        Assert.Equal(all.Count(r => r.GetProperty("ecosystem").GetString() == "crates.io"), cargo.Count);
        Assert.All(cargo, r => Assert.Equal("tools/Cargo.lock", r.GetProperty("lockfile").GetString()));
        Assert.Equal(cargo.Count, Rows(Deps("list", repo.Root, "--format", "json", "--ecosystem", "crates.io")).Count);

        var noDev = Rows(Deps("list", repo.Root, "--format", "json", "--no-dev"));
        var devOnly = Rows(Deps("list", repo.Root, "--format", "json", "--dev"));
        Assert.All(noDev, r => Assert.False(r.GetProperty("development").GetBoolean()));
        Assert.All(devOnly, r => Assert.True(r.GetProperty("development").GetBoolean()));
        Assert.Equal(all.Count, noDev.Count + devOnly.Count);
        Assert.Contains(devOnly, r => r.GetProperty("name").GetString() == "jest");

        var vulnerable = Rows(Deps("list", repo.Root, "--format", "json", "--vulnerable", "--advisory-db", repo.Database));
        Assert.NotEmpty(vulnerable);
        Assert.All(vulnerable, r => Assert.True(r.GetProperty("vulnerabilityCount").GetInt32() > 0));
        Assert.Equal(all.Count(r => r.GetProperty("vulnerabilityCount").GetInt32() > 0), vulnerable.Count);
        Assert.Contains(vulnerable, r => r.GetProperty("name").GetString() == "minimist");
    }

    [Fact]
    public void List_without_a_database_says_components_were_not_matched()
    {
        var outcome = Deps("list", repo.Root, "--format", "json");
        var rows = Rows(outcome);

        Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("vulnerabilityCount").ValueKind));
        Assert.Contains("No advisory database", outcome.StandardError, StringComparison.Ordinal);

        var vulnerableOnly = Deps("list", repo.Root, "--vulnerable");
        Assert.Equal(2, vulnerableOnly.ExitCode);
        Assert.Contains("--vulnerable needs an advisory database", vulnerableOnly.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void List_csv_is_one_quoted_rfc4180_record_per_component()
    {
        var json = Rows(Deps("list", repo.Root, "--format", "json", "--advisory-db", repo.Database));
        var csv = Deps("list", repo.Root, "--format", "csv", "--advisory-db", repo.Database);
        Assert.True(csv.ExitCode == 0, csv.All);

        using var parser = new TextFieldParser(new StringReader(csv.StandardOutput)) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        Assert.Equal(["ecosystem", "name", "version", "purl", "relationship", "development", "optional", "licenses",
            "vulnerabilities", "highest_severity", "vulnerability_ids", "lockfile"], header);
        var records = new List<string[]>();
        while (!parser.EndOfData)
        {
            var fields = parser.ReadFields()!;
            Assert.Equal(header.Length, fields.Length);
            records.Add(fields);
        }

        Assert.Equal(json.Count, records.Count);
        var minimist = Assert.Single(records, r => r[1] == "minimist" && r[2] == "1.2.5");
        Assert.Equal(["npm", "minimist", "1.2.5", "pkg:npm/minimist@1.2.5", "transitive"], minimist[..5]);
        Assert.Contains("CVE-2021-44906", minimist[10].Split(' '));
        Assert.Equal("web/package-lock.json", minimist[11]);
        // An npm scope is kept exact (no formula-guard apostrophe): it cannot form a spreadsheet formula.
        Assert.Contains(records, r => r[1] == "@babel/core");
    }

    [Fact]
    public void List_table_has_one_line_per_component_when_piped()
    {
        var count = Rows(Deps("list", repo.Root, "--format", "json", "--ecosystem", "PyPI")).Count;
        var table = Deps("list", repo.Root, "--ecosystem", "PyPI");
        Assert.True(table.ExitCode == 0, table.All);

        var lines = table.StandardOutput.Split('\n').Where(l => l.Contains("py/poetry.lock", StringComparison.Ordinal)).ToList();
        Assert.Equal(count, lines.Count);
        var urllib3 = Assert.Single(lines, l => l.Contains(" urllib3 ", StringComparison.Ordinal));
        Assert.Contains("2.6.3", urllib3, StringComparison.Ordinal);
        Assert.Contains("transitive", urllib3, StringComparison.Ordinal);
        Assert.Contains("n/a", urllib3, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", table.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void List_rejects_contradictory_and_unknown_options()
    {
        Assert.Equal(2, Deps("list", repo.Root, "--dev", "--no-dev").ExitCode);
        var format = Deps("list", repo.Root, "--format", "xml");
        Assert.Equal(2, format.ExitCode);
        Assert.Contains("--format", format.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, Deps("list", Path.Combine(repo.Root, "nope")).ExitCode);
        Assert.Equal(2, Deps("list", repo.Root, "--advisory-db", Path.Combine(repo.Work, "missing.db")).ExitCode);
    }

    [Fact]
    public void Why_shows_each_path_of_a_nested_npm_v1_lockfile()
    {
        var outcome = Deps("why", "minimist", repo.Root, "--ecosystem", "npm", "--max-paths", "500");
        Assert.True(outcome.ExitCode == 0, outcome.All);

        var text = outcome.StandardOutput;
        Assert.Contains("web/package-lock.json (npm)", text, StringComparison.Ordinal);
        Assert.Contains("minimist@1.2.5  (transitive", text, StringComparison.Ordinal);
        // package.json asks for markdown-toc, which requires minimist; @babel/core → json5 → minimist; rc via update-notifier.
        Assert.Contains("    markdown-toc@1.2.0 → minimist@1.2.5\n", text, StringComparison.Ordinal);
        Assert.Contains("    @babel/core@7.12.3 → json5@2.1.3 → minimist@1.2.5\n", text, StringComparison.Ordinal);
        Assert.Contains("    update-notifier@5.0.1 → latest-version@5.1.0 → package-json@6.5.0 → registry-url@5.1.0 → rc@1.2.8 → minimist@1.2.5\n",
            text, StringComparison.Ordinal);
        Assert.DoesNotContain("more paths exist", text, StringComparison.Ordinal);

        var limited = Deps("why", "minimist", repo.Root, "--max-paths", "2");
        Assert.Contains("more paths exist: 2 shown", limited.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Why_lists_every_version_found_with_its_own_paths()
    {
        // The pnpm lockfile has chalk twice: 5.6.2 asked for by json-server, 4.1.2 by concurrently (a dev tool).
        var chalk = Deps("why", "chalk", Path.Combine(repo.Root, "site"));
        Assert.True(chalk.ExitCode == 0, chalk.All);
        Assert.Contains("chalk: 2 versions in 1 lockfile", chalk.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("pnpm-lock.yaml (npm)", chalk.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  chalk@5.6.2  (direct)\n    chalk@5.6.2\n", chalk.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  chalk@4.1.2  (transitive, dev)\n    concurrently@9.2.1 → chalk@4.1.2\n", chalk.StandardOutput, StringComparison.Ordinal);

        var syn = Deps("why", "syn", repo.Root);
        Assert.True(syn.ExitCode == 0, syn.All);
        Assert.Contains("tools/Cargo.lock (crates.io)", syn.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("    arbitrary@1.4.2 → derive_arbitrary@1.4.2 → syn@2.0.119\n", syn.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("    serde_derive@1.0.229 → syn@3.0.3\n", syn.StandardOutput, StringComparison.Ordinal);

        var onlyThree = Deps("why", "syn@3.0.3", repo.Root);
        Assert.DoesNotContain("syn@2.0.119", onlyThree.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Why_json_gives_the_paths_as_packages()
    {
        // PEP 503: the query matches poetry's urllib3 whatever its spelling.
        var outcome = Deps("why", "URLLib3@2.6.3", repo.Root, "--format", "json");
        Assert.True(outcome.ExitCode == 0, outcome.All);

        using var document = JsonDocument.Parse(outcome.StandardOutput);
        var match = Assert.Single(document.RootElement.GetProperty("matches").EnumerateArray());
        Assert.Equal("py/poetry.lock", match.GetProperty("lockfile").GetString());
        Assert.Equal("PyPI", match.GetProperty("ecosystem").GetString());
        Assert.True(match.GetProperty("lockfileHasGraph").GetBoolean());
        var paths = match.GetProperty("paths").EnumerateArray()
            .Select(p => string.Join(" > ", p.EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()}@{s.GetProperty("version").GetString()}")))
            .ToList();
        // poetry.lock: requests, dulwich, responses and types-requests each require urllib3.
        Assert.Equal(["dulwich@1.2.1 > urllib3@2.6.3", "requests@2.33.1 > urllib3@2.6.3", "responses@0.26.0 > urllib3@2.6.3",
            "types-requests@2.33.0.20260503 > urllib3@2.6.3"], paths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Why_a_scoped_npm_package_with_its_version()
    {
        var outcome = Deps("why", "@babel/core@7.12.3", repo.Root);
        Assert.True(outcome.ExitCode == 0, outcome.All);
        Assert.Contains("@babel/core@7.12.3  (direct, dev)\n    @babel/core@7.12.3\n", outcome.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Why_a_package_not_in_the_tree_exits_1_and_says_so()
    {
        var missing = Deps("why", "left-pad", repo.Root);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("left-pad is not in the dependency tree", missing.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, missing.StandardOutput);

        var wrongVersion = Deps("why", "minimist@9.9.9", repo.Root);
        Assert.Equal(1, wrongVersion.ExitCode);
        Assert.Contains("minimist@9.9.9 is not in the dependency tree", wrongVersion.StandardError, StringComparison.Ordinal);
        Assert.Contains("1.2.5 (web/package-lock.json)", wrongVersion.StandardError, StringComparison.Ordinal);

        var otherEcosystem = Deps("why", "minimist", repo.Root, "--ecosystem", "PyPI");
        Assert.Equal(1, otherEcosystem.ExitCode);
    }

    [Fact]
    public void Why_a_package_a_NuGet_project_reference_brings_shows_the_projects_it_comes_through()
    {
        using var tree = new TempTree();
        var identity = Path.Combine(SchemaValidator.RepositoryRoot, "tests", "Bulwark.Analyzers.Dependencies.Tests", "testdata", "corpus", "nuget-lock", "bitwarden-server", "src", "Identity", "packages.lock.json");
        tree.Bytes("src/Identity/packages.lock.json", File.ReadAllBytes(identity));
        tree.File("src/Identity/Identity.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <ItemGroup>
                <ProjectReference Include="..\SharedWeb\SharedWeb.csproj" />
              </ItemGroup>
            </Project>
            """);

        var text = Deps("why", "AWSSDK.SQS", tree.Root);
        Assert.True(text.ExitCode == 0, text.All);
        Assert.Contains("AWSSDK.SQS@4.0.2.5  (transitive)\n    SharedWeb (project) → Core (project) → AWSSDK.SQS@4.0.2.5\n", text.StandardOutput, StringComparison.Ordinal);

        var json = Deps("why", "AWSSDK.SQS", tree.Root, "--format", "json");
        Assert.True(json.ExitCode == 0, json.All);
        using var document = JsonDocument.Parse(json.StandardOutput);
        var path = Assert.Single(document.RootElement.GetProperty("matches").EnumerateArray()).GetProperty("paths")[0].EnumerateArray().ToList();
        Assert.Equal("SharedWeb", path[0].GetProperty("project").GetString());
        Assert.Equal("Core", path[1].GetProperty("project").GetString());
        Assert.Equal("pkg:nuget/AWSSDK.SQS@4.0.2.5", path[2].GetProperty("purl").GetString());
    }
}

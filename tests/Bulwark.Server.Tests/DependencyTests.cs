using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>The dependency list and component search over HTTP, on SQLite and PostgreSQL.</summary>
public sealed class DependencyTests(ITestOutputHelper output)
{
    private static readonly Package Log4j = new("maven", "log4j-core", "2.14.1", "org.apache.logging.log4j", "Apache-2.0") { File = "pom.xml", Vulnerable = "critical" };
    private static readonly Package Express = new("npm", "express", "4.18.2", License: "MIT") { File = "package-lock.json" };
    private static readonly Package Lodash = new("npm", "lodash", "4.17.20", License: "MIT")
    {
        Direct = false,
        Development = true,
        File = "package-lock.json",
        Path = "pkg:npm/express@4.18.2 → pkg:npm/lodash@4.17.20",
        Vulnerable = "high",
    };

    private static readonly Package Django = new("pypi", "django", "3.2.9", License: "BSD-3-Clause") { File = "requirements.txt" };
    private static readonly Package Gin = new("golang", "gin", "v1.9.0", "github.com/gin-gonic", "MIT") { File = "go.sum" };
    private static readonly Package Newtonsoft = new("nuget", "Newtonsoft.Json", "12.0.1") { File = "packages.lock.json" };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dependency_list_filters_sorts_pages_and_counts_open_vulnerabilities(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        const string Project = "deps/app";
        var projectId = await UploadSbomAsync(server, Project, Log4j, Express, Lodash, Django, Gin, Newtonsoft);

        var all = await ListAsync(server.Admin, Project, string.Empty);
        Assert.Equal(["django", "express", "github.com/gin-gonic/gin", "lodash", "Newtonsoft.Json", "org.apache.logging.log4j:log4j-core"], Names(all));
        Assert.Equal(6, all["total"]!.GetValue<int>());
        var log4j = Item(all, "org.apache.logging.log4j:log4j-core");
        Assert.Equal("2.14.1", log4j["version"]!.GetValue<string>());
        Assert.Equal("Maven", log4j["ecosystem"]!.GetValue<string>());
        Assert.Equal("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", log4j["purl"]!.GetValue<string>());
        Assert.Equal(["Apache-2.0"], log4j["licenses"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.True(log4j["direct"]!.GetValue<bool>());
        Assert.Equal("pom.xml", log4j["file"]!.GetValue<string>());
        Assert.Equal(1, log4j["vulnerability_count"]!.GetValue<int>());
        Assert.Equal(1, log4j["severities"]!["critical"]!.GetValue<int>());
        Assert.Equal("critical", log4j["vulnerabilities"]![0]!["severity"]!.GetValue<string>());
        var lodash = Item(all, "lodash");
        Assert.False(lodash["direct"]!.GetValue<bool>());
        Assert.True(lodash["development"]!.GetValue<bool>());
        Assert.Equal(["pkg:npm/express@4.18.2", "pkg:npm/lodash@4.17.20"], lodash["dependency_paths"]![0]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(1, lodash["severities"]!["high"]!.GetValue<int>());
        Assert.Equal(0, Item(all, "express")["vulnerability_count"]!.GetValue<int>());

        Assert.Equal(["lodash"], Names(await ListAsync(server.Admin, Project, "name=LOD")));
        Assert.Equal(["express", "lodash"], Names(await ListAsync(server.Admin, Project, "ecosystem=npm")));
        Assert.Equal(["django", "express", "lodash"], Names(await ListAsync(server.Admin, Project, "ecosystem=npm,PyPI")));
        Assert.Equal(["express", "github.com/gin-gonic/gin", "lodash"], Names(await ListAsync(server.Admin, Project, "license=mit")));
        Assert.Equal(["lodash", "org.apache.logging.log4j:log4j-core"], Names(await ListAsync(server.Admin, Project, "has_vulnerabilities=true")));
        Assert.Equal(4, (await ListAsync(server.Admin, Project, "has_vulnerabilities=false"))["total"]!.GetValue<int>());
        Assert.Equal(["org.apache.logging.log4j:log4j-core", "lodash", "django", "express"], Names(await ListAsync(server.Admin, Project, "sort=severity_desc")).Take(4));
        Assert.Equal("org.apache.logging.log4j:log4j-core", Names(await ListAsync(server.Admin, Project, "sort=name_desc"))[0]);
        Assert.Equal(["Go", "Maven", "npm", "npm", "NuGet", "PyPI"], (await ListAsync(server.Admin, Project, "sort=ecosystem_asc"))["items"]!.AsArray().Select(i => i!["ecosystem"]!.GetValue<string>()));

        // Keyset pages of two, in every order, add up to the whole list.
        foreach (var sort in new[] { "name_asc", "name_desc", "severity_desc", "ecosystem_asc" })
        {
            var whole = Names(await ListAsync(server.Admin, Project, $"sort={sort}"));
            var paged = new List<string>();
            string? cursor = null;
            do
            {
                var page = await ListAsync(server.Admin, Project, $"sort={sort}&limit=2" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
                paged.AddRange(Names(page));
                cursor = page["next"]?.GetValue<string>();
            }
            while (cursor is not null);
            Assert.Equal(whole, paged);
        }

        // Dismissed vulnerabilities are not counted against a dependency.
        await using (var db = server.Database.CreateContext())
        {
            await db.Vulnerabilities.Where(v => v.ProjectId == projectId && v.Severity == (int)Bulwark.Core.Findings.Severity.High)
                .ExecuteUpdateAsync(u => u.SetProperty(v => v.State, VulnerabilityState.Dismissed));
        }

        Assert.Equal(["org.apache.logging.log4j:log4j-core"], Names(await ListAsync(server.Admin, Project, "has_vulnerabilities=true")));

        // A newer default-branch SBOM replaces the list; a branch SBOM does not touch it.
        var branch = await server.CreatePipelineAsync(Project, "feature", Reports.Sha(3));
        await server.UploadOkAsync(Project, branch, Sboms.CycloneDx(Express));
        Assert.Equal(6, (await ListAsync(server.Admin, Project, string.Empty))["total"]!.GetValue<int>());
        var main = await server.CreatePipelineAsync(Project, "main", Reports.Sha(4));
        await server.UploadOkAsync(Project, main, Sboms.CycloneDx(Express, Django));
        Assert.Equal(["django", "express"], Names(await ListAsync(server.Admin, Project, string.Empty)));

        foreach (var bad in new[] { "sort=size", "has_vulnerabilities=maybe", "limit=0", "cursor=abc" })
        {
            using var response = await server.Admin.GetAsync($"/api/v1/projects/{Uri.EscapeDataString(Project)}/dependencies?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Component_search_orders_versions_by_each_ecosystem(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        await UploadSbomAsync(server, "s/a", Log4j, Lodash, Django, Gin, Newtonsoft,
            new Package("gem", "rails", "6.1.7"), new Package("cargo", "regex", "1.5.4"));
        await UploadSbomAsync(server, "s/b", Log4j with { Version = "2.17.1" }, Lodash with { Version = "4.17.21" }, Django with { Version = "3.2.10" },
            Gin with { Version = "v1.10.0" }, Newtonsoft with { Version = "13.0.1" }, new Package("gem", "rails", "6.1.7.1"), new Package("cargo", "regex", "1.5.5"));
        // Text order would get each of these wrong: 2.9.0 > 2.17.1 as text, 2.17.1-rc1 is a pre-release, 9.0.1 > 13.0.1 as text.
        await UploadSbomAsync(server, "s/c", Log4j with { Version = "2.9.0" }, Lodash with { Version = "4.17.21-beta.1" }, Newtonsoft with { Version = "9.0.1" });
        await UploadSbomAsync(server, "t/d", Log4j with { Version = "2.17.1-rc1" }, Log4j with { Group = "com.example.fork", Version = "1.0.0" });
        await UploadSbomAsync(server, "t/e", Log4j with { Version = null }, Lodash with { Version = "latest" });

        Assert.Equal(["s/a", "s/c", "t/d"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=log4j-core&below=2.17.1"));
        Assert.Equal(["s/a", "s/c", "t/d"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=org.apache.logging.log4j:log4j-core&ecosystem=maven&below=2.17.1"));
        Assert.Equal(["t/d"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=com.example.fork:log4j-core&below=2.17.1"));
        Assert.Equal(["s/a", "s/c"], await ProjectsAsync(server.Admin, "/api/v1/groups/s/dependencies/search?name=log4j-core&purl_type=maven&below=2.17.1"));
        Assert.Equal(["s/b"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=log4j-core&at_least=2.17.1"));
        Assert.Equal(["s/a", "s/b", "s/c", "t/d", "t/e"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=log4j-core"));
        Assert.Equal(["s/a"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=log4j-core&range=" + Uri.EscapeDataString("[2.10,2.15.0)||[2.16.0,2.17.0)")));
        Assert.Equal(["s/a", "s/c"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=lodash&below=4.17.21"));
        Assert.Equal(["s/a"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=django&range=" + Uri.EscapeDataString(">=3.0, <3.2.10")));
        Assert.Equal(["s/a"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=github.com/gin-gonic/gin&below=v1.10.0"));
        Assert.Equal(["s/a", "s/c"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=newtonsoft.json&below=13.0.1"));
        Assert.Equal(["s/a"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=rails&below=6.1.7.1"));
        Assert.Equal(["s/a"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=regex&ecosystem=crates.io&below=1.5.5"));

        // A version the ecosystem cannot order is reported apart, never guessed.
        var search = await GetAsync(server.Admin, "/api/v1/dependencies/search?name=log4j-core&below=2.17.1");
        var unordered = search["unordered"]!.AsArray().Single()!;
        Assert.Equal("t/e", unordered["project"]!["path"]!.GetValue<string>());
        Assert.Contains("no version", unordered["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("<2.17.1", search["range"]!.GetValue<string>());
        var npm = await GetAsync(server.Admin, "/api/v1/dependencies/search?name=lodash&below=4.17.21");
        Assert.Equal("latest", npm["unordered"]!.AsArray().Single()!["version"]!.GetValue<string>());

        // Paging over projects.
        var first = await GetAsync(server.Admin, "/api/v1/dependencies/search?name=log4j-core&limit=2");
        Assert.Equal(2, first["projects"]!.AsArray().Count);
        var second = await GetAsync(server.Admin, $"/api/v1/dependencies/search?name=log4j-core&limit=2&cursor={first["next"]!.GetValue<string>()}");
        Assert.Equal(2, second["projects"]!.AsArray().Count);

        // Visibility: only projects the caller may read, and nothing for guests.
        var a = await server.CreateProjectAsync("s/lonely");
        using var reporter = await ScopedUsers.WithRoleAsync(server, "reporter", Role.Reporter, groupId: await ScopedUsers.GroupIdAsync(server, "t"));
        using var guest = await ScopedUsers.WithRoleAsync(server, "guest", Role.Guest, groupId: await ScopedUsers.GroupIdAsync(server, "s"));
        Assert.Equal(["t/d", "t/e"], await ProjectsAsync(reporter, "/api/v1/dependencies/search?name=log4j-core"));
        foreach (var scope in new[] { "/api/v1/dependencies/search", "/api/v1/groups/s/dependencies/search" })
        {
            using var refused = await guest.GetAsync($"{scope}?name=log4j-core");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var hidden = await reporter.GetAsync("/api/v1/groups/s/dependencies/search?name=log4j-core"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using (var hidden = await reporter.GetAsync("/api/v1/projects/s%2Fa/dependencies"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using (var forbidden = await guest.GetAsync("/api/v1/projects/s%2Fa/dependencies"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        Assert.True(a > 0);
        foreach (var bad in new[] { "below=1.0", "name=x&range=%3C%3C1", "name=x&range=[1.0", "name=x&cursor=z" })
        {
            using var response = await server.Admin.GetAsync($"/api/v1/dependencies/search?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dependency_list_is_built_from_a_GitLab_dependency_scanning_report(string provider)
    {
        await using var server = await RunningServer.OnFreshDatabaseAsync(provider, output);
        if (server is null)
        {
            return;
        }
        const string Project = "deps/gemnasium";
        await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        await server.UploadOkAsync(Project, pipeline, Encoding.UTF8.GetBytes(GemnasiumReport("15.0.6", category: false)));

        var list = await ListAsync(server.Admin, Project, string.Empty);
        Assert.Equal(["express", "lodash", "org.apache.logging.log4j:log4j-core"], Names(list));
        var lodash = Item(list, "lodash");
        Assert.Equal("npm", lodash["ecosystem"]!.GetValue<string>());
        Assert.Equal("pkg:npm/lodash@4.17.20", lodash["purl"]!.GetValue<string>());
        Assert.Equal("package-lock.json", lodash["file"]!.GetValue<string>());
        Assert.False(lodash["direct"]!.GetValue<bool>());
        Assert.Equal(["pkg:npm/express@4.18.2", "pkg:npm/lodash@4.17.20"], lodash["dependency_paths"]![0]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(1, lodash["vulnerability_count"]!.GetValue<int>());
        Assert.Equal(1, lodash["severities"]!["high"]!.GetValue<int>());
        // Gemnasium names a Maven package group/artifact in vulnerabilities; the list (group:artifact) still counts it.
        var log4j = Item(list, "org.apache.logging.log4j:log4j-core");
        Assert.Equal(("Maven", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"), (log4j["ecosystem"]!.GetValue<string>(), log4j["purl"]!.GetValue<string>()));
        Assert.Equal(1, log4j["severities"]!["critical"]!.GetValue<int>());
        Assert.Equal(0, Item(list, "express")["vulnerability_count"]!.GetValue<int>());
        Assert.Equal(["deps/gemnasium"], await ProjectsAsync(server.Admin, "/api/v1/dependencies/search?name=log4j-core&below=2.17.1"));

        // A 14.x report (type on each vulnerability's category, no scan.type) replaces the list as a newer scan does.
        var older = await server.CreatePipelineAsync(Project, "main", Reports.Sha(2));
        await server.UploadOkAsync(Project, older, Encoding.UTF8.GetBytes(GemnasiumReport("14.0.4", category: true, lodashVersion: "4.17.21")));
        list = await ListAsync(server.Admin, Project, string.Empty);
        Assert.Equal("4.17.21", Item(list, "lodash")["version"]!.GetValue<string>());
        Assert.Equal(3, list["total"]!.GetValue<int>());

        // A branch pipeline never changes the default branch's list.
        var branch = await server.CreatePipelineAsync(Project, "feature/x", Reports.Sha(3));
        await server.UploadOkAsync(Project, branch, Encoding.UTF8.GetBytes(GemnasiumReport("15.0.6", category: false, lodashVersion: "1.0.0")));
        Assert.Equal("4.17.21", Item(await ListAsync(server.Admin, Project, string.Empty), "lodash")["version"]!.GetValue<string>());
    }

    /// <summary>A Gemnasium report with its <c>dependency_files</c>: npm (with iids and a dependency path) and Maven.</summary>
    private static string GemnasiumReport(string version, bool category, string lodashVersion = "4.17.20")
    {
        var scan = category ? string.Empty : """, "scan": {"type": "dependency_scanning", "status": "success", "scanner": {"id": "gemnasium", "name": "Gemnasium", "vendor": {"name": "GitLab"}, "version": "4.0.0"}, "analyzer": {"id": "gemnasium", "name": "Gemnasium", "vendor": {"name": "GitLab"}, "version": "4.0.0"}}""";
        var categoryField = category ? "\"category\": \"dependency_scanning\", \"scanner\": {\"id\": \"gemnasium\", \"name\": \"Gemnasium\"}," : string.Empty;
        return """
            {"version": "@VERSION@",
             "vulnerabilities": [
               { @CATEGORY@ "id": "1", "name": "Prototype pollution in lodash", "severity": "High", "identifiers": [{"type": "cve", "name": "CVE-2020-8203", "value": "CVE-2020-8203"}],
                 "location": {"file": "package-lock.json", "dependency": {"package": {"name": "lodash"}, "version": "@LODASH@"}}},
               { @CATEGORY@ "id": "2", "name": "Log4Shell", "severity": "Critical", "identifiers": [{"type": "cve", "name": "CVE-2021-44228", "value": "CVE-2021-44228"}],
                 "location": {"file": "pom.xml", "dependency": {"package": {"name": "org.apache.logging.log4j/log4j-core"}, "version": "2.14.1"}}}
             ],
             "dependency_files": [
               {"path": "package-lock.json", "package_manager": "npm", "dependencies": [
                 {"package": {"name": "express"}, "version": "4.18.2", "iid": 1, "direct": true},
                 {"package": {"name": "lodash"}, "version": "@LODASH@", "iid": 2, "dependency_path": [{"iid": 1}]}]},
               {"path": "pom.xml", "package_manager": "maven", "dependencies": [
                 {"package": {"name": "org.apache.logging.log4j/log4j-core"}, "version": "2.14.1", "iid": 1, "direct": true}]}
             ]@SCAN@}
            """.Replace("@VERSION@", version, StringComparison.Ordinal).Replace("@CATEGORY@", categoryField, StringComparison.Ordinal)
            .Replace("@LODASH@", lodashVersion, StringComparison.Ordinal).Replace("@SCAN@", scan, StringComparison.Ordinal);
    }

    private static async Task<long> UploadSbomAsync(RunningServer server, string project, params Package[] packages)
    {
        var id = await server.CreateProjectAsync(project);
        var pipeline = await server.CreatePipelineAsync(project, "main", Reports.Sha(1));
        await server.UploadOkAsync(project, pipeline, Sboms.CycloneDx(packages));
        return id;
    }

    private static async Task<List<string>> ProjectsAsync(HttpClient client, string url) =>
        (await GetAsync(client, url))["projects"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    private static Task<JsonObject> ListAsync(HttpClient client, string project, string query) =>
        GetAsync(client, $"/api/v1/projects/{Uri.EscapeDataString(project)}/dependencies?{query}");

    private static List<string> Names(JsonObject page) => page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();

    private static JsonObject Item(JsonObject page, string name) => page["items"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == name)!.AsObject();

    private static async Task<JsonObject> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}

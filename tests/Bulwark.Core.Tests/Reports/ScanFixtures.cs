using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Core.Tests.Reports;

/// <summary>
/// A realistic scan of a small web shop: every report type, every optional field a finding can
/// carry, an SBOM with a graph and licences. Reports are written from it and read back.
/// </summary>
internal static class ScanFixtures
{
    public const string ProjectId = "4242";

    public static readonly DateTimeOffset Started = new(2026, 3, 2, 9, 14, 5, 123, TimeSpan.Zero);
    public static readonly DateTimeOffset Finished = new(2026, 3, 2, 9, 15, 41, 870, TimeSpan.Zero);

    public static ScanResult Full() => new()
    {
        Tool = ToolInfo.Bulwark("0.1.0"),
        Target = "/home/ci/builds/acme/shop",
        StartedAt = Started,
        FinishedAt = Finished,
        Findings = Findings().ToEquatableArray(),
        Components = Components().ToEquatableArray(),
        Warnings = EquatableArray.Of(
            new ScanWarning("skipped: 73400320 bytes is over the size cap", "assets/videos/intro.mp4", Level: WarningLevel.Info),
            new ScanWarning("could not parse lockfile: unexpected token at line 3", "legacy/yarn.lock", "dependencies"),
            new ScanWarning("analyzer failed on this file: InvalidDataException: truncated gzip stream", "vendor/archive.tgz", "secrets", WarningLevel.Error)),
        Analyzers = EquatableArray.Of(
            Run("containers", ReportType.ContainerScanning, 2),
            Run("cluster", ReportType.ClusterImageScanning, 1),
            Run("dast", ReportType.Dast, 2),
            Run("api-fuzzing", ReportType.ApiFuzzing, 1),
            Run("fuzzing", ReportType.CoverageFuzzing, 1),
            Run("dependencies", ReportType.DependencyScanning, 2, components: 7),
            Run("iac", ReportType.Sast, 1),
            Run("licenses", ReportType.DependencyScanning, 0),
            Run("sast", ReportType.Sast, 2),
            Run("secrets", ReportType.SecretDetection, 2)),
        Walk = new WalkStatistics(1842, 48_113_220, 311, 57, 1, 2),
        ScannedResources = EquatableArray.Of(
            new ScannedResource("GET", "https://staging.shop.example.com/"),
            new ScannedResource("POST", "https://staging.shop.example.com/api/login"),
            new ScannedResource("PUT", "https://staging.shop.example.com/api/orders/1017")),
    };

    public static AnalyzerRun Run(string name, ReportType type, int findings, int components = 0) =>
        new(name, "1.0.3", TimeSpan.FromMilliseconds(1234.5678), 420, 9_000_000, findings, components) { ReportType = type };

    public static IEnumerable<Finding> Findings() =>
    [
        SqlInjection(), PathTraversal(), RootContainer(),
        AwsKey(), GitHubTokenInHistory(),
        Log4Shell(), Lodash(),
        OpenSsl(), Busybox(),
        Curl(),
        LoginSqlInjection(), MissingCsp(),
        OrderServerError(),
        HeapOverflow(),
    ];

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static Finding SqlInjection() => new()
    {
        ReportType = ReportType.Sast,
        Analyzer = "sast",
        RuleId = "python.sqlalchemy.raw-query-format",
        Identifiers = EquatableArray.Of(
            Identifier.Rule("sast", "python.sqlalchemy.raw-query-format", "SQLAlchemy raw query built with string formatting"),
            Identifier.Cwe(89),
            new Identifier("owasp", "A03:2021 - Injection", "A03:2021", "https://owasp.org/Top10/A03_2021-Injection/")),
        Location = new SourceLocation("app/db/users.py", 42, 44, 9, 58, "UserRepository", "find_by_email"),
        Name = "SQL injection through a formatted raw query",
        Description = "User input from `email` is interpolated into a SQL string passed to `session.execute`.",
        Solution = "Use bound parameters: `session.execute(text(\"SELECT * FROM users WHERE email = :email\"), {\"email\": email})`.",
        Severity = Severity.High,
        Links = EquatableArray.Of(
            new Link("https://docs.sqlalchemy.org/en/20/core/tutorial.html#using-textual-sql", "SQLAlchemy textual SQL"),
            new Link("https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html")),
        CvssVectors = EquatableArray.Of(
            new CvssVector("Bulwark", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N"),
            new CvssVector("Bulwark", "AV:N/AC:L/Au:S/C:P/I:P/A:N")),
        Tracking = new Tracking(EquatableArray.Of(new TrackingItem(
            EquatableArray.Of(
                new TrackingSignature("scope_offset", "app/db/users.py|UserRepository[0]|find_by_email[0]:3"),
                new TrackingSignature("location", "app/db/users.py:42")),
            "app/db/users.py", 42, 44))),
        Flags = EquatableArray.Of(new Flag("flagged-as-likely-false-positive", "bulwark-taint",
            "The query runs only in the admin CLI, which is not reachable from the network.")),
        Details = Json("""
            {
              "confidence": {"name": "Confidence", "type": "text", "value": "high"},
              "rule_source": {"name": "Rule source", "type": "url", "text": "Bulwark SAST rules", "href": "https://github.com/bulwark-sec/bulwark/tree/main/rules/python"},
              "sink": {"name": "Sink", "type": "code", "lang": "python", "value": "session.execute(f\"SELECT * FROM users WHERE email = '{email}'\")"},
              "matches_in_file": {"name": "Matches in file", "type": "value", "value": 2},
              "framework": {"name": "Framework", "type": "named-list", "items": {"name": {"name": "Name", "type": "text", "value": "Flask"}, "version": {"name": "Version", "type": "text", "value": "3.0.2"}}}
            }
            """),
        RawSourceCodeExtract = "return session.execute(f\"SELECT * FROM users WHERE email = '{email}'\")",
        CodeFlows = EquatableArray.Of(new CodeFlow(EquatableArray.Of(
            new CodeFlowStep(new SourceLocation("app/api/auth.py", 18, 18, 13, 44), "email = request.form[\"email\"]"),
            new CodeFlowStep(new SourceLocation("app/services/accounts.py", 57, 57, 16, 48), "accounts.lookup(email)"),
            new CodeFlowStep(new SourceLocation("app/db/users.py", 43, 43, 16, 82), "session.execute(f\"…{email}…\")")),
            "request.form reaches session.execute")),
        Properties = EquatableArray.Of(
            KeyValuePair.Create("confidence", "high"),
            KeyValuePair.Create("taint.sourceKind", "http-form")),
    };

    public static Finding PathTraversal() => new()
    {
        ReportType = ReportType.Sast,
        Analyzer = "sast",
        RuleId = "python.flask.path-traversal-send-file",
        Identifiers = EquatableArray.Of(
            Identifier.Rule("sast", "python.flask.path-traversal-send-file"),
            Identifier.Cwe(22)),
        Location = new SourceLocation("app/files.py", 17, 17),
        Name = "Path traversal in send_file",
        Description = "A request parameter is joined to the upload directory and passed to `send_file`.",
        Severity = Severity.Medium,
    };

    public static Finding RootContainer() => new()
    {
        ReportType = ReportType.Sast,
        Analyzer = "iac",
        RuleId = "dockerfile.user-root",
        Identifiers = EquatableArray.Of(Identifier.Rule("iac", "dockerfile.user-root", "Container runs as root"), Identifier.Cwe(250)),
        Location = new SourceLocation("deploy/Dockerfile", 1, 24),
        Name = "Container runs as root",
        Description = "The image defines no USER, so its processes run as root.",
        Solution = "Add `USER 10001` after installing packages.",
        Severity = Severity.Low,
        Links = EquatableArray.Of(new Link("https://docs.docker.com/build/building/best-practices/#user", "Dockerfile USER")),
    };

    public static Finding AwsKey() => new()
    {
        ReportType = ReportType.SecretDetection,
        Analyzer = "secrets",
        RuleId = "aws-access-key-id",
        Identifiers = EquatableArray.Of(Identifier.Rule("secrets", "aws-access-key-id", "AWS access key ID")),
        Location = new SecretLocation("config/settings.env", Commit.WorkingTree, 12, 12, 19, 39),
        Name = "AWS access key ID",
        Description = "An AWS access key ID is committed in a configuration file.",
        Solution = "Deactivate the key in IAM, rotate it, and load it from the environment or a secret store.",
        Severity = Severity.Critical,
        Links = EquatableArray.Of(new Link("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html", "Managing access keys")),
        Tracking = new Tracking(EquatableArray.Of(new TrackingItem(
            EquatableArray.Of(new TrackingSignature("hash", "4c0f0e2d8d7f3d0c9f26f2b7a1e1c9a2f9d1b3e4")), "config/settings.env", 12, 12))),
        RawSourceCodeExtract = "AKIA************MPLE",
        Properties = EquatableArray.Of(
            KeyValuePair.Create("match.redacted", "AKIA************MPLE"),
            KeyValuePair.Create("secret.validity", "unverified")),
    };

    public static Finding GitHubTokenInHistory() => new()
    {
        ReportType = ReportType.SecretDetection,
        Analyzer = "secrets",
        RuleId = "github-pat",
        Identifiers = EquatableArray.Of(Identifier.Rule("secrets", "github-pat", "GitHub personal access token")),
        Location = new SecretLocation("scripts/deploy.sh", new Commit(
            "3f9c2e1a7b4d8e6f0a1b2c3d4e5f60718293a4b5", "Dana Smith", "dana.smith@example.com",
            new DateTimeOffset(2024, 2, 14, 16, 3, 22, TimeSpan.FromHours(1)), "Add deploy script"), 8, 8),
        Name = "GitHub personal access token",
        Severity = Severity.Critical,
    };

    public static Finding Log4Shell() => new()
    {
        ReportType = ReportType.DependencyScanning,
        Analyzer = "dependencies",
        RuleId = "CVE-2021-44228",
        Identifiers = EquatableArray.Of(Identifier.Cve("CVE-2021-44228"), Identifier.Ghsa("GHSA-jfh8-c2jp-5v3q"), Identifier.Cwe(502)),
        Location = new DependencyLocation("services/billing/pom.xml",
            new DependencyReference("org.apache.logging.log4j:log4j-core", "2.14.1", true)),
        Name = "Remote code execution in Log4j 2 through JNDI lookups",
        Description = "Apache Log4j2 2.0-beta9 through 2.15.0 JNDI features do not protect against attacker-controlled LDAP and other JNDI endpoints.",
        Solution = "Upgrade org.apache.logging.log4j:log4j-core to 2.17.1 or later.",
        Severity = Severity.Critical,
        Links = EquatableArray.Of(
            new Link("https://logging.apache.org/log4j/2.x/security.html", "Apache Log4j security vulnerabilities"),
            new Link("https://nvd.nist.gov/vuln/detail/CVE-2021-44228")),
        CvssVectors = EquatableArray.Of(
            new CvssVector("NVD", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"),
            new CvssVector("NVD", "AV:N/AC:M/Au:N/C:C/I:C/A:C")),
    };

    public static Finding Lodash() => new()
    {
        ReportType = ReportType.DependencyScanning,
        Analyzer = "dependencies",
        RuleId = "CVE-2021-23337",
        Identifiers = EquatableArray.Of(Identifier.Cve("CVE-2021-23337"), Identifier.Ghsa("GHSA-35jh-r3h4-6jhm"), Identifier.Cwe(94)),
        Location = new DependencyLocation("web/package-lock.json", new DependencyReference("lodash", "4.17.20", false)),
        Name = "Command injection in lodash template",
        Description = "Lodash versions prior to 4.17.21 are vulnerable to command injection via the template function.",
        Solution = "Upgrade lodash to 4.17.21 or later.",
        Severity = Severity.High,
        Links = EquatableArray.Of(new Link("https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c")),
        CvssVectors = EquatableArray.Of(new CvssVector("GitHub", "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H")),
    };

    public static Finding OpenSsl() => new()
    {
        ReportType = ReportType.ContainerScanning,
        Analyzer = "containers",
        RuleId = "CVE-2023-5363",
        Identifiers = EquatableArray.Of(Identifier.Cve("CVE-2023-5363")),
        Location = new ContainerLocation("registry.example.com:5000/acme/shop:1.4.2", "alpine 3.18.4",
            new DependencyReference("openssl", "3.1.3-r0"), "registry.example.com:5000/acme/shop:main"),
        Name = "Incorrect cipher key and IV length processing in OpenSSL",
        Description = "Changes to the key or IV length after the cipher context is initialised may be ignored, giving truncated keys.",
        Solution = "Upgrade openssl to 3.1.4-r0.",
        Severity = Severity.High,
        CvssVectors = EquatableArray.Of(new CvssVector("NVD", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")),
        Links = EquatableArray.Of(new Link("https://www.openssl.org/news/secadv/20231024.txt", "OpenSSL advisory")),
    };

    public static Finding Busybox() => new()
    {
        ReportType = ReportType.ContainerScanning,
        Analyzer = "containers",
        RuleId = "CVE-2023-42363",
        Identifiers = EquatableArray.Of(Identifier.Cve("CVE-2023-42363"), Identifier.Cwe(416)),
        Location = new ContainerLocation("registry.example.com:5000/acme/shop:1.4.2", "alpine 3.18.4",
            new DependencyReference("busybox", "1.36.1-r5")),
        Name = "Use-after-free in BusyBox awk",
        Severity = Severity.Medium,
        CvssVectors = EquatableArray.Of(new CvssVector("NVD", "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H")),
    };

    public static Finding Curl() => new()
    {
        ReportType = ReportType.ClusterImageScanning,
        Analyzer = "cluster",
        RuleId = "CVE-2023-38545",
        Identifiers = EquatableArray.Of(Identifier.Cve("CVE-2023-38545"), Identifier.Cwe(787)),
        Location = new ClusterImageLocation("index.docker.io/library/nginx:1.25.2",
            new DependencyReference("libcurl", "8.3.0-1"),
            new KubernetesResource("production", "Deployment", "storefront", "web", AgentId: "1234"),
            "debian 12.1"),
        Name = "SOCKS5 heap buffer overflow in libcurl",
        Solution = "Upgrade libcurl to 8.4.0.",
        Severity = Severity.Critical,
        CvssVectors = EquatableArray.Of(new CvssVector("NVD", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
    };

    public static Finding LoginSqlInjection() => new()
    {
        ReportType = ReportType.Dast,
        Analyzer = "dast",
        RuleId = "40018",
        Identifiers = EquatableArray.Of(
            new Identifier("ZAProxy_PluginId", "SQL Injection", "40018", "https://www.zaproxy.org/docs/alerts/40018/"),
            Identifier.Cwe(89)),
        Location = new WebLocation("https://staging.shop.example.com", "POST", "/api/login", "email"),
        Name = "SQL Injection",
        Description = "The login endpoint returns a database error when the email parameter contains a quote.",
        Solution = "Use parameterised queries for every statement that includes request data.",
        Severity = Severity.High,
        Links = EquatableArray.Of(new Link("https://owasp.org/www-community/attacks/SQL_Injection")),
        Evidence = new Evidence(
            "Server error: syntax error at or near \"'\"",
            new EvidenceSource("assert:LogAnalysis", "Log Analysis", "https://docs.gitlab.com/ee/user/application_security/dast/"),
            new HttpRequest("POST", "https://staging.shop.example.com/api/login",
                EquatableArray.Of(new HttpHeader("Content-Type", "application/x-www-form-urlencoded"), new HttpHeader("Accept", "*/*")),
                "email=alice%40example.com%27&password=hunter2"),
            new HttpResponse(500, "Internal Server Error",
                EquatableArray.Of(new HttpHeader("Content-Type", "application/json; charset=utf-8"), new HttpHeader("Content-Length", "61")),
                "{\"error\": \"syntax error at or near \\\"'\\\"\"}"),
            EquatableArray.Of(new SupportingMessage("Unmodified",
                new HttpRequest("POST", "https://staging.shop.example.com/api/login",
                    EquatableArray.Of(new HttpHeader("Content-Type", "application/x-www-form-urlencoded")), "email=alice%40example.com&password=hunter2"),
                new HttpResponse(401, "Unauthorized", EquatableArray.Of(new HttpHeader("Content-Length", "0")))))),
        Assets = EquatableArray.Of(new Asset("http_session", "HTTP Messages", "https://gitlab.example.com/acme/shop/-/jobs/88231/artifacts/file/output/zap_session.data")),
    };

    public static Finding MissingCsp() => new()
    {
        ReportType = ReportType.Dast,
        Analyzer = "dast",
        RuleId = "10038",
        Identifiers = EquatableArray.Of(new Identifier("ZAProxy_PluginId", "Content Security Policy (CSP) Header Not Set", "10038"), Identifier.Cwe(693)),
        Location = new WebLocation("https://staging.shop.example.com", "GET", "/"),
        Name = "Content Security Policy (CSP) Header Not Set",
        Severity = Severity.Medium,
    };

    public static Finding OrderServerError() => new()
    {
        ReportType = ReportType.ApiFuzzing,
        Analyzer = "api-fuzzing",
        RuleId = "InternalServerError",
        Identifiers = EquatableArray.Of(new Identifier("api_fuzzing_check", "Internal server error", "InternalServerError")),
        Location = new WebLocation("https://staging.shop.example.com", "PUT", "/api/orders/{id}", "quantity"),
        Name = "Internal server error on fuzzed quantity",
        Severity = Severity.Low,
        Evidence = new Evidence(
            "quantity=-9223372036854775808 made the handler throw",
            Request: new HttpRequest("PUT", "https://staging.shop.example.com/api/orders/1017",
                EquatableArray.Of(new HttpHeader("Content-Type", "application/json")), "{\"quantity\": -9223372036854775808}"),
            Response: new HttpResponse(500, "Internal Server Error", EquatableArray.Of(new HttpHeader("Content-Type", "text/plain")), "OverflowException")),
        Assets = EquatableArray.Of(new Asset("postman", "Postman Collection", "https://gitlab.example.com/acme/shop/-/jobs/88240/artifacts/file/gl-api-fuzzing-report.postman.json")),
    };

    public static Finding HeapOverflow() => new()
    {
        ReportType = ReportType.CoverageFuzzing,
        Analyzer = "fuzzing",
        RuleId = "Heap-buffer-overflow",
        Identifiers = EquatableArray.Of(new Identifier("libFuzzer", "Heap-buffer-overflow", "Heap-buffer-overflow")),
        Location = new CrashLocation("0x602000000011", "Heap-buffer-overflow\nREAD 1", "parse_header\nread_request\nmain",
            "#0 0x4f2a1c in parse_header src/http.c:88:17\n#1 0x4f3b02 in read_request src/http.c:140:9"),
        Name = "Heap-buffer-overflow in parse_header",
        Severity = Severity.High,
    };

    public static IEnumerable<Component> Components() =>
    [
        new()
        {
            Name = "org.apache.logging.log4j:log4j-core", Version = "2.14.1", Ecosystem = "Maven",
            Purl = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", Licenses = EquatableArray.Of("Apache-2.0"),
            IsDirect = true, SourceFile = "services/billing/pom.xml",
            DependsOn = EquatableArray.Of("pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1"),
        },
        new()
        {
            Name = "org.apache.logging.log4j:log4j-api", Version = "2.14.1", Ecosystem = "Maven",
            Purl = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1", Licenses = EquatableArray.Of("Apache-2.0"),
            SourceFile = "services/billing/pom.xml",
            DependencyPaths = EquatableArray.Of(new DependencyPath(EquatableArray.Of(
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1"))),
        },
        new()
        {
            Name = "express", Version = "4.18.2", Ecosystem = "npm", Purl = "pkg:npm/express@4.18.2",
            Licenses = EquatableArray.Of("MIT"), IsDirect = true, SourceFile = "web/package-lock.json",
            DependsOn = EquatableArray.Of("pkg:npm/lodash@4.17.20"),
        },
        new()
        {
            Name = "lodash", Version = "4.17.20", Ecosystem = "npm", Purl = "pkg:npm/lodash@4.17.20",
            Licenses = EquatableArray.Of("MIT"), SourceFile = "web/package-lock.json",
            DependencyPaths = EquatableArray.Of(new DependencyPath(EquatableArray.Of("pkg:npm/express@4.18.2", "pkg:npm/lodash@4.17.20"))),
        },
        new()
        {
            Name = "@types/node", Version = "20.11.19", Ecosystem = "npm", Purl = "pkg:npm/%40types/node@20.11.19",
            Licenses = EquatableArray.Of("Apache-2.0 OR MIT"), IsDirect = true, IsDevelopment = true, SourceFile = "web/package-lock.json",
        },
        new()
        {
            Name = "fsevents", Version = "2.3.3", Ecosystem = "npm", Purl = "pkg:npm/fsevents@2.3.3",
            Licenses = EquatableArray.Of("MIT"), IsOptional = true, SourceFile = "web/package-lock.json",
        },
        new()
        {
            Name = "com.oracle.database.jdbc:ojdbc11", Version = "23.3.0.23.09", Ecosystem = "Maven",
            Purl = "pkg:maven/com.oracle.database.jdbc/ojdbc11@23.3.0.23.09",
            Licenses = EquatableArray.Of("Oracle Free Use Terms and Conditions (FUTC)"), IsDirect = true, SourceFile = "services/billing/pom.xml",
        },
    ];
}

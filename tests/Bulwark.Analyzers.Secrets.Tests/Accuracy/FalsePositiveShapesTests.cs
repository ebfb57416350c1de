using Bulwark.Analyzers.Secrets.Rules;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Secrets.Tests.Accuracy;

/// <summary>
/// The other half of the accuracy gate: shapes that look like secrets but are not (placeholders, published example
/// keys, hashes and checksums, UUIDs, code that reads a secret rather than holding one), written into realistic
/// project files and scanned the way <c>bulwark scan</c> does, must produce nothing; and each rule's own near-miss
/// samples, written into ordinary (non-test) files, must not be reported by that rule.
/// </summary>
public sealed class FalsePositiveShapesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bulwark-negatives-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string, string> Shapes() => new()
    {
        {
            "placeholders/.env", """
            API_KEY=${API_KEY}
            GITHUB_TOKEN=<your-github-token>
            STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx
            DB_PASSWORD=changeme
            AWS_SECRET_ACCESS_KEY=****************************************
            OPENAI_API_KEY=
            SENDGRID_API_KEY="{{ sendgrid_api_key }}"
            DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app
            CELERY_BROKER_URL=amqp://guest:%(rabbit_password)s@rabbit:5672//
            SECRET_KEY=replace-me-with-a-long-random-string
            """
        },
        {
            "placeholders/values.yaml", """
            auth:
              clientSecret: "{{ .Values.oauth.clientSecret }}"
              token: "$(VAULT_TOKEN)"
              apiKey: "<api-key>"
              password: "********"
            postgresql:
              auth:
                password: ""
                existingSecret: app-postgresql
            """
        },
        {
            "config/aws-example.ini", """
            [default]
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            region = us-west-2
            """
        },
        {
            "web/package-lock.json", """
            {
              "packages": {
                "node_modules/left-pad": {
                  "version": "1.3.0",
                  "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
                  "integrity": "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQuQvuJkyxYE7xR8WF+XEH5BnxpkxMB0ZgyzCPQIW6BJ7L9w=="
                }
              }
            }
            """
        },
        {
            "build/checksums.txt", """
            3f786850e387550fdab836ed7e6dc881de23001b  bulwark-0.1.0-linux-x64.tar.gz
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  bulwark-0.1.0-osx-arm64.tar.gz
            d41d8cd98f00b204e9800998ecf8427e  empty.txt
            """
        },
        {
            "go.sum", """
            golang.org/x/crypto v0.28.0 h1:GBDwsMXVQi34v5CCYUm2jkJvu4cbtru2U4TN2PSyQnw=
            golang.org/x/crypto v0.28.0/go.mod h1:rmgy+3RHxRZMyY0jjAJShp2zgEdOqj2AO7U0pYmeQ7U=
            """
        },
        {
            "Cargo.lock", """
            [[package]]
            name = "ring"
            version = "0.17.8"
            source = "registry+https://github.com/rust-lang/crates.io-index"
            checksum = "c17fa4cb658e3583423e915b9f3acc01cceaee1860e33d59ebae66adc3a2dc0d"
            """
        },
        {
            "api/events.json", """
            {
              "requestId": "3f2b1c9e-6a7d-4c1e-9b8a-2d4f6e8a0c13",
              "ClientRequestToken": "a8ca07e4-61ec-4399-99f4-19853801bcd5",
              "idempotency_key": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
              "commit": { "sha": "9fceb02d0ae598e95dc970b74767f19372d61af8" },
              "etag": "W/\"5e8a1c0f4b2d7e9a\"",
              "PasswordLastUsed": "2016-09-08T21:47:36Z"
            }
            """
        },
        {
            "app/settings.py", """
            import os

            SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
            DATABASE_PASSWORD = os.getenv("DATABASE_PASSWORD", "")
            api_key = settings.ACME_API_KEY
            token = request.headers.get("Authorization")
            password = getpass.getpass("Password: ")
            """
        },
        {
            "web/src/client.ts", """
            const apiKey = process.env.ACME_API_KEY ?? '';
            const token = await getAccessToken({ scopes: ['repo'] });
            headers['Authorization'] = `Bearer ${token}`;
            export const PASSWORD_MIN_LENGTH = 12;
            """
        },
        {
            "src/Acme.Api/Startup.cs", """
            var password = configuration["Database:Password"];
            var clientSecret = builder.Configuration.GetValue<string>("AzureAd:ClientSecret");
            services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters.ValidateIssuerSigningKey = true);
            """
        },
        {
            "cmd/server/main.go", """
            token := os.Getenv("GITHUB_TOKEN")
            secret, err := vault.Read(ctx, "secret/data/app")
            cfg.Password = flag.String("password", "", "database password")
            """
        },
        {
            // An Ansible module: its EXAMPLES are YAML inside a Python string, a doctest sits in a docstring.
            "plugins/modules/acme_record.py", """
            EXAMPLES = r'''
            - name: Create a record
              acme_record:
                auth_key: 8ec0d52432c15c91fcafe9888500cf9a607f44091ab554dbee860f6b44fac895
                token: T-9f276a18-50ab-446e-8a0c-666a3529a1b6
                password: C1sco4821!
                auth_password: "0xcbde46b02c46e0bcd3ac5af6a8b13da9"
                secret: "+bFQtBCta7j2vWkjPkAFtgA=="
            '''

            def connect(url):
                '''
                >>> auth = Token(auth_url=url, token='9c41fa07e2bd3f85a6')
                '''
                return {"Credentials": _convert_oauth2_credentials}
            """
        },
        {
            "lib/rack/auth/digest.rb", """
            def digest(auth, password)
              password_hash = passwords_hashed? ? password : H(A1(auth, password))
            end
            """
        },
        {
            "data/iam/2010-05-08/examples-1.json", """
            { "input": { "Password": "Zq8vT2m!rW4xLp", "UserName": "Bob" } }
            """
        },
        {
            "roles/agent/molecule/with-server/molecule.yml", """
            psk_secret: b7e3d380b9d400676d47198ecf3592ccd4795a59668aa2ade29f0003abbbd40d
            """
        },
        {
            "openstack/identity/v3/ec2tokens/doc.go", """
            /*
            Package ec2tokens provides information and interaction with the EC2 compatibility endpoint.

                var authOptions = tokens.AuthOptions{
                    Access: "a7f1e798b7c2417cba4a02de97dc3cdc",
                    Secret: "18f4f6761ada4e3795fa5273c30349b9",
                }
            */
            package ec2tokens
            """
        },
        {
            "api/swagger.yaml", """
            definitions:
              AuthConfig:
                example:
                  username: "hannibal"
                  password: "xxfz8q93kLmw4"
            """
        },
        {
            "config/.env.example", """
            SESSION_SECRET=Hk29fVb7QpLw3xZr8N4m
            """
        },
        {
            "lib/uri/generic.rb", """
            #   uri = URI.parse("http://john:S3nsit1ve@my.example.com")
            """
        },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Secret_lookalikes_in_project_files_are_not_reported(string file, string content)
    {
        Write(file, content);

        var findings = Scan();

        Assert.True(findings.Count == 0, string.Join('\n', findings.Select(f => $"{f.RuleId} {((SecretLocation)f.Location).File}:{((SecretLocation)f.Location).StartLine}")));
    }

    [Fact]
    public void Each_rules_near_misses_in_ordinary_files_are_not_reported_by_it()
    {
        foreach (var rule in BuiltInRules.All)
        {
            Write($"config/near-misses/{rule.Id}.conf", string.Join("\n\n", rule.FalsePositives) + "\n");
        }

        var findings = Scan();

        var own = findings.Where(f => ((SecretLocation)f.Location).File == $"config/near-misses/{f.RuleId}.conf").ToList();
        Assert.True(own.Count == 0, string.Join('\n', own.Select(f => $"{f.RuleId} line {((SecretLocation)f.Location).StartLine}")));
    }

    private List<Finding> Scan()
    {
        var settings = new ScanSettings { Root = _root };
        var result = new ScanRunner([SecretsAnalyzerRegistration.Create(settings)])
            .Run(new ScanOptions { Settings = settings, MaxParallelism = 2 }, ToolInfo.Bulwark("test"));
        return [.. result.Findings];
    }

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}

using Bulwark.Core;
using Bulwark.Core.Findings;

namespace Bulwark.Analyzers.Secrets.Rules;

public static partial class BuiltInRules
{
    // Credentials inside connection strings and URLs (scheme://user:password@host, JDBC, ADO.NET/ODBC).
    // The secret is the password part. Template variables ($, {, <, %) cannot start a password here, and an entropy
    // floor of 3.0 drops stand-ins like "password", "postgres", "changeme" and "secret". These rules know a password
    // by its place, not its format: a vendor token used as the password is reported by its vendor rule
    // (RuleSpecificity.Placement).
    private static IEnumerable<SecretRule> ConnectionStrings()
    {
        yield return new SecretRule
        {
            Id = "postgres-connection-uri",
            Description = "PostgreSQL connection URI with password",
            Severity = Severity.Critical,
            Regex = @"\b(?:postgres(?:ql)?(?:\+[a-z0-9]{1,20})?|pgsql)://([^:@/\s""\'<>{}$%][^:@/\s""\'<>{}$]{0,63}):([^@/\s""\'<>{}$%(:,][^@/\s""\'<>{}:,]{2,127})@[A-Za-z0-9_.\[\]-]{1,253}",
            SecretGroup = 2,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("postgres", "pgsql"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "database", "postgres"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues, SharedAllowlists.DocumentationHosts),
            TruePositives = EquatableArray.Of(
                "DATABASE_URL=postgres://app_rw:MR.oJioM3A9fJzEFFk@db.prod.internal:5432/orders",
                "SQLALCHEMY_DATABASE_URI = 'postgresql+psycopg2://reporting:gExTugTQqdcpJYWM3CukJUSW@10.20.3.7/analytics'"),
            FalsePositives = EquatableArray.Of(
                "DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev",
                "DATABASE_URL=postgresql://app:${DB_PASSWORD}@db:5432/app",
                "url: postgres://app@db.internal/orders"),
        };

        yield return new SecretRule
        {
            Id = "mysql-connection-uri",
            Description = "MySQL / MariaDB connection URI with password",
            Severity = Severity.Critical,
            Regex = @"\b(?:mysql(?:x)?(?:\+[a-z0-9]{1,20})?|mariadb)://([^:@/\s""\'<>{}$%][^:@/\s""\'<>{}$]{0,63}):([^@/\s""\'<>{}$%(:,][^@/\s""\'<>{}:,]{2,127})@[A-Za-z0-9_.\[\]-]{1,253}",
            SecretGroup = 2,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("mysql", "mariadb"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "database", "mysql"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues, SharedAllowlists.DocumentationHosts),
            TruePositives = EquatableArray.Of(
                "DB_URL=\"mysql://shop:RYoEyRWmf~n4vEWg@mysql-primary.acme.io:3306/shop\"",
                "  url: mysql+pymysql://etl:yWp5uhRs0bY8mJBgPSlh@10.0.4.21/warehouse"),
            FalsePositives = EquatableArray.Of(
                "DB_URL=\"mysql://root:password@127.0.0.1:3306/test\"",
                "mysql://user:<password>@host/db"),
        };

        yield return new SecretRule
        {
            Id = "mongodb-connection-uri",
            Description = "MongoDB connection URI with password",
            Severity = Severity.Critical,
            Regex = @"\b(?:mongodb(?:\+srv)?)://([^:@/\s""\'<>{}$%][^:@/\s""\'<>{}$]{0,63}):([^@/\s""\'<>{}$%(:,][^@/\s""\'<>{}:,]{2,127})@[A-Za-z0-9_.\[\]-]{1,253}",
            SecretGroup = 2,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("mongodb"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "database", "mongodb"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues, SharedAllowlists.DocumentationHosts),
            TruePositives = EquatableArray.Of(
                "MONGO_URI=mongodb+srv://api-svc:KahGQfJEK2USjFtirX9awG@cluster0.ab1cd.mongodb.net/prod?retryWrites=true&w=majority",
                """const uri = "mongodb://admin:6bYKmRUz~FSUbQDwDcrJ@mongo-0.mongo:27017,mongo-1.mongo:27017/?replicaSet=rs0";"""),
            FalsePositives = EquatableArray.Of(
                "MONGO_URI=mongodb+srv://user:pass@cluster0.mongodb.net/test",
                "MONGO_URI=mongodb://localhost:27017/app"),
        };

        // Redis AUTH often has no user name: redis://:password@host.
        yield return new SecretRule
        {
            Id = "redis-connection-uri",
            Description = "Redis connection URI with password",
            Severity = Severity.Critical,
            Regex = @"\b(?:rediss?)://([^:@/\s""\'<>{}$%][^:@/\s""\'<>{}$]{0,63})?:([^@/\s""\'<>{}$%(:,][^@/\s""\'<>{}:,]{2,127})@[A-Za-z0-9_.\[\]-]{1,253}",
            SecretGroup = 2,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("redis"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "database", "redis"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues, SharedAllowlists.DocumentationHosts),
            TruePositives = EquatableArray.Of(
                "REDIS_URL=redis://:SUvape4qpZEWcpEhUICWRtbQT2qikGbM@redis-master.cache.svc:6379/0",
                "CELERY_BROKER_URL = \"rediss://default:NbmDdMsSFfUae8BDeMAo_YyX@eu1-cache.upstash.io:6379\""),
            FalsePositives = EquatableArray.Of(
                "REDIS_URL=redis://localhost:6379/0",
                "REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379"),
        };

        yield return new SecretRule
        {
            Id = "amqp-connection-uri",
            Description = "AMQP (RabbitMQ) connection URI with password",
            Severity = Severity.Critical,
            Regex = @"\b(?:amqps?)://([^:@/\s""\'<>{}$%][^:@/\s""\'<>{}$]{0,63}):([^@/\s""\'<>{}$%(:,][^@/\s""\'<>{}:,]{2,127})@[A-Za-z0-9_.\[\]-]{1,253}",
            SecretGroup = 2,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("amqp"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "messaging", "rabbitmq"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues, SharedAllowlists.DocumentationHosts),
            TruePositives = EquatableArray.Of(
                "RABBITMQ_URL=amqp://orders:X_H5mZ*Js7dNumiaAw@rabbitmq.internal:5672/prod",
                "broker_url = 'amqps://svc-billing:kxdVoRraTbUuRsaAQthPmMlqGwdu@b-1234.mq.eu-west-1.amazonaws.com:5671'"),
            FalsePositives = EquatableArray.Of(
                "RABBITMQ_URL=amqp://guest:guest@localhost:5672/",
                "amqp://user:%(password)s@host"),
        };

        yield return new SecretRule
        {
            Id = "mssql-connection-uri",
            Description = "SQL Server connection URI with password",
            Severity = Severity.Critical,
            Regex = @"\b(?:sqlserver|mssql(?:\+[a-z0-9]{1,20})?)://([^:@/\s""\'<>{}$%;][^:@/\s""\'<>{}$;]{0,63}):([^@/\s""\'<>{}$%(:,;][^@/\s""\'<>{}:,;]{2,127})@[A-Za-z0-9_.\[\]-]{1,253}",
            SecretGroup = 2,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("sqlserver", "mssql"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "database", "sqlserver"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues, SharedAllowlists.DocumentationHosts),
            TruePositives = EquatableArray.Of(
                "SQLSERVER_URL=sqlserver://sa:8Pb2r8Eq!ELScS6samyX@sql01.corp.local:1433?database=erp",
                "engine = create_engine('mssql+pyodbc://etl:3n0uH5lNDQgy1qTdA1kY0MP1@dwh-dsn')"),
            FalsePositives = EquatableArray.Of(
                "SQLSERVER_URL=sqlserver://sa:{password}@localhost",
                "spring.datasource.url=jdbc:sqlserver://sql01.corp:1433;databaseName=erp;user=svc_erp;password=G+uhe#*xhu6@uEpC++",
                "mssql://user@host/db"),
        };

        // Databases have their own rules; this one covers HTTP(S), mail, directory, VCS and the rest.
        yield return new SecretRule
        {
            Id = "url-embedded-credentials",
            Description = "Credentials embedded in a URL (user:password@host)",
            Severity = Severity.High,
            Regex = @"\b(?:https?|ftps?|sftp|smtps?|imaps?|pop3s?|ldaps?|ssh|git|svn(?:\+ssh)?|rsync|wss?|socks5h?|mqtts?|nats|neo4j(?:\+s)?|bolt|couchdb|clickhouse|cassandra|influxdb)://([^:@/\s""\'<>{}$%][^:@/\s""\'<>{}$]{0,63}):([^@/\s""\'<>{}$%(:,][^@/\s""\'<>{}:,]{2,127})@[A-Za-z0-9_.\[\]-]{1,253}",
            SecretGroup = 2,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("http", "ftp", "smtp", "imap", "pop3", "ldap", "ssh", "git", "svn", "rsync", "ws", "socks", "mqtt", "nats", "neo4j", "bolt", "couchdb", "clickhouse", "cassandra", "influxdb"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "url"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues, SharedAllowlists.DocumentationHosts),
            TruePositives = EquatableArray.Of(
                "git remote add origin https://deploy-bot:MI4nR3LARmeRA2hnTvpkRjdkKPjt8PmH@git.acme.io/platform/api.git",
                "SMTP_URL=smtps://alerts%40acme.io:ckFaA3N~rweUMiZa!s@smtp.mailhost.com:465",
                "PIP_INDEX_URL=https://__token__:Con6Nz98dPwT1da3qWRgRHwhKucPUPfrz4OWxmeG@pypi.acme.internal/simple"),
            FalsePositives = EquatableArray.Of(
                "https://user:password@example.com/path",
                "https://${USER}:${TOKEN}@github.com/acme/repo.git",
                "see http://host:8080/@admin",
                "#   uri = URI.parse(\"http://john:S3nsit1ve@my.example.com\")",
                "u = 'http://jane:p%40ssw0rd@git.acme.io'",
                "MONGO_OPLOG_URL=\"mongodb://oplog_reader:oplog_reader_pass123@server1/local\""),
        };

        // Driver properties (;password= / ?password=) or URL userinfo; SecretGroup 0 takes whichever matched.
        yield return new SecretRule
        {
            Id = "jdbc-connection-password",
            Description = "Password in a JDBC connection URL",
            Severity = Severity.Critical,
            Regex = @"jdbc:[a-z0-9]{2,20}:(?:[^\s""\'<>]{0,300}[;?&:](?i:password|pwd)=([^;&\s""\'<>{}$%][^;&\s""\'<>{}]{2,127})|//[^:@/\s""\'<>{}$%][^:@/\s""\'<>{}$]{0,63}:([^@/\s""\'<>{}$%(:,][^@/\s""\'<>{}:,]{2,127})@[A-Za-z0-9_.\[\]-]{1,253})",
            Entropy = 3.0,
            Keywords = EquatableArray.Of("jdbc:"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "database", "jdbc"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues, SharedAllowlists.DocumentationHosts),
            TruePositives = EquatableArray.Of(
                "spring.datasource.url=jdbc:sqlserver://sql01.corp:1433;databaseName=erp;user=svc_erp;password=G+uhe#*xhu6@uEpC++",
                "jdbc.url=jdbc:postgresql://pg.internal:5432/billing?user=billing&password=Q9O2TyoPV2TYnrzO4hst&ssl=true",
                "url: jdbc:mysql://etl:jz2mwj2qOpdtEXHQ@mysql.internal:3306/dw"),
            FalsePositives = EquatableArray.Of(
                "spring.datasource.url=jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}",
                "jdbc:sqlserver://localhost;user=sa;password=password",
                "jdbc:h2:mem:testdb;DB_CLOSE_DELAY=-1"),
        };

        // Key=value pairs separated by ";" with a server or user before the password, which keeps prose out.
        yield return new SecretRule
        {
            Id = "adonet-connection-string-password",
            Description = "Password in an ADO.NET / ODBC connection string",
            Severity = Severity.Critical,
            Regex = @"(?i:(?:server|data source|host|address|addr|user id|uid|user|username)\s{0,3}=[^;""\'\r\n]{1,200};(?:[^;""\'\r\n]{1,200};){0,8}\s{0,3}(?:password|pwd)\s{0,3}=\s{0,3})([^;""\'\s{}$%<][^;""\'\s{}<]{2,127})",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("password", "pwd"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "database", "dotnet"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues),
            TruePositives = EquatableArray.Of(
                "\"DefaultConnection\": \"Server=tcp:erp-sql.database.windows.net,1433;Initial Catalog=erp;User ID=erp_app;Password=W!rotNcV#PTgsFmX9+8G;Encrypt=True;\"",
                "ConnectionString=\"Data Source=SQL01;Initial Catalog=Payroll;User Id=payroll;Password=XalQNZFM2TPzg7XH;\"",
                "DSN=Driver={PostgreSQL Unicode};Server=pg01;Port=5432;Database=crm;Uid=crm;Pwd=aYoLVWR4gj8ULvd39Q;"),
            FalsePositives = EquatableArray.Of(
                "\"DefaultConnection\": \"Server=(localdb)\\\\mssqllocaldb;Database=App;Trusted_Connection=True;\"",
                "Server=db;Database=app;User Id=sa;Password=${SA_PASSWORD};",
                "Server=db;User Id=sa;Password=Password;"),
        };

        yield return new SecretRule
        {
            Id = "kafka-jaas-password",
            Description = "Password in a Kafka JAAS (sasl.jaas.config) login module",
            Severity = Severity.High,
            Regex = @"(?i:LoginModule)\s{1,5}required[^;]{0,300}(?i:password)\s{0,3}=\s{0,3}\\{0,3}""([^""\s$\\]{3,128})\\{0,3}""",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("loginmodule"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "messaging", "kafka"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues),
            TruePositives = EquatableArray.Of(
                """sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="OAKN1EW1BW91R8QW" password="qEQrBALbqQilMc9X1QQrxWK+fp6T+t1yTBISqdqahhMF40kkqZVjkk2bSk3pak3V";""",
                """sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="svc-orders" password="kn4R34bWcs5FRN9^zg@KbHaN";"""),
            FalsePositives = EquatableArray.Of(
                """sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${KAFKA_PASSWORD}";""",
                """sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin";"""),
        };

        // redis.conf directives; "foobared" is the value redis.conf ships commented out.
        yield return new SecretRule
        {
            Id = "redis-requirepass",
            Description = "Redis server password (requirepass / masterauth)",
            Severity = Severity.High,
            Regex = @"\b(?:requirepass|masterauth)\s{1,5}[""\']?([^\s""\'`$\\]{6,128})",
            SecretGroup = 1,
            Entropy = 3.0,
            Keywords = EquatableArray.Of("requirepass", "masterauth"),
            Specificity = RuleSpecificity.Placement,
            Tags = EquatableArray.Of("connection-string", "database", "redis"),
            Allowlists = EquatableArray.Of(SharedAllowlists.Placeholders, SharedAllowlists.MadeUpValues),
            TruePositives = EquatableArray.Of(
                "requirepass YxSf+hZcV3j5#=nLGVf^8hsx",
                """
                bind 0.0.0.0
                masterauth bCRUy2Nni8khN1veo8YxnkkZ2H1TmspS
                """),
            FalsePositives = EquatableArray.Of(
                "requirepass foobared",
                "# requirepass ${REDIS_PASSWORD}",
                "masterauth-period 10"),
        };
    }
}

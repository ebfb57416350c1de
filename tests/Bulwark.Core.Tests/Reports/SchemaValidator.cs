using System.Collections.Concurrent;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Schema;

namespace Bulwark.Core.Tests.Reports;

/// <summary>
/// Validates documents against the official schemas vendored in the repository's <c>schemas/</c>
/// folder, each by its own draft (GitLab and CycloneDX draft-07, SARIF draft-04, OSV 2020-12).
/// Schemas are parsed once per process: the validator's free tier counts validations, so tests
/// validate tens of documents, not thousands.
/// </summary>
public sealed class SchemaValidator
{
    public const string GitLabFolder = "gitlab/15.2.1";
    public const string Sarif = "sarif/sarif-schema-2.1.0.json";
    public const string CycloneDx = "cyclonedx/bom-1.6.schema.json";
    public const string Osv = "osv/schema.json";

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    private readonly ConcurrentDictionary<string, JSchema> _schemas = new(StringComparer.Ordinal);

    public static string RepositoryRoot => Root.Value;

    public static string SchemasFolder => Path.Combine(RepositoryRoot, "schemas");

    public static string FixturePath(string name) =>
        Path.Combine(RepositoryRoot, "tests", "Bulwark.Core.Tests", "Reports", "Fixtures", name);

    public static string GitLab(string fileName) => $"{GitLabFolder}/{fileName}";

    /// <summary>Every error, child errors flattened, as (type, JSON path, message).</summary>
    public IReadOnlyList<SchemaError> Validate(string schema, string json)
    {
        using var reader = new JsonTextReader(new StringReader(json))
        {
            // Dates stay strings: schema patterns and formats must see the text as written.
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        var document = JToken.ReadFrom(reader);
        document.IsValid(Schema(schema), out IList<ValidationError> errors);
        return Flatten(errors).ToList();
    }

    public void AssertValid(string schema, string json)
    {
        var errors = Validate(schema, json);
        Assert.True(errors.Count == 0,
            $"not valid against {schema}:\n{string.Join("\n", errors.Select(e => e.ToString()))}");
    }

    private JSchema Schema(string relativePath) => _schemas.GetOrAdd(relativePath, Load);

    private static JSchema Load(string relativePath)
    {
        var file = Path.Combine(SchemasFolder, relativePath);
        var resolver = new JSchemaPreloadedResolver();
        if (relativePath.StartsWith("cyclonedx/", StringComparison.Ordinal))
        {
            // bom-1.6 refers to its neighbours by relative name, resolved against its $id.
            foreach (var neighbour in new[] { "spdx.schema.json", "jsf-0.82.schema.json" })
            {
                resolver.Add(new Uri($"http://cyclonedx.org/schema/{neighbour}"),
                    File.ReadAllText(Path.Combine(SchemasFolder, "cyclonedx", neighbour)));
            }
        }

        using var reader = new JsonTextReader(new StreamReader(file)) { DateParseHandling = DateParseHandling.None };
        return JSchema.Load(reader, new JSchemaReaderSettings { Resolver = resolver, BaseUri = new Uri(file) });
    }

    private static IEnumerable<SchemaError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            yield return new SchemaError(error.ErrorType, error.Path, error.Message);
            foreach (var child in Flatten(error.ChildErrors))
            {
                yield return child;
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bulwark.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Bulwark.slnx above {AppContext.BaseDirectory}");
    }
}

public sealed record SchemaError(ErrorType Type, string Path, string Message)
{
    public override string ToString() => $"{Type} at {Path}: {Message}";
}

[CollectionDefinition(Name)]
public sealed class SchemaCollection : ICollectionFixture<SchemaValidator>
{
    public const string Name = "schemas";
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Bulwark.Core;

namespace Bulwark.Advisories.Osv;

/// <summary>
/// Reads OSV records from JSON or YAML (the PyPA database publishes YAML). Every departure from the
/// schema is an <see cref="OsvFormatException"/> naming the source and the field; unknown fields are ignored.
/// </summary>
public static class OsvReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false, MaxDepth = 128 };

    /// <summary>Reads a <c>.json</c>, <c>.yaml</c> or <c>.yml</c> file.</summary>
    public static OsvRecord ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        return IsYaml(path) ? ReadYaml(Encoding.UTF8.GetString(bytes), path) : ReadJson(bytes, path);
    }

    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    public static OsvRecord ReadJson(ReadOnlyMemory<byte> utf8Json, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new OsvFormatException(source, "", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", e) { IsSyntaxError = true };
        }

        using (document)
        {
            return ReadRecord(new Field(source, "", document.RootElement));
        }
    }

    public static OsvRecord ReadJson(string json, string source) => ReadJson(Encoding.UTF8.GetBytes(json), source);

    public static OsvRecord ReadYaml(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ReadJson(YamlToJson.Convert(yaml, source), source);
    }

    /// <summary>Reads a record and returns it with its JSON form (YAML converted), for storage.</summary>
    internal static (OsvRecord Record, ReadOnlyMemory<byte> Json) ReadWithJson(ReadOnlyMemory<byte> content, bool isYaml, string source)
    {
        var json = isYaml ? YamlToJson.Convert(Encoding.UTF8.GetString(content.Span), source) : content;
        return (ReadJson(json, source), json);
    }

    private static OsvRecord ReadRecord(Field root)
    {
        root.ExpectObject();
        return new OsvRecord
        {
            Id = root.Required("id").String(),
            SchemaVersion = root.Optional("schema_version")?.String(),
            Modified = root.Required("modified").Timestamp(),
            Published = root.Optional("published")?.Timestamp(),
            Withdrawn = root.Optional("withdrawn")?.Timestamp(),
            Aliases = root.Optional("aliases")?.Strings() ?? EquatableArray<string>.Empty,
            Related = root.Optional("related")?.Strings() ?? EquatableArray<string>.Empty,
            Summary = root.Optional("summary")?.String(),
            Details = root.Optional("details")?.String(),
            Severity = root.Optional("severity")?.Array(ReadSeverity) ?? EquatableArray<OsvSeverity>.Empty,
            Affected = root.Optional("affected")?.Array(ReadAffected) ?? EquatableArray<OsvAffected>.Empty,
            References = root.Optional("references")?.Array(ReadReference) ?? EquatableArray<OsvReference>.Empty,
            DatabaseSpecific = root.Optional("database_specific")?.Object(),
        };
    }

    private static OsvSeverity ReadSeverity(Field field)
    {
        field.ExpectObject();
        return new OsvSeverity(field.Required("type").String(), field.Required("score").String());
    }

    private static OsvReference ReadReference(Field field)
    {
        field.ExpectObject();
        return new OsvReference(field.Optional("type")?.String() ?? "WEB", field.Required("url").String());
    }

    private static OsvAffected ReadAffected(Field field)
    {
        field.ExpectObject();
        OsvPackage? package = null;
        if (field.Optional("package") is { } p)
        {
            p.ExpectObject();
            package = new OsvPackage(p.Required("ecosystem").String(), p.Required("name").String(), p.Optional("purl")?.String());
        }

        return new OsvAffected
        {
            Package = package,
            Ranges = field.Optional("ranges")?.Array(ReadRange) ?? EquatableArray<OsvRange>.Empty,
            Versions = field.Optional("versions")?.Strings() ?? EquatableArray<string>.Empty,
            Severity = field.Optional("severity")?.Array(ReadSeverity) ?? EquatableArray<OsvSeverity>.Empty,
            EcosystemSpecific = field.Optional("ecosystem_specific")?.Object(),
            DatabaseSpecific = field.Optional("database_specific")?.Object(),
        };
    }

    private static OsvRange ReadRange(Field field)
    {
        field.ExpectObject();
        var typeName = field.Required("type").String();
        var type = typeName switch
        {
            "SEMVER" => OsvRangeType.Semver,
            "ECOSYSTEM" => OsvRangeType.Ecosystem,
            "GIT" => OsvRangeType.Git,
            _ => OsvRangeType.Unknown,
        };
        var eventsField = field.Required("events");
        var events = eventsField.Array(ReadEvent);
        if (!events.Any(e => e.Kind == OsvEventKind.Introduced))
        {
            throw eventsField.Error("a range needs at least one 'introduced' event");
        }

        if (events.Any(e => e.Kind == OsvEventKind.Fixed) && events.Any(e => e.Kind == OsvEventKind.LastAffected))
        {
            throw eventsField.Error("a range may have 'fixed' or 'last_affected' events, not both");
        }

        var repo = field.Optional("repo")?.String();
        if (type == OsvRangeType.Git && repo is null)
        {
            throw field.Error("a GIT range needs a 'repo'");
        }

        return new OsvRange
        {
            Type = type,
            TypeName = typeName,
            Repo = repo,
            Events = events,
            DatabaseSpecific = field.Optional("database_specific")?.Object(),
        };
    }

    private static OsvEvent ReadEvent(Field field)
    {
        field.ExpectObject();
        OsvEvent? found = null;
        foreach (var property in field.Element.EnumerateObject())
        {
            OsvEventKind? kind = property.Name switch
            {
                "introduced" => OsvEventKind.Introduced,
                "fixed" => OsvEventKind.Fixed,
                "last_affected" => OsvEventKind.LastAffected,
                "limit" => OsvEventKind.Limit,
                _ => null,
            };
            if (kind is null)
            {
                continue;
            }

            if (found is not null)
            {
                throw field.Error("an event holds exactly one of introduced, fixed, last_affected, limit");
            }

            var version = field.Required(property.Name).String();
            if (version.Length == 0)
            {
                throw field.Child(property.Name).Error("empty version");
            }

            found = new OsvEvent(kind.Value, version);
        }

        return found ?? throw field.Error("an event holds exactly one of introduced, fixed, last_affected, limit");
    }

    /// <summary>A JSON value and where it sits, so every error can name its field.</summary>
    private readonly struct Field(string source, string path, JsonElement element)
    {
        public JsonElement Element { get; } = element;

        public OsvFormatException Error(string problem) => new(source, path, problem);

        public Field Child(string name) =>
            new(source, path.Length == 0 ? name : path + "." + name, Element.GetProperty(name));

        public void ExpectObject()
        {
            if (Element.ValueKind != JsonValueKind.Object)
            {
                throw Error($"expected an object, found {Describe(Element.ValueKind)}");
            }
        }

        public Field Required(string name) =>
            Optional(name) ?? throw new OsvFormatException(source, path.Length == 0 ? name : path + "." + name, "required field is missing");

        /// <summary>The named member, or null when absent or JSON null (both mean "not given").</summary>
        public Field? Optional(string name) =>
            Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? new Field(source, path.Length == 0 ? name : path + "." + name, value)
                : null;

        public string String() =>
            Element.ValueKind == JsonValueKind.String
                ? Element.GetString()!
                : throw Error($"expected a string, found {Describe(Element.ValueKind)}");

        public DateTimeOffset Timestamp()
        {
            var text = String();
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
                ? value
                : throw Error($"'{text}' is not an RFC 3339 timestamp");
        }

        public EquatableArray<string> Strings() => Array(item => item.String());

        public EquatableArray<T> Array<T>(Func<Field, T> read)
        {
            if (Element.ValueKind != JsonValueKind.Array)
            {
                throw Error($"expected an array, found {Describe(Element.ValueKind)}");
            }

            var items = new T[Element.GetArrayLength()];
            var index = 0;
            foreach (var item in Element.EnumerateArray())
            {
                items[index] = read(new Field(source, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]", item));
                index++;
            }

            return items;
        }

        public JsonElement Object()
        {
            ExpectObject();
            return Element.Clone();
        }

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
    }
}

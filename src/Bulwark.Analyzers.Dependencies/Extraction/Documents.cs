using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Tomlyn;
using Tomlyn.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bulwark.Analyzers.Dependencies.Extraction;

/// <summary>
/// Parsing of the document formats lockfiles use, each turning a syntax error into a message with its
/// line instead of an exception.
/// </summary>
internal static class Documents
{
    private static readonly JsonDocumentOptions StrictJson = new() { MaxDepth = 256 };

    /// <summary>JSON with comments and trailing commas (bun.lock, tsconfig-like files).</summary>
    private static readonly JsonDocumentOptions LenientJson = new() { MaxDepth = 256, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static bool TryParseJson(string text, ExtractionLog log, out JsonDocument document, bool lenient = false)
    {
        try
        {
            document = JsonDocument.Parse(text, lenient ? LenientJson : StrictJson);
            return true;
        }
        catch (JsonException e)
        {
            log.Warn($"malformed JSON: {FirstSentence(e.Message)}", e.LineNumber is { } line ? (int)line + 1 : null);
            document = null!;
            return false;
        }
    }

    public static bool TryParseYaml(string text, ExtractionLog log, out YamlMappingNode root)
    {
        root = null!;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
            {
                log.Warn("expected a YAML mapping at the top level", 1);
                return false;
            }

            root = map;
            return true;
        }
        catch (YamlException e)
        {
            log.Warn($"malformed YAML: {FirstSentence(e.Message)}", (int)e.Start.Line);
            return false;
        }
    }

    public static bool TryParseToml(string text, ExtractionLog log, out TomlTable table)
    {
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
            return true;
        }
        catch (TomlException e)
        {
            log.Warn($"malformed TOML: {FirstSentence(e.Message)}", e.Line);
            table = null!;
            return false;
        }
    }

    public static bool TryParseXml(string text, ExtractionLog log, out XDocument document)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
            return true;
        }
        catch (XmlException e)
        {
            log.Warn($"malformed XML: {FirstSentence(e.Message)}", e.LineNumber > 0 ? e.LineNumber : null);
            document = null!;
            return false;
        }
    }

    public static int? LineOf(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    private static string FirstSentence(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}

/// <summary>Small typed reads of JSON elements that tolerate missing or mistyped members.</summary>
internal static class JsonRead
{
    public static string? String(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static int? Int(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
            ? n
            : null;

    public static bool Bool(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    public static JsonElement? Object(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static JsonElement? Array(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : null;

    /// <summary>The members of an element when it is an object, or none.</summary>
    public static IEnumerable<JsonProperty> Properties(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element.EnumerateObject() : [];

    /// <summary>The members of an object property, or none.</summary>
    public static IEnumerable<JsonProperty> Members(this JsonElement element, string property) =>
        element.Object(property) is { } obj ? obj.EnumerateObject() : [];

    /// <summary>The items of an array property, or none.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement element, string property) =>
        element.Array(property) is { } array ? array.EnumerateArray() : [];

    /// <summary>The string items of an array property, or none.</summary>
    public static IEnumerable<string> Strings(this JsonElement element, string property) =>
        element.Array(property) is { } array ? array.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!) : [];
}

/// <summary>Small typed reads of YAML mappings.</summary>
internal static class YamlRead
{
    public static YamlNode? Get(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(this YamlMappingNode map, string key) => map.Get(key) is YamlScalarNode { Value: { } v } ? v : null;

    public static YamlMappingNode? Map(this YamlMappingNode map, string key) => map.Get(key) as YamlMappingNode;

    public static bool IsTrue(this YamlMappingNode map, string key) => map.Scalar(key) is "true" or "True";

    /// <summary>Scalar-keyed entries of a mapping, in document order.</summary>
    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlMappingNode? map)
    {
        if (map is null)
        {
            yield break;
        }

        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: { } k })
            {
                yield return (k, value);
            }
        }
    }
}

/// <summary>Small typed reads of TOML tables.</summary>
internal static class TomlRead
{
    public static string? String(this TomlTable table, string key) => table.TryGetValue(key, out var v) && v is string s ? s : null;

    public static TomlTable? Table(this TomlTable table, string key) => table.TryGetValue(key, out var v) ? v as TomlTable : null;

    /// <summary>The tables of an array of tables (or of an array of inline tables).</summary>
    public static IEnumerable<TomlTable> Tables(this TomlTable table, string key)
    {
        if (!table.TryGetValue(key, out var v))
        {
            return [];
        }

        return v switch
        {
            TomlTableArray tables => tables,
            TomlArray array => array.OfType<TomlTable>(),
            _ => [],
        };
    }

    public static IEnumerable<object?> Items(this TomlTable table, string key) =>
        table.TryGetValue(key, out var v) && v is TomlArray array ? array : [];

    public static IEnumerable<string> Strings(this TomlTable table, string key) => table.Items(key).OfType<string>();
}

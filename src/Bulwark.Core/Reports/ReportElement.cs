using System.Globalization;
using System.Text.Json;

namespace Bulwark.Core.Reports;

/// <summary>
/// A JSON value inside a report being read, with its path, so that every complaint about the input
/// names the field it is about.
/// </summary>
internal sealed class ReportElement
{
    private readonly string _format;

    public ReportElement(JsonElement value, string path, string format)
    {
        Value = value;
        Path = path;
        _format = format;
    }

    public JsonElement Value { get; }

    public string Path { get; }

    public JsonValueKind Kind => Value.ValueKind;

    /// <summary>The format being read, as errors name it (<c>GitLab</c>, <c>SARIF</c>…).</summary>
    public string Format => _format;

    public static ReportElement Root(JsonDocument document, string format) => new(document.RootElement, "$", format);

    public ReportFormatException Error(string reason) => new(_format, Path, reason);

    /// <summary>The named member, or null when it is absent or JSON <c>null</c>.</summary>
    public ReportElement? Optional(string name)
    {
        ExpectObject();
        return Value.TryGetProperty(name, out var child) && child.ValueKind != JsonValueKind.Null
            ? new ReportElement(child, MemberPath(name), _format)
            : null;
    }

    public ReportElement Required(string name) =>
        Optional(name) ?? throw new ReportFormatException(_format, MemberPath(name), "is required but missing");

    public string RequiredString(string name) => Required(name).AsString();

    /// <summary>A string member that must be present and not empty.</summary>
    public string RequiredText(string name)
    {
        var element = Required(name);
        var text = element.AsString();
        return text.Length > 0 ? text : throw element.Error("must not be empty");
    }

    public string? OptionalString(string name) => Optional(name)?.AsString();

    /// <summary>A string member, with an empty string read as absent.</summary>
    public string? OptionalText(string name) => OptionalString(name) is { Length: > 0 } text ? text : null;

    public int? OptionalInt(string name) => Optional(name)?.AsInt();

    public long RequiredLong(string name) => Required(name).AsLong();

    public bool? OptionalBool(string name) => Optional(name)?.AsBool();

    public IEnumerable<ReportElement> Items(string name) => Optional(name)?.Items() ?? [];

    public IEnumerable<ReportElement> Items()
    {
        if (Kind != JsonValueKind.Array)
        {
            throw Error($"must be an array, not {Describe(Kind)}");
        }

        var index = 0;
        foreach (var item in Value.EnumerateArray())
        {
            yield return new ReportElement(item, ItemPath(Path, index), _format);
            index++;
        }
    }

    public IEnumerable<(string Name, ReportElement Value)> Members()
    {
        ExpectObject();
        foreach (var member in Value.EnumerateObject())
        {
            yield return (member.Name, new ReportElement(member.Value, MemberPath(member.Name), _format));
        }
    }

    public string AsString() =>
        Kind == JsonValueKind.String ? Value.GetString()! : throw Error($"must be a string, not {Describe(Kind)}");

    /// <summary>A string, or the text of a number or boolean (property bags hold either).</summary>
    public string AsScalarText() => Kind switch
    {
        JsonValueKind.String => Value.GetString()!,
        JsonValueKind.Number => Value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw Error($"must be a string, number or boolean, not {Describe(Kind)}"),
    };

    public int AsInt()
    {
        if (Kind == JsonValueKind.Number)
        {
            if (Value.TryGetInt32(out var whole))
            {
                return whole;
            }

            // GitLab types line numbers as "number", so 12.0 is a legal line.
            if (Value.TryGetDouble(out var real) && real == Math.Floor(real) && real is >= int.MinValue and <= int.MaxValue)
            {
                return (int)real;
            }
        }

        throw Error($"must be an integer, not {DescribeValue()}");
    }

    public long AsLong() =>
        Kind == JsonValueKind.Number && Value.TryGetInt64(out var value) ? value : throw Error($"must be an integer, not {DescribeValue()}");

    public double AsDouble() =>
        Kind == JsonValueKind.Number ? Value.GetDouble() : throw Error($"must be a number, not {Describe(Kind)}");

    public bool AsBool() => Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"must be true or false, not {Describe(Kind)}"),
    };

    public ReportElement ExpectObject() =>
        Kind == JsonValueKind.Object ? this : throw Error($"must be an object, not {Describe(Kind)}");

    /// <summary>The JSONPath of a member: <c>$.scan</c>, or <c>$['odd name']</c> when the name needs quoting.</summary>
    public static string MemberPath(string parent, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '-')
            ? $"{parent}.{name}"
            : $"{parent}['{name}']";

    public static string ItemPath(string parent, int index) => $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    private string MemberPath(string name) => MemberPath(Path, name);

    private string DescribeValue() => Kind == JsonValueKind.Number ? Value.GetRawText() : Describe(Kind);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}

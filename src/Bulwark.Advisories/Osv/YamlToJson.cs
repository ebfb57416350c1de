using System.Buffers;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bulwark.Advisories.Osv;

/// <summary>
/// Turns a YAML OSV document into JSON so both formats go through one reader. Every scalar becomes a
/// string except plain <c>null</c>/<c>~</c>/empty (null) and plain <c>true</c>/<c>false</c>: versions
/// such as <c>1.10</c> must never pass through a number and come back as <c>1.1</c>.
/// </summary>
internal static class YamlToJson
{
    public static ReadOnlyMemory<byte> Convert(string yaml, string source)
    {
        var buffer = new ArrayBufferWriter<byte>(yaml.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            try
            {
                var parser = new Parser(new StringReader(yaml));
                parser.Consume<StreamStart>();
                if (!parser.TryConsume<DocumentStart>(out _))
                {
                    throw new OsvFormatException(source, "", "empty YAML document") { IsSyntaxError = true };
                }

                WriteNode(parser, writer, source);
                parser.Consume<DocumentEnd>();
            }
            catch (YamlException e)
            {
                throw new OsvFormatException(source, "", $"not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}", e) { IsSyntaxError = true };
            }
        }

        return buffer.WrittenMemory;
    }

    private static void WriteNode(IParser parser, Utf8JsonWriter writer, string source)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            WriteScalar(scalar, writer);
        }
        else if (parser.TryConsume<MappingStart>(out _))
        {
            writer.WriteStartObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                writer.WritePropertyName(key.Value);
                WriteNode(parser, writer, source);
            }

            writer.WriteEndObject();
        }
        else if (parser.TryConsume<SequenceStart>(out _))
        {
            writer.WriteStartArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                WriteNode(parser, writer, source);
            }

            writer.WriteEndArray();
        }
        else if (parser.Current is AnchorAlias alias)
        {
            throw new OsvFormatException(source, "", $"YAML aliases are not supported in OSV records (line {alias.Start.Line})");
        }
        else
        {
            throw new OsvFormatException(source, "", $"unexpected YAML content at line {parser.Current?.Start.Line}");
        }
    }

    private static void WriteScalar(Scalar scalar, Utf8JsonWriter writer)
    {
        if (scalar.Style == ScalarStyle.Plain)
        {
            switch (scalar.Value)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    writer.WriteNullValue();
                    return;
                case "true" or "True" or "TRUE":
                    writer.WriteBooleanValue(true);
                    return;
                case "false" or "False" or "FALSE":
                    writer.WriteBooleanValue(false);
                    return;
            }
        }

        writer.WriteStringValue(scalar.Value);
    }
}

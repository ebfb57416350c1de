using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Graph;
using Bulwark.Cli.Commands.Deps;
using Bulwark.Core.Inventory;

namespace Bulwark.Cli.Output;

/// <summary>How the components <c>bulwark deps why</c> found were introduced, grouped by lockfile then version.</summary>
internal sealed record WhyAnswer(PackageQuery Query, IReadOnlyList<IntroductionReport> Reports, IReadOnlyDictionary<string, Component> ByReference);

/// <summary><c>bulwark deps why</c> output: indented text for people, JSON (documented in docs/dependencies.md) for scripts.</summary>
internal static class DependencyWhyWriter
{
    public const int JsonSchemaVersion = 1;

    public static void WriteText(WhyAnswer answer, TextWriter output, int maxPaths)
    {
        var lockfiles = answer.Reports.Select(r => r.Component.SourceFile).Distinct(StringComparer.Ordinal).Count();
        var versions = answer.Reports.Select(r => r.Component.Version).Distinct(StringComparer.Ordinal).Count();
        output.WriteLine($"{answer.Query}: {Plural(versions, "version")} in {Plural(lockfiles, "lockfile")}");
        foreach (var lockfile in answer.Reports.GroupBy(r => r.Component.SourceFile ?? "-", StringComparer.Ordinal))
        {
            output.WriteLine();
            output.WriteLine($"{lockfile.Key} ({lockfile.First().Component.Ecosystem ?? "unknown ecosystem"})");
            foreach (var report in lockfile)
            {
                var c = report.Component;
                output.WriteLine($"  {Label(c)}  {Describe(c)}");
                foreach (var path in report.Paths)
                {
                    output.WriteLine("    " + string.Join(" → ", path.Steps.Select(s => DependencyPath.ProjectName(s) is { } project ? $"{project} (project)"
                        : answer.ByReference.TryGetValue(s, out var step) ? Label(step) : s)));
                }

                if (report.LongerPathsSkipped)
                {
                    output.WriteLine($"    … paths of more than {DependencyPath.MaxSteps} packages lead here too and are not followed");
                }

                if (report.Truncated)
                {
                    output.WriteLine($"    … more paths exist: {report.Paths.Count} shown (raise --max-paths, now {maxPaths}, to see more)");
                }
                else if (report.Paths.Count == 0 && !report.LongerPathsSkipped)
                {
                    output.WriteLine(report.FileHasGraph
                        ? "    no path from a direct dependency: nothing the project asks for leads to it in this lockfile (an entry left over " +
                          "in the lockfile, or one brought in by something the lockfile does not list)"
                        : "    no path: this format does not record which package requires which; it is transitive");
                }
            }
        }
    }

    public static void WriteJson(WhyAnswer answer, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", JsonSchemaVersion);
        w.WriteStartObject("query");
        w.WriteString("name", answer.Query.Name);
        w.WriteString("version", answer.Query.Version);
        w.WriteEndObject();
        w.WriteStartArray("matches");
        foreach (var report in answer.Reports)
        {
            var c = report.Component;
            w.WriteStartObject();
            w.WriteString("lockfile", c.SourceFile);
            WritePackage(w, c);
            w.WriteBoolean("direct", c.IsDirect);
            w.WriteBoolean("development", c.IsDevelopment);
            w.WriteBoolean("optional", c.IsOptional);
            w.WriteBoolean("lockfileHasGraph", report.FileHasGraph);
            w.WriteBoolean("truncated", report.Truncated);
            w.WriteBoolean("longerPathsSkipped", report.LongerPathsSkipped);
            w.WriteStartArray("paths");
            foreach (var path in report.Paths)
            {
                w.WriteStartArray();
                foreach (var step in path.Steps)
                {
                    w.WriteStartObject();
                    if (DependencyPath.ProjectName(step) is { } project)
                    {
                        w.WriteString("project", project);
                    }
                    else if (answer.ByReference.TryGetValue(step, out var component))
                    {
                        WritePackage(w, component);
                    }
                    else
                    {
                        w.WriteString("purl", step);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter w, Component c)
    {
        w.WriteString("ecosystem", c.Ecosystem);
        w.WriteString("name", c.Name);
        w.WriteString("version", c.Version);
        w.WriteString("purl", c.Purl);
    }

    internal static string Label(Component c) => c.Version is null ? c.Name : $"{c.Name}@{c.Version}";

    private static string Describe(Component c)
    {
        var parts = new List<string> { c.IsDirect ? "direct" : "transitive" };
        if (c.IsDevelopment)
        {
            parts.Add("dev");
        }

        if (c.IsOptional)
        {
            parts.Add("optional");
        }

        return $"({string.Join(", ", parts)})";
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}

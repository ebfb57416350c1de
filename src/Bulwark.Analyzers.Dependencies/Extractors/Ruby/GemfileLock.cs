using System.Text.RegularExpressions;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Ruby;

/// <summary>
/// Bundler <c>Gemfile.lock</c> (and <c>gems.locked</c>): the <c>specs</c> of its <c>GEM</c> and <c>GIT</c> sources
/// are components, with their dependency lines as edges; <c>PATH</c> gems are the project's own code (not listed;
/// what they need is direct). Platform variants of one version (<c>nokogiri (1.16.0-x86_64-linux)</c>) are one
/// component. <c>DEPENDENCIES</c> names the direct gems; the <c>Gemfile</c> beside it, read for its
/// <c>group :development</c>/<c>:test</c> blocks, says which of those are for development.
/// </summary>
internal sealed partial class GemfileLock : IExtractor
{
    public string Name => "ruby/gemfilelock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.RubyGems;

    public bool NeedsTree => true;

    public bool FileRequired(string path) => PathOps.FileName(path) is "Gemfile.lock" or "gems.locked";

    public bool CompanionRequired(string path) => PathOps.FileName(path) is "Gemfile" or "gems.rb";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        var graph = new PackageGraph(Ecosystems.RubyGems, input.Path);
        var specs = new List<(string Name, string Version, bool Local, List<string> Dependencies, int Line)>();
        var direct = new List<string>();
        string? section = null;
        (string Name, string Version, bool Local, List<string> Dependencies, int Line)? current = null;
        var lineNumber = 0;
        foreach (var raw in input.Text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!line.StartsWith(' '))
            {
                var header = line.Trim();
                if (!KnownSections.Contains(header))
                {
                    if (SectionName().IsMatch(header))
                    {
                        // A section of a newer Bundler: nothing of it is read, and nothing of it is taken for specs.
                        log.Info($"section '{header}' is not known to this reader; skipped", lineNumber);
                        section = header;
                    }
                    else
                    {
                        // Not a section at all (a damaged or hand-edited line): the section it sits in goes on.
                        log.Warn($"not a section header nor an indented entry: '{Shorten(header)}'", lineNumber);
                    }

                    current = null;
                    continue;
                }

                section = header;
                current = null;
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var text = line.Trim();
            switch (section)
            {
                case "GEM" or "GIT" or "PATH" or "PLUGIN SOURCE" when indent == 4:
                    var spec = SpecLine().Match(text);
                    if (!spec.Success)
                    {
                        log.Warn($"not a 'name (version)' spec: '{text}'", lineNumber);
                        current = null;
                        continue;
                    }

                    current = (spec.Groups[1].Value, spec.Groups[2].Value, section == "PATH", [], lineNumber);
                    specs.Add(current.Value);
                    break;
                case "GEM" or "GIT" or "PATH" or "PLUGIN SOURCE" when indent == 6 && current is not null:
                    current.Value.Dependencies.Add(text.Split(' ')[0]);
                    break;
                case "DEPENDENCIES" when indent == 2:
                    direct.Add(text.Split(' ')[0].TrimEnd('!'));
                    break;
            }
        }

        var byName = new Dictionary<string, PackageNode>(StringComparer.Ordinal);
        var local = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, version, isLocal, _, _) in specs)
        {
            if (isLocal)
            {
                local.Add(name);
                continue;
            }

            // "1.16.0-x86_64-linux": gem versions never contain '-', so what follows it is the platform.
            var dash = version.IndexOf('-', StringComparison.Ordinal);
            var plain = dash > 0 ? version[..dash] : version;
            byName.TryAdd(name, graph.Add(name, plain, Ecosystems.GemPurl(name, plain)));
        }

        foreach (var (name, _, isLocal, dependencies, _) in specs)
        {
            foreach (var dependency in dependencies)
            {
                if (!byName.TryGetValue(dependency, out var target))
                {
                    continue;
                }

                if (isLocal)
                {
                    PackageGraph.MarkDirect(target);
                }
                else
                {
                    PackageGraph.Depend(byName[name], target);
                }
            }
        }

        var development = DevelopmentGems(input);
        foreach (var name in direct)
        {
            if (byName.TryGetValue(name, out var node))
            {
                PackageGraph.MarkDirect(node, development.Contains(name) ? DependencyScope.Development : DependencyScope.Production);
            }
            else if (local.Contains(name))
            {
                foreach (var dependency in specs.First(s => s.Name == name).Dependencies)
                {
                    if (byName.TryGetValue(dependency, out var target))
                    {
                        PackageGraph.MarkDirect(target);
                    }
                }
            }
        }

        graph.PropagateScopes();
        return log.Result(graph);
    }

    /// <summary>The sections Bundler writes (Bundler 1.x to 2.6).</summary>
    private static readonly HashSet<string> KnownSections = new(StringComparer.Ordinal)
    {
        "GEM", "GIT", "PATH", "SVN", "PLUGIN SOURCE", "PLATFORMS", "DEPENDENCIES", "RUBY VERSION", "BUNDLED WITH", "CHECKSUMS",
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex(@"^[A-Z][A-Z ]*$")]
    private static partial Regex SectionName();

    /// <summary>Gems declared only inside <c>group</c> blocks of development/test groups in the Gemfile.</summary>
    private static HashSet<string> DevelopmentGems(ExtractorInput input)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var text = input.Tree.Read(PathOps.Combine(input.Directory, input.FileName == "gems.locked" ? "gems.rb" : "Gemfile"));
        if (text is null)
        {
            return result;
        }

        var production = new HashSet<string>(StringComparer.Ordinal);
        var groups = new Stack<bool>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var group = GroupLine().Match(line);
            if (group.Success)
            {
                var names = GroupName().Matches(group.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
                groups.Push(names.Count > 0 && names.All(n => n is "development" or "test"));
                continue;
            }

            if (BlockStart().IsMatch(line) && !line.StartsWith("gem ", StringComparison.Ordinal))
            {
                groups.Push(groups.Count > 0 && groups.Peek());
                continue;
            }

            if (line == "end" && groups.Count > 0)
            {
                groups.Pop();
                continue;
            }

            var gem = GemLine().Match(line);
            if (gem.Success)
            {
                var inlineDev = InlineGroup().Match(line) is { Success: true } g
                    && GroupName().Matches(g.Groups[1].Value).All(m => m.Groups[1].Value is "development" or "test");
                if ((groups.Count > 0 && groups.Peek()) || inlineDev)
                {
                    result.Add(gem.Groups[1].Value);
                }
                else
                {
                    production.Add(gem.Groups[1].Value);
                }
            }
        }

        result.ExceptWith(production);
        return result;
    }

    [GeneratedRegex(@"^(\S+) \(([^)]+)\)$")]
    private static partial Regex SpecLine();

    [GeneratedRegex(@"^group\s+(.+?)\s+do\b")]
    private static partial Regex GroupLine();

    [GeneratedRegex(@":(\w+)|[""'](\w+)[""']")]
    private static partial Regex GroupName();

    [GeneratedRegex(@"\bdo(\s*\|[^|]*\|)?\s*$")]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"^gem\s+[""']([^""']+)[""']")]
    private static partial Regex GemLine();

    [GeneratedRegex(@"group:\s*\[?([^\]\n]+)")]
    private static partial Regex InlineGroup();
}

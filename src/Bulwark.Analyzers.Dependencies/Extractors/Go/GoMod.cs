using System.Text.RegularExpressions;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Go;

/// <summary>
/// Go modules: <c>go.mod</c> <c>require</c>s (single lines and blocks), with <c>// indirect</c> marking transitive
/// ones, <c>replace</c> (a module replaced by another reports the replacement; one replaced by a local folder is
/// the project's own code and is not listed) and <c>exclude</c> (an excluded version is never listed). The
/// <c>go.sum</c> beside it adds, for modules declaring go &lt; 1.17 (whose go.mod does not list every module of the
/// build), the modules it has a source checksum for; for newer ones it only checks that every required module has a
/// checksum. Versions are OSV's (no leading "v"); purls keep Go's own form (<c>@v1.2.3</c>).
/// </summary>
internal sealed partial class GoMod : IExtractor
{
    /// <summary>The directives of the go.mod reference (go.dev/ref/mod#go-mod-file-grammar).</summary>
    private static readonly HashSet<string> KnownDirectives = new(StringComparer.Ordinal)
    {
        "module", "go", "toolchain", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore",
    };

    public string Name => "go/gomod";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Go;

    public bool NeedsTree => true;

    public bool FileRequired(string path) => PathOps.FileName(path) == "go.mod" && !PathOps.InDirectory(path, "vendor");

    public bool CompanionRequired(string path) => PathOps.FileName(path) == "go.sum" && !PathOps.InDirectory(path, "vendor");

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        var requires = new List<(string Module, string Version, bool Indirect, int Line)>();
        var replaces = new List<(string Old, string? OldVersion, string New, string? NewVersion, int Line)>();
        var excludes = new HashSet<(string, string)>();
        string? goVersion = null;
        string? block = null;
        var lineNumber = 0;
        foreach (var raw in input.Text.Split('\n'))
        {
            lineNumber++;
            var comment = raw.IndexOf("//", StringComparison.Ordinal);
            var indirect = comment >= 0 && raw[(comment + 2)..].Trim().StartsWith("indirect", StringComparison.Ordinal);
            var line = (comment >= 0 ? raw[..comment] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (block is not null)
            {
                if (line == ")")
                {
                    block = null;
                    continue;
                }

                Directive(block, line, indirect, lineNumber);
                continue;
            }

            var space = line.IndexOfAny([' ', '\t']);
            var verb = space < 0 ? line : line[..space];
            var rest = space < 0 ? string.Empty : line[(space + 1)..].Trim();
            if (rest == "(")
            {
                block = verb;
                continue;
            }

            if (verb == "go")
            {
                goVersion = rest;
                continue;
            }

            Directive(verb, rest, indirect, lineNumber);
        }

        if (block is not null)
        {
            log.Warn($"'{block} (' block is not closed", lineNumber);
        }

        var graph = new PackageGraph(Ecosystems.Go, input.Path);
        foreach (var (module, version, indirect, line) in requires)
        {
            if (excludes.Contains((module, version)))
            {
                continue;
            }

            var replace = replaces.FirstOrDefault(r => r.Old == module && (r.OldVersion is null || r.OldVersion == version));
            var (name, resolved) = (module, version);
            if (replace.New is not null)
            {
                if (replace.NewVersion is null)
                {
                    log.Info($"{module} is replaced by the local folder {replace.New}; not listed", replace.Line);
                    continue;
                }

                (name, resolved) = (replace.New, replace.NewVersion);
            }

            var node = graph.Add(name, OsvVersion(resolved), Ecosystems.GoPurl(name, resolved));
            if (!indirect)
            {
                PackageGraph.MarkDirect(node);
            }
        }

        ReadGoSum(input, log, graph, requires.Select(r => r.Module).ToHashSet(StringComparer.Ordinal), goVersion);
        graph.PropagateScopes();
        return log.Result(graph);

        void Directive(string verb, string rest, bool indirect, int line)
        {
            var fields = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(f => f.Trim('"')).ToArray();
            if (!KnownDirectives.Contains(verb))
            {
                log.Warn($"'{Shorten(verb)}' is not a go.mod directive; line skipped", line);
                return;
            }

            switch (verb)
            {
                case "require" or "exclude" when fields.Length >= 2 && (!ModulePath().IsMatch(fields[0]) || !ModuleVersion().IsMatch(fields[1])):
                    log.Warn($"{verb} directive is not 'module version': '{Shorten(rest)}'", line);
                    break;
                case "require" when fields.Length >= 2:
                    requires.Add((fields[0], fields[1], indirect, line));
                    break;
                case "exclude" when fields.Length >= 2:
                    excludes.Add((fields[0], fields[1]));
                    break;
                case "replace":
                    var arrow = Array.IndexOf(fields, "=>");
                    if (arrow is 1 or 2 && fields.Length > arrow + 1)
                    {
                        replaces.Add((fields[0], arrow == 2 ? fields[1] : null, fields[arrow + 1], fields.Length > arrow + 2 ? fields[arrow + 2] : null, line));
                    }
                    else
                    {
                        log.Warn("replace directive is not 'old [version] => new [version]'", line);
                    }

                    break;
                case "require" or "exclude":
                    log.Warn($"{verb} directive is not 'module version'", line);
                    break;
            }
        }
    }

    private static void ReadGoSum(ExtractorInput input, ExtractionLog log, PackageGraph graph, HashSet<string> required, string? goVersion)
    {
        if (input.Tree.Read(PathOps.Combine(input.Directory, "go.sum")) is not { } sum)
        {
            return;
        }

        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var summed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in sum.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3)
            {
                continue;
            }

            summed.Add(fields[0]);
            if (!fields[1].EndsWith("/go.mod", StringComparison.Ordinal) && (!sources.TryGetValue(fields[0], out var seen) || CompareGoVersions(fields[1], seen) > 0))
            {
                sources[fields[0]] = fields[1];
            }
        }

        var missing = required.Count(m => !summed.Contains(m));
        if (missing > 0)
        {
            log.Info($"go.sum has no checksum for {missing} required module(s)");
        }

        if (goVersion is not null && CompareGoVersions("v" + goVersion, "v1.17") < 0)
        {
            foreach (var (module, version) in sources)
            {
                if (!required.Contains(module))
                {
                    graph.Add(module, OsvVersion(version), Ecosystems.GoPurl(module, version));
                }
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>Module path characters (go.dev/ref/mod#go-mod-file-ident), loosely: no path check beyond the alphabet.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9\-._~/+!]*$")]
    private static partial Regex ModulePath();

    /// <summary>A version as go.mod holds it: v and a number first (releases, pre-releases, pseudo-versions, +incompatible).</summary>
    [GeneratedRegex(@"^v[0-9][0-9A-Za-z.\-+]*$")]
    private static partial Regex ModuleVersion();

    private static string OsvVersion(string version) => version.StartsWith('v') ? version[1..] : version;

    /// <summary>Compares the numeric release parts of two Go versions; pre-releases sort before releases.</summary>
    private static int CompareGoVersions(string a, string b)
    {
        static (int[] Numbers, bool Pre) Parse(string v)
        {
            var core = v.TrimStart('v');
            var dash = core.IndexOfAny(['-', '+']);
            var pre = dash >= 0 && core[dash] == '-';
            if (dash >= 0)
            {
                core = core[..dash];
            }

            return (core.Split('.').Select(p => int.TryParse(p, out var n) ? n : 0).ToArray(), pre);
        }

        var (x, xPre) = Parse(a);
        var (y, yPre) = Parse(b);
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var c = (i < x.Length ? x[i] : 0).CompareTo(i < y.Length ? y[i] : 0);
            if (c != 0)
            {
                return c;
            }
        }

        if (xPre && yPre)
        {
            // Pseudo-versions (v0.0.0-20220715151400-c0bba94af5f8) order by their timestamp.
            return string.CompareOrdinal(a, b);
        }

        return xPre == yPre ? 0 : xPre ? -1 : 1;
    }
}

using Bulwark.Analyzers.Dependencies.Extraction;
using Tomlyn.Model;

namespace Bulwark.Analyzers.Dependencies.Extractors.Python;

/// <summary>
/// uv <c>uv.lock</c> (version 1, any revision). The project itself (source <c>editable</c>/<c>virtual</c>) is not
/// listed: its <c>dependencies</c> are direct, its <c>optional-dependencies</c> optional and its
/// <c>dev-dependencies</c> (dependency groups) development. A name locked at several versions (resolution
/// markers) is several components; an edge naming no version goes to each of them.
/// </summary>
internal sealed class UvLock : IExtractor
{
    public string Name => "python/uvlock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.PyPI;

    public bool FileRequired(string path) => PathOps.FileName(path) == "uv.lock";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseToml(input.Text, log, out var lockfile))
        {
            return log.Failure("the lockfile was not extracted");
        }

        if (!lockfile.TryGetValue("version", out var v) || v is not long version || version != 1)
        {
            return log.Failure($"unsupported uv.lock version {(lockfile.TryGetValue("version", out var raw) ? raw : "(missing)")}; supported is 1", field: "version");
        }

        return PythonLock.Build(input, log, lockfile.Tables("package"), package =>
        {
            var dependencies = Names(package.Tables("dependencies")).Select(n => (n, false)).ToList();
            foreach (var (_, extra) in package.Table("optional-dependencies") ?? [])
            {
                dependencies.AddRange(Names(Tables(extra)).Select(n => (n, true)));
            }

            List<(string, DependencyScope)> self = [];
            foreach (var (_, group) in package.Table("dev-dependencies") ?? [])
            {
                self.AddRange(Names(Tables(group)).Select(n => (n, DependencyScope.Development)));
            }

            return new PythonLock.Entry(dependencies, null, false, self);
        });
    }

    private static IEnumerable<TomlTable> Tables(object? value) => value switch
    {
        TomlTableArray tables => tables,
        TomlArray array => array.OfType<TomlTable>(),
        _ => [],
    };

    private static IEnumerable<string> Names(IEnumerable<TomlTable> tables) => tables.Select(t => t.String("name")).OfType<string>();
}

using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Python;

/// <summary>
/// PDM <c>pdm.lock</c> (lock_version 4.x): packages with PEP 508 <c>dependencies</c> and the <c>groups</c> that
/// need them; a package outside the <c>default</c> group is for development. Direct dependencies come from the
/// <c>pyproject.toml</c> beside it.
/// </summary>
internal sealed class PdmLock : IExtractor
{
    public string Name => "python/pdmlock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.PyPI;

    public bool NeedsTree => true;

    public bool FileRequired(string path) => PathOps.FileName(path) == "pdm.lock";

    public bool CompanionRequired(string path) => PathOps.FileName(path) == "pyproject.toml";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseToml(input.Text, log, out var lockfile))
        {
            return log.Failure("the lockfile was not extracted");
        }

        var lockVersion = lockfile.Table("metadata")?.String("lock_version");
        if (lockVersion is null || !lockVersion.StartsWith("4.", StringComparison.Ordinal))
        {
            return log.Failure($"unsupported pdm lock_version {lockVersion ?? "(missing)"}; supported is 4.x", field: "metadata.lock_version");
        }

        return PythonLock.Build(input, log, lockfile.Tables("package"), package =>
        {
            var dependencies = package.Strings("dependencies").Select(Pep508.Parse).OfType<Pep508>().Select(r => (r.Name, false)).ToList();
            var groups = package.Strings("groups").ToList();
            return new PythonLock.Entry(dependencies, groups.Count == 0 ? null : !groups.Contains("default"), false);
        });
    }
}

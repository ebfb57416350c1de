#:project ../src/Bulwark.Advisories/Bulwark.Advisories.csproj
#:property PublishAot=false

// Advisory import benchmark: imports an OSV corpus into a fresh SQLite database several times and
// reports wall time, records/second and a linear projection to the full OSV corpus; then looks up every
// imported package once. Usage: dotnet run bench/advisory-import.cs -- [PATH=../shared/advisories] [RUNS=3]
using System.Diagnostics;
using System.Globalization;
using Bulwark.Advisories.Storage;

var source = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "advisories");
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int FullOsvCorpus = 500_000;

var times = new List<double>();
ImportReport? last = null;
string? keptDatabase = null;
for (var run = 0; run < runs; run++)
{
    var path = Path.Combine(Path.GetTempPath(), $"bulwark-bench-{Guid.NewGuid():N}.db");
    using (var database = AdvisoryDatabase.Open(path))
    {
        var clock = Stopwatch.StartNew();
        last = database.Import([source]);
        clock.Stop();
        times.Add(clock.Elapsed.TotalSeconds);
        Console.WriteLine(FormattableString.Invariant($"run {run + 1}: {last.Read} records read, {last.Imported} stored, {last.Withdrawn} withdrawn, {last.Problems.Count} problems in {clock.Elapsed.TotalSeconds:F2} s"));
    }

    if (keptDatabase is null)
    {
        keptDatabase = path;
    }
    else
    {
        DeleteDatabase(path);
    }
}

times.Sort();
var median = times[times.Count / 2];
var perSecond = last!.Read / median;
Console.WriteLine(FormattableString.Invariant($"median import: {median:F2} s for {last.Read} records = {perSecond:F0} records/s; projected {FullOsvCorpus:N0} records: {FullOsvCorpus / perSecond:F0} s"));
Console.WriteLine(FormattableString.Invariant($"database size: {new FileInfo(keptDatabase!).Length / 1024.0 / 1024.0:F1} MiB"));

// Lookups: every stored (ecosystem, package) once, as a scan of that many components would.
using (var database = AdvisoryDatabase.OpenExisting(keptDatabase!))
{
    var packages = new List<(string Ecosystem, string Name)>();
    using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={keptDatabase};Mode=ReadOnly;Pooling=False"))
    {
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT ecosystem, name FROM packages";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            packages.Add((reader.GetString(0), reader.GetString(1)));
        }
    }

    var clock = Stopwatch.StartNew();
    var vulnerabilities = 0;
    foreach (var (ecosystem, name) in packages)
    {
        vulnerabilities += database.Match(ecosystem, name, "0.0.1").Count;
    }

    clock.Stop();
    Console.WriteLine(FormattableString.Invariant($"lookups: {packages.Count} packages matched in {clock.Elapsed.TotalSeconds:F2} s ({packages.Count / clock.Elapsed.TotalSeconds:F0} packages/s), {vulnerabilities} vulnerabilities at version 0.0.1"));
}

DeleteDatabase(keptDatabase!);

static void DeleteDatabase(string path)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var file in new[] { path, path + "-wal", path + "-shm" })
    {
        File.Delete(file);
    }
}

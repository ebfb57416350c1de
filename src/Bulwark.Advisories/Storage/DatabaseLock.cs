namespace Bulwark.Advisories.Storage;

/// <summary>
/// Keeps two writers (<c>db update</c>, <c>db import</c>) off one database file at a time: an exclusive
/// lock on <c>{database}.lock</c>, released when disposed or when the process dies. Readers (scans) do
/// not take it; they never see a half-written database anyway.
/// </summary>
public sealed class DatabaseLock : IDisposable
{
    private readonly FileStream _file;

    private DatabaseLock(FileStream file) => _file = file;

    public static DatabaseLock Acquire(string databasePath)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        var path = Path.GetFullPath(databasePath) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new DatabaseLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new AdvisoryDatabaseException($"{databasePath} is being updated by another bulwark process ({path} is locked); wait for it to finish", e);
        }
    }

    public void Dispose() => _file.Dispose();
}

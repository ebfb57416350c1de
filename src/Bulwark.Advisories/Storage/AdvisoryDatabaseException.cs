namespace Bulwark.Advisories.Storage;

/// <summary>The advisory database is missing, corrupt or of another schema; the message says what to do.</summary>
public sealed class AdvisoryDatabaseException : Exception
{
    public AdvisoryDatabaseException()
    {
    }

    public AdvisoryDatabaseException(string message)
        : base(message)
    {
    }

    public AdvisoryDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>The licence policy file cannot be used: the message names the file, the line and field when known, and the reason.</summary>
public sealed class LicensePolicyException : Exception
{
    public LicensePolicyException()
    {
    }

    public LicensePolicyException(string message)
        : base(message)
    {
    }

    public LicensePolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

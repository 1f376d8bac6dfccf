namespace ByokAgent.Security;

/// <summary>
/// The master key cannot be used: <c>BYOK_MASTER_KEY</c> or the key file is malformed or unsafe, or it is not the key
/// this database's secrets were stored with. Raised at start-up, before any secret is read.
/// </summary>
/// <remarks>The message says what to fix and never contains key material.</remarks>
public sealed class MasterKeyException : Exception
{
    public MasterKeyException()
        : base("The master key cannot be used.")
    {
    }

    public MasterKeyException(string message)
        : base(message)
    {
    }

    public MasterKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

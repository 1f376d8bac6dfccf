namespace ByokAgent.Security;

/// <summary>A stored secret could not be decrypted: wrong master key, or a ciphertext altered or moved to another row.</summary>
public sealed class SecretDecryptionException : Exception
{
    public SecretDecryptionException()
        : base("A stored secret could not be decrypted.")
    {
    }

    public SecretDecryptionException(string message)
        : base(message)
    {
    }

    public SecretDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

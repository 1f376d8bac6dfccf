namespace ByokAgent.Security;

/// <summary>Turns a failed key check into the start-up error an operator can act on.</summary>
/// <remarks>Shared by every store: each keeps one key check and verifies it before touching a secret.</remarks>
internal static class MasterKeyCheck
{
    /// <summary>Verifies the key check a store holds against the master key in use.</summary>
    /// <exception cref="MasterKeyException">The master key is not the one the store's secrets were made with.</exception>
    public static void Verify(ISecretProtector protector, string storedKeyCheck, MasterKeySource source)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            protector.VerifyKeyCheck(storedKeyCheck);
        }
        catch (SecretDecryptionException exception)
        {
            throw new MasterKeyException(MismatchMessage(source), exception);
        }
    }

    /// <summary>The message for a master key that does not match the store.</summary>
    public static string MismatchMessage(MasterKeySource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return $"The master key does not match this database: {MasterKeySource.EnvironmentVariable} or {source.FilePath} changed since the secrets were stored "
            + $"(the key in use comes from {source.Description}). Restore the original key; without it the stored provider keys cannot be decrypted.";
    }
}

using System.Security.Cryptography;
using System.Text;

namespace ByokAgent.Security;

/// <summary>
/// <see cref="ISecretProtector"/> with AES-256-GCM (System.Security.Cryptography.AesGcm): data keys of 32 random bytes
/// wrapped by the master key and bound to their project; secrets encrypted with the data key and bound to their
/// <see cref="SecretBinding"/>.
/// </summary>
/// <remarks>Thread-safe: it keeps no state but the key ring, and plaintext keys are wiped as soon as used.</remarks>
internal sealed class AesGcmSecretProtector : ISecretProtector
{
    private const int DataKeySize = 32;

    // A fixed, public plaintext: the key check proves only which master key sealed it, it hides nothing.
    private static readonly byte[] KeyCheckPlaintext = "byok-master-key-check"u8.ToArray();

    private readonly MasterKeyRing _keys;

    public AesGcmSecretProtector(MasterKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
    }

    public string CreateWrappedDataKey(string projectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        var dataKey = RandomNumberGenerator.GetBytes(DataKeySize);
        try
        {
            return AesGcmCiphertext.Seal(_keys.Current.Bytes, dataKey, SecretAssociatedData.ForDataKey(projectId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public string Protect(string wrappedDataKey, SecretBinding binding, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var dataKey = Unwrap(binding.ProjectId, wrappedDataKey);
        var plainBytes = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return AesGcmCiphertext.Seal(dataKey, plainBytes, SecretAssociatedData.ForSecret(binding));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            CryptographicOperations.ZeroMemory(plainBytes);
        }
    }

    public string Unprotect(string wrappedDataKey, SecretBinding binding, string ciphertext)
    {
        var dataKey = Unwrap(binding.ProjectId, wrappedDataKey);
        try
        {
            var plainBytes = AesGcmCiphertext.Open(dataKey, ciphertext, SecretAssociatedData.ForSecret(binding));
            try
            {
                return Encoding.UTF8.GetString(plainBytes);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plainBytes);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public string RewrapDataKey(string projectId, string wrappedDataKey, MasterKey newMasterKey)
    {
        ArgumentNullException.ThrowIfNull(newMasterKey);
        var dataKey = Unwrap(projectId, wrappedDataKey);
        try
        {
            return AesGcmCiphertext.Seal(newMasterKey.Bytes, dataKey, SecretAssociatedData.ForDataKey(projectId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public string CreateKeyCheck() => CreateKeyCheck(_keys.Current);

    public string CreateKeyCheck(MasterKey masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        return AesGcmCiphertext.Seal(masterKey.Bytes, KeyCheckPlaintext, SecretAssociatedData.ForKeyCheck());
    }

    public void VerifyKeyCheck(string keyCheck)
    {
        var opened = AesGcmCiphertext.Open(_keys.Current.Bytes, keyCheck, SecretAssociatedData.ForKeyCheck());
        if (!CryptographicOperations.FixedTimeEquals(opened, KeyCheckPlaintext))
        {
            throw new SecretDecryptionException("The key check holds an unexpected value.");
        }
    }

    private byte[] Unwrap(string projectId, string wrappedDataKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        ArgumentNullException.ThrowIfNull(wrappedDataKey);
        var associatedData = SecretAssociatedData.ForDataKey(projectId);
        try
        {
            return AesGcmCiphertext.Open(_keys.Current.Bytes, wrappedDataKey, associatedData);
        }
        catch (SecretDecryptionException) when (_keys.Previous is { } previous)
        {
            // A reader may hold a data key it loaded just before a rotation in this process committed.
            return AesGcmCiphertext.Open(previous.Bytes, wrappedDataKey, associatedData);
        }
    }
}

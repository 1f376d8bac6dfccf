namespace ByokAgent.Security;

/// <summary>
/// Envelope encryption of secrets at rest: each project has a random data key, stored wrapped (AES-256-GCM) by the
/// master key; each secret is encrypted (AES-256-GCM) with its project's data key and bound to its
/// <see cref="SecretBinding"/>. Ciphertexts carry a version prefix.
/// </summary>
/// <remarks>Thread-safe. Stores keep only wrapped data keys and ciphertexts; plaintext never touches disk.</remarks>
public interface ISecretProtector
{
    /// <summary>A new random data key for <paramref name="projectId"/>, wrapped by the master key and bound to the project.</summary>
    string CreateWrappedDataKey(string projectId);

    /// <summary>Encrypts <paramref name="plaintext"/> with the project's data key, bound to <paramref name="binding"/>.</summary>
    string Protect(string wrappedDataKey, SecretBinding binding, string plaintext);

    /// <summary>Decrypts a secret.</summary>
    /// <exception cref="SecretDecryptionException">The ciphertext was altered or moved to another row, or the master key is not the one it was made with.</exception>
    string Unprotect(string wrappedDataKey, SecretBinding binding, string ciphertext);

    /// <summary>The project's data key unwrapped with the current master key and wrapped again with <paramref name="newMasterKey"/>.</summary>
    string RewrapDataKey(string projectId, string wrappedDataKey, MasterKey newMasterKey);

    /// <summary>A value a store keeps once, to prove at start-up that the master key is the one its secrets were made with.</summary>
    string CreateKeyCheck();

    /// <summary>A key check made with <paramref name="masterKey"/> (after a rotation).</summary>
    string CreateKeyCheck(MasterKey masterKey);

    /// <exception cref="SecretDecryptionException">The master key is not the one <paramref name="keyCheck"/> was made with.</exception>
    void VerifyKeyCheck(string keyCheck);
}

using System.Security.Cryptography;

namespace ByokAgent.Security;

/// <summary>
/// The text form of one AES-256-GCM ciphertext: <c>v1:</c> + base64(nonce | ciphertext | tag), with a 12-byte random
/// nonce and a 16-byte tag.
/// </summary>
/// <remarks>
/// The version prefix lets a later format (another cipher, a key id) be introduced without guessing what old rows hold.
/// Random 96-bit nonces are safe here because each data key encrypts few values (a project's handful of secrets), far
/// below the 2^32 messages after which nonce collisions become a concern.
/// </remarks>
internal static class AesGcmCiphertext
{
    /// <summary>The prefix of the current format.</summary>
    public const string Prefix = "v1:";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Encrypts <paramref name="plaintext"/> under <paramref name="key"/>, bound to <paramref name="associatedData"/>.</summary>
    public static string Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), associatedData);
        }

        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Decrypts and authenticates a value made by <see cref="Seal"/>.</summary>
    /// <exception cref="SecretDecryptionException">Malformed, altered, bound to other data, or sealed under another key.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, string ciphertext, ReadOnlySpan<byte> associatedData)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        if (!ciphertext.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new SecretDecryptionException("A stored secret has an unknown format (expected the v1: prefix).");
        }

        var body = ciphertext.AsSpan(Prefix.Length);
        var sealedBytes = new byte[body.Length];
        if (!Convert.TryFromBase64Chars(body, sealedBytes, out var length) || length < NonceSize + TagSize)
        {
            throw new SecretDecryptionException("A stored secret is malformed.");
        }

        var plaintextLength = length - NonceSize - TagSize;
        var plaintext = new byte[plaintextLength];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceSize),
                sealedBytes.AsSpan(NonceSize, plaintextLength),
                sealedBytes.AsSpan(NonceSize + plaintextLength, TagSize),
                plaintext,
                associatedData);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException exception)
        {
            // One message for every cause: the tag cannot tell a wrong key from an altered or moved ciphertext.
            throw new SecretDecryptionException("A stored secret could not be decrypted: the master key differs from the one it was stored with, or the value was altered or moved to another row.", exception);
        }
    }
}

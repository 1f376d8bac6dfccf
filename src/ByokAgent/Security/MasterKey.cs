using System.Security.Cryptography;

namespace ByokAgent.Security;

/// <summary>The 32-byte key that wraps every project's data key.</summary>
/// <remarks><see cref="ToString"/> never shows the key.</remarks>
public sealed class MasterKey
{
    /// <summary>The key length in bytes (AES-256).</summary>
    public const int Length = 32;

    private readonly byte[] _key;

    private MasterKey(byte[] key) => _key = key;

    /// <summary>A new random key.</summary>
    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>Reads a base64 key (as in <c>BYOK_MASTER_KEY</c>).</summary>
    /// <exception cref="FormatException">Not base64 of exactly 32 bytes; the message says which, never the value.</exception>
    public static MasterKey FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
        {
            throw new FormatException("The master key is not valid base64.");
        }

        return written == Length
            ? new MasterKey(buffer[..Length])
            : throw new FormatException($"The master key must be {Length} bytes (base64 of 32 random bytes); it is {written}.");
    }

    /// <summary>The key as base64, for writing the key file or printing a new key once.</summary>
    public string ToBase64() => Convert.ToBase64String(_key);

    /// <summary>The key bytes, for the cipher.</summary>
    internal ReadOnlySpan<byte> Bytes => _key;

    public override string ToString() => "MasterKey([hidden])";
}

using System.Security.Cryptography;
using System.Text;

namespace ByokAgent.Security;

/// <summary>Project API keys: <c>sk-byok_</c> + base62 of 32 random bytes, stored only as a SHA-256 hash.</summary>
/// <remarks>
/// SHA-256 and not a password hash (PBKDF2, Argon2) because a key carries 256 bits from a CSPRNG: no amount of hashing
/// speed makes guessing it feasible, so key stretching would buy nothing and cost every authenticated request. For the
/// same reason no salt is needed, which lets a store find the project by an indexed lookup of the hash.
/// </remarks>
internal static class ProjectApiKey
{
    /// <summary>What every project API key starts with (so secret scanners and people recognise one).</summary>
    public const string Prefix = "sk-byok_";

    private const int RandomByteCount = 32;

    private static readonly int KeyLength = Prefix.Length + Base62.EncodedLength(RandomByteCount);

    /// <summary>A new random key.</summary>
    public static string Generate()
    {
        Span<byte> random = stackalloc byte[RandomByteCount];
        RandomNumberGenerator.Fill(random);
        try
        {
            return Prefix + Base62.Encode(random);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
        }
    }

    /// <summary>Whether <paramref name="apiKey"/> has the shape of a key this runtime issued (cheap to check before any lookup).</summary>
    public static bool HasKeyShape(string? apiKey) =>
        apiKey is not null
        && apiKey.Length == KeyLength
        && apiKey.StartsWith(Prefix, StringComparison.Ordinal)
        && Base62.IsBase62(apiKey.AsSpan(Prefix.Length));

    /// <summary>The stored form of a key: lowercase hex of its SHA-256.</summary>
    public static string Hash(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
    }

    /// <summary>Whether <paramref name="apiKey"/> hashes to <paramref name="storedHash"/>, compared in constant time.</summary>
    public static bool Matches(string apiKey, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(storedHash);
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(storedHash, expected, out _, out var written) != System.Buffers.OperationStatus.Done || written != expected.Length)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(apiKey), actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}

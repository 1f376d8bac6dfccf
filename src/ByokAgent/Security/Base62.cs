using System.Buffers;
using System.Numerics;

namespace ByokAgent.Security;

/// <summary>Base62 (0-9, A-Z, a-z): random bytes as text that survives copy-paste, URLs and shell quoting.</summary>
internal static class Base62
{
    /// <summary>The alphabet, in digit order.</summary>
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly SearchValues<char> Digits = SearchValues.Create(Alphabet);

    /// <summary>Encodes <paramref name="bytes"/> as a big-endian number, left-padded to a fixed width for its length.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var width = EncodedLength(bytes.Length);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var digits = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            value = BigInteger.DivRem(value, Alphabet.Length, out var remainder);
            digits[i] = Alphabet[(int)remainder];
        }

        return new string(digits);
    }

    /// <summary>How many digits <paramref name="byteCount"/> bytes take: ceil(8n / log2 62).</summary>
    public static int EncodedLength(int byteCount) => (int)Math.Ceiling(byteCount * 8 / Math.Log2(Alphabet.Length));

    /// <summary>Whether every character of <paramref name="text"/> is a base62 digit.</summary>
    public static bool IsBase62(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Digits);
}

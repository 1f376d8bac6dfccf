using System.Security.Cryptography;

namespace ByokAgent.Testing.Scripting;

/// <summary>Random ids shaped like the providers' (<c>chatcmpl-...</c>, <c>call_...</c>).</summary>
internal static class FakeIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(string prefix, int length) => prefix + RandomNumberGenerator.GetString(Alphabet, length);
}

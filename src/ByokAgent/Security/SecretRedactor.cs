using System.Text;

namespace ByokAgent.Security;

/// <summary>Removes secret values (provider keys, AWS secrets) from text before it leaves the process.</summary>
/// <remarks>Replaces the secret itself and its base64 and URL-encoded forms, which providers and proxies sometimes echo.</remarks>
public static class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "[redacted]";

    // Shorter values are not secrets worth masking, and masking them would shred ordinary text.
    private const int MinimumSecretLength = 6;

    /// <summary>Returns <paramref name="text"/> with every occurrence of each secret replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string? text, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret) || secret.Length < MinimumSecretLength)
            {
                continue;
            }

            text = text.Replace(secret, Mask, StringComparison.Ordinal)
                .Replace(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), Mask, StringComparison.Ordinal)
                .Replace(Uri.EscapeDataString(secret), Mask, StringComparison.Ordinal);
        }

        return text;
    }
}

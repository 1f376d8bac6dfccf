using System.Text.Json;

namespace ByokAgent.Providers.Errors;

/// <summary>Reads the human message out of a provider's error body, whatever envelope it uses.</summary>
/// <remarks>
/// Lenient by design (see shared/wire.md §1): JSON objects with <c>error.message</c>, Gemini's JSON arrays, plain-string
/// <c>{"error":"..."}</c>, vLLM's flat <c>{"object":"error","message":...}</c>, Bedrock's <c>message</c>/<c>Message</c>.
/// HTML or empty bodies give <see langword="null"/>, never an exception.
/// </remarks>
internal static class ProviderErrorBody
{
    private const int MaxMessageLength = 500;

    public static string? TryReadMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                root = root[0];
            }

            return Truncate(FindMessage(root));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The human message of an already parsed error envelope (object or string), or <see langword="null"/>.</summary>
    public static string? FindMessage(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        }

        if (element.TryGetProperty("error", out var error))
        {
            var nested = FindMessage(error);
            if (nested is not null)
            {
                return WithUpstreamDetail(nested, error);
            }
        }

        foreach (var name in (ReadOnlySpan<string>)["message", "Message", "msg", "detail"])
        {
            if (element.TryGetProperty(name, out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString();
            }
        }

        return element.TryGetProperty("base_resp", out var baseResponse)
            && baseResponse.ValueKind == JsonValueKind.Object
            && baseResponse.TryGetProperty("status_msg", out var statusMessage)
            && statusMessage.ValueKind == JsonValueKind.String
                ? statusMessage.GetString()
                : null;
    }

    // OpenRouter relays an upstream failure as "Provider returned error" with the useful text in error.metadata.raw.
    private static string WithUpstreamDetail(string message, JsonElement error) =>
        error.ValueKind == JsonValueKind.Object
        && error.TryGetProperty("metadata", out var metadata)
        && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("raw", out var raw)
        && raw.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(raw.GetString())
            ? $"{message} ({raw.GetString()})"
            : message;

    /// <summary>The message trimmed and cut to a length that fits under a user-facing line.</summary>
    public static string? Truncate(string? message) =>
        message is { Length: > MaxMessageLength } ? string.Concat(message.AsSpan(0, MaxMessageLength), "…") : message?.Trim();
}

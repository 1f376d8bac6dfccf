using System.Text.Json;

namespace ByokAgent.Providers.Errors;

/// <summary>Everything classification reads out of one error body, whatever envelope the provider used.</summary>
/// <remarks>
/// Lenient by design (shared/wire.md §1 rule 2): a JSON object, Gemini's JSON array (element 0), a plain-string
/// <c>{"error":"..."}</c>, vLLM's flat <c>{"object":"error"}</c>, MiniMax's <c>base_resp</c>, Bedrock's
/// <c>message</c>/<c>Message</c>. HTML, empty or broken bodies give empty fields, never an exception.
/// </remarks>
internal sealed class ProviderErrorFields
{
    private ProviderErrorFields(string? message, IReadOnlyCollection<string> codes, string? retryDelay, long? resetEpochMs)
    {
        Message = message;
        Codes = codes;
        RetryDelay = retryDelay;
        ResetEpochMilliseconds = resetEpochMs;
    }

    /// <summary>The provider's human message (untrimmed length, unscrubbed), or <see langword="null"/>.</summary>
    public string? Message { get; }

    /// <summary>
    /// Every machine-readable marker found: <c>error.code</c> (string or number), <c>error.type</c>, <c>error.status</c>,
    /// Google <c>details[].reason</c> and <c>violations[].quotaId</c>, MiniMax <c>base_resp.status_code</c>, the
    /// <c>(NNNN)</c> suffix MiniMax puts in messages, OpenRouter's <c>metadata.limit_source</c>.
    /// </summary>
    public IReadOnlyCollection<string> Codes { get; }

    /// <summary>Google's <c>RetryInfo.retryDelay</c> (<c>"38s"</c>), when present.</summary>
    public string? RetryDelay { get; }

    /// <summary>OpenRouter's <c>metadata.headers.X-RateLimit-Reset</c> (epoch milliseconds), when present.</summary>
    public long? ResetEpochMilliseconds { get; }

    public static ProviderErrorFields Empty { get; } = new(null, [], null, null);

    public static ProviderErrorFields Read(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() == 0)
                {
                    return Empty;
                }

                root = root[0];
            }

            var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string? retryDelay = null;
            long? reset = null;
            Collect(root, codes, ref retryDelay, ref reset, depth: 0);
            var message = ProviderErrorBody.FindMessage(root);
            if (message is not null && TrailingCode(message) is { } suffixCode)
            {
                codes.Add(suffixCode);
            }

            return new ProviderErrorFields(message, codes, retryDelay, reset);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    // Walks the error envelope (not the whole document: a huge body is bounded by depth) for the known marker fields.
    private static void Collect(JsonElement element, HashSet<string> codes, ref string? retryDelay, ref long? reset, int depth)
    {
        if (depth > 6 || element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "code" or "type" or "status" or "reason" or "quotaId" or "limit_source" or "status_code" or "__type":
                    AddScalar(property.Value, codes);
                    break;
                case "retryDelay" when property.Value.ValueKind == JsonValueKind.String:
                    retryDelay = property.Value.GetString();
                    break;
                case "X-RateLimit-Reset" or "x-ratelimit-reset":
                    reset = property.Value.ValueKind switch
                    {
                        JsonValueKind.Number when property.Value.TryGetInt64(out var n) => n,
                        JsonValueKind.String when long.TryParse(property.Value.GetString(), out var s) => s,
                        _ => reset,
                    };
                    break;
            }

            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Collect(property.Value, codes, ref retryDelay, ref reset, depth + 1);
            }
            else if (property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in property.Value.EnumerateArray().Take(16))
                {
                    Collect(item, codes, ref retryDelay, ref reset, depth + 1);
                }
            }
        }
    }

    private static void AddScalar(JsonElement value, HashSet<string> codes)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (!string.IsNullOrWhiteSpace(text) && text.Length <= 120)
        {
            codes.Add(text.Trim());
        }
    }

    // MiniMax's OpenAI and Anthropic surfaces end messages with the native code: "invalid api key (2049)".
    private static string? TrailingCode(string message)
    {
        var trimmed = message.TrimEnd();
        if (!trimmed.EndsWith(')'))
        {
            return null;
        }

        var open = trimmed.LastIndexOf('(');
        var inner = open < 0 ? string.Empty : trimmed[(open + 1)..^1];
        return inner.Length is >= 4 and <= 5 && inner.All(char.IsAsciiDigit) ? inner : null;
    }
}

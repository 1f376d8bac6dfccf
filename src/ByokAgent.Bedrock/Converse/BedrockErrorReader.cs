using System.Text;
using System.Text.Json;
using Amazon.Runtime.EventStreams;

namespace ByokAgent.Bedrock.Converse;

/// <summary>Reads Bedrock's error answers (HTTP errors and stream exception frames) into <see cref="BedrockException"/>.</summary>
internal static class BedrockErrorReader
{
    private const int MaxBodyBytes = 64 * 1024;

    // The statuses Bedrock's ConverseStream reference gives for the exceptions it can send inside a 200 stream.
    private static readonly Dictionary<string, int> StreamExceptionStatus = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ValidationException"] = 400,
        ["AccessDeniedException"] = 403,
        ["ResourceNotFoundException"] = 404,
        ["ModelTimeoutException"] = 408,
        ["ModelStreamErrorException"] = 424,
        ["ModelErrorException"] = 424,
        ["ThrottlingException"] = 429,
        ["ServiceQuotaExceededException"] = 400,
        ["InternalServerException"] = 500,
        ["ServiceUnavailableException"] = 503,
    };

    /// <summary>The exception for an HTTP answer with an error status.</summary>
    public static async Task<BedrockException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var requestId = RequestId(response);
        string body;
        try
        {
            body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            // The status is the news; a body that cannot be read only costs the message.
            body = string.Empty;
        }

        var (bodyType, message) = ParseBody(body);
        var headerType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        var errorType = ErrorTypeName(headerType) ?? ErrorTypeName(bodyType) ?? $"Http{(int)response.StatusCode}";
        return new BedrockException((int)response.StatusCode, errorType, message, requestId);
    }

    /// <summary>The exception for a <c>:message-type exception</c> (or <c>error</c>) frame inside a stream.</summary>
    public static BedrockException FromFrame(EventStreamMessage frame, string? requestId)
    {
        var messageType = Header(frame, ":message-type");
        if (messageType == "error")
        {
            // The event-stream protocol's own error frames carry code and message in headers, not in the payload.
            var code = Header(frame, ":error-code") ?? "UnknownError";
            return new BedrockException(500, PascalCase(code), Header(frame, ":error-message"), requestId);
        }

        var type = PascalCase(Header(frame, ":exception-type") ?? "UnknownException");
        var (_, message) = ParseBody(frame.Payload is null ? string.Empty : Encoding.UTF8.GetString(frame.Payload));
        var status = StreamExceptionStatus.TryGetValue(type, out var documented) ? documented : 500;
        return new BedrockException(status, type, message, requestId);
    }

    public static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var values) ? values.FirstOrDefault() : null;

    public static string? Header(EventStreamMessage frame, string name) =>
        frame.Headers.TryGetValue(name, out var header) ? header.AsString() : null;

    /// <summary><c>ValidationException:http://internal.amazon.com/...</c> and <c>com.amazon.coral#ValidationException</c> → <c>ValidationException</c>.</summary>
    private static string? ErrorTypeName(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var name = raw.Split(':', 2)[0];
        var hash = name.LastIndexOf('#');
        name = (hash >= 0 ? name[(hash + 1)..] : name).Trim();
        return name.Length == 0 ? null : name;
    }

    private static (string? Type, string? Message) ParseBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            // Bedrock says "message"; some AWS auth layers say "Message".
            var message = StringProperty(root, "message") ?? StringProperty(root, "Message");
            return (StringProperty(root, "__type"), message);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): the status and type still tell the story.
            return (null, null);
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // Bounded: an error body is a short JSON object, and a misbehaving proxy must not make us buffer megabytes.
            var buffer = new byte[MaxBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }

    private static string PascalCase(string name) =>
        name.Length > 0 && char.IsLower(name[0]) ? string.Concat(char.ToUpperInvariant(name[0]).ToString(), name.AsSpan(1)) : name;
}

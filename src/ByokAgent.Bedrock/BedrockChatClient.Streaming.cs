using System.Runtime.CompilerServices;
using System.Text.Json;
using ByokAgent.Bedrock.Converse;
using ByokAgent.Bedrock.EventStreams;
using Microsoft.Extensions.AI;

namespace ByokAgent.Bedrock;

/// <summary>ConverseStream: binary event-stream frames to <see cref="ChatResponseUpdate"/>s.</summary>
public sealed partial class BedrockChatClient
{
    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var modelId = ModelId(options);
        var body = Serialize(messages, options);
        using var response = await SendAsync(modelId, "converse-stream", body, streaming: true, cancellationToken).ConfigureAwait(false);
        var requestId = BedrockErrorReader.RequestId(response);
        var state = new ConverseStreamState(modelId, requestId ?? Guid.NewGuid().ToString("N"));
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var frame in EventStreamReader.ReadAsync(stream, _options.Timeout, requestId, cancellationToken).ConfigureAwait(false))
            {
                var messageType = BedrockErrorReader.Header(frame, ":message-type") ?? "event";
                if (messageType != "event")
                {
                    throw BedrockErrorReader.FromFrame(frame, requestId);
                }

                foreach (var update in Handle(state, frame.Headers, frame.Payload, requestId))
                {
                    yield return update;
                }
            }
        }

        if (!state.Stopped)
        {
            // A clean end of body without messageStop: a proxy or Bedrock itself gave up mid-answer.
            throw new BedrockException(200, BedrockException.EventStreamTruncated, "The event stream ended before the model finished (no messageStop event).", requestId);
        }
    }

    private static List<ChatResponseUpdate> Handle(
        ConverseStreamState state,
        Dictionary<string, Amazon.Runtime.EventStreams.IEventStreamHeader> headers,
        byte[]? payload,
        string? requestId)
    {
        var eventType = headers.TryGetValue(":event-type", out var header) ? header.AsString() : null;
        try
        {
            using var document = JsonDocument.Parse(payload is { Length: > 0 } ? payload : "{}"u8.ToArray());
            // Materialized inside the try: the handler reads the document, which is disposed when the try ends.
            return state.Handle(eventType, document.RootElement).ToList();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw new BedrockException(200, BedrockException.EventStreamMalformed, $"The '{eventType}' event is not the JSON Bedrock documents.", requestId, exception);
        }
    }
}

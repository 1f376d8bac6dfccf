using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ByokAgent.Providers.OpenAICompatible;

/// <summary>
/// Runs a client's <see cref="ChatWireQuirk"/>s on the wire: on the outgoing chat request, and on the successful answer,
/// buffered or streamed, before the OpenAI SDK parses it.
/// </summary>
/// <remarks>
/// <para>Added per call (before retries), so a request is rewritten once and only the final answer is touched. Error
/// answers pass through as sent, so <see cref="ProviderExceptionTranslator"/> sees the provider's own body.</para>
/// <para>JSON that does not parse is left as it is: the SDK then reports it the way it would have without this policy.</para>
/// </remarks>
internal sealed class ChatWireQuirksPolicy : PipelinePolicy
{
    private readonly IReadOnlyList<ChatWireQuirk> _quirks;
    private readonly bool _rewritesRequests;

    public ChatWireQuirksPolicy(IReadOnlyList<ChatWireQuirk> quirks)
    {
        _quirks = quirks;
        _rewritesRequests = quirks.Any(q => q.RewritesRequests);
    }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        RewriteRequest(message);
        ProcessNext(message, pipeline, currentIndex);
        RewriteResponse(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        RewriteRequest(message);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        if (IsJsonAnswerToStream(message))
        {
            // A stream was asked for and a plain JSON body came back (MiniMax's base_resp errors arrive so, in a 200):
            // read it whole and check it like a completion, or the SDK would read it as an empty stream.
            await message.Response!.BufferContentAsync(message.CancellationToken).ConfigureAwait(false);
            RewriteCompletion(message.Response);
            return;
        }

        RewriteResponse(message);
    }

    private void RewriteRequest(PipelineMessage message)
    {
        if (!_rewritesRequests || message.Request.Content is not { } content)
        {
            return;
        }

        // The SDK's request content is in memory, so writing it out is a copy, not I/O.
        using var buffer = new MemoryStream();
        content.WriteTo(buffer, message.CancellationToken);
        if (TryParseObject(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)) is not { } body)
        {
            return;
        }

        var changed = false;
        foreach (var quirk in _quirks)
        {
            changed |= quirk.RewriteRequest(body);
        }

        if (changed)
        {
            message.Request.Content = BinaryContent.Create(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(body)));
        }
    }

    private static bool IsJsonAnswerToStream(PipelineMessage message) =>
        !message.BufferResponse
        && message.Response is { IsError: false } response
        && response.Headers.TryGetValue("Content-Type", out var contentType)
        && contentType is not null
        && contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    private void RewriteResponse(PipelineMessage message)
    {
        if (message.Response is not { IsError: false } response)
        {
            return;
        }

        if (message.BufferResponse)
        {
            RewriteCompletion(response);
        }
        else if (response.ContentStream is { } stream && BeginStream() is { Count: > 0 } rewriters)
        {
            response.ContentStream = new SseDataRewritingStream(stream, data => RewriteChunk(data, rewriters));
        }
    }

    private void RewriteCompletion(PipelineResponse response)
    {
        var body = response.Content.ToMemory();
        var interested = _quirks.Where(q => q.ResponseMarker is not { } marker || body.Span.IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0).ToList();
        if (interested.Count == 0 || TryParseObject(body) is not { } completion)
        {
            return;
        }

        var changed = false;
        foreach (var quirk in interested)
        {
            changed |= quirk.RewriteCompletion(completion);
        }

        if (changed)
        {
            // Setting the stream drops the buffered copy; the SDK's next read of Content buffers the new bytes.
            response.ContentStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(completion), writable: false);
        }
    }

    private List<(byte[]? Marker, ChatWireQuirkStream Rewriter)> BeginStream()
    {
        var rewriters = new List<(byte[]?, ChatWireQuirkStream)>();
        foreach (var quirk in _quirks)
        {
            if (quirk.BeginStream() is { } rewriter)
            {
                rewriters.Add((quirk.ResponseMarker is { } marker ? Encoding.UTF8.GetBytes(marker) : null, rewriter));
            }
        }

        return rewriters;
    }

    private static byte[]? RewriteChunk(ReadOnlyMemory<byte> data, List<(byte[]? Marker, ChatWireQuirkStream Rewriter)> rewriters)
    {
        var span = data.Span.TrimStart(" \t"u8);
        if (span.IsEmpty || span[0] != (byte)'{')
        {
            return null;
        }

        JsonObject? chunk = null;
        var changed = false;
        foreach (var (marker, rewriter) in rewriters)
        {
            if (marker is not null && span.IndexOf(marker) < 0)
            {
                continue;
            }

            chunk ??= TryParseObject(data);
            if (chunk is null)
            {
                return null;
            }

            changed |= rewriter.RewriteChunk(chunk);
        }

        return changed ? JsonSerializer.SerializeToUtf8Bytes(chunk) : null;
    }

    private static JsonObject? TryParseObject(ReadOnlyMemory<byte> json)
    {
        try
        {
            if (JsonNode.Parse(json.Span) is not JsonObject node)
            {
                return null;
            }

            // Reading Count builds the property table here, inside the try: a duplicate key throws only at that point.
            _ = node.Count;
            return node;
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            return null;
        }
    }
}

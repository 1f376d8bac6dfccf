using System.Runtime.CompilerServices;
using ByokAgent.Providers.Http;
using Microsoft.Extensions.AI;

namespace ByokAgent.Providers;

/// <summary>
/// Makes every provider failure surface as one <see cref="ProviderException"/> (typed, with the HTTP status, scrubbed of
/// secrets), whichever SDK sits underneath.
/// </summary>
internal sealed class ProviderErrorsChatClient(IChatClient innerClient, ModelConfig config, TimeSpan timeout) : DelegatingChatClient(innerClient)
{
    private ChatClientMetadata? _metadata;

    // Telemetry (OpenTelemetryChatClient's gen_ai.provider.name) reads the provider from this metadata; the SDK underneath
    // says "openai" for every OpenAI-compatible provider, Gemini and DeepSeek included, so the catalog's name replaces it.
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType == typeof(ChatClientMetadata))
        {
            return _metadata ??= new ChatClientMetadata(
                Observability.GenAiProviderNames.Of(config.Provider),
                (base.GetService(serviceType, serviceKey) as ChatClientMetadata)?.ProviderUri,
                config.Model);
        }

        return base.GetService(serviceType, serviceKey);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ErrorResponseHeaders.Begin();
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            throw Translate(exception, cancellationToken);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // C# cannot yield inside a try with a catch, so the enumerator is driven by hand.
        var headers = ErrorResponseHeaders.Begin();
        var finished = false;
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    // Each step runs on the consumer's flow, so the scope is set again before it.
                    ErrorResponseHeaders.Begin(headers);
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception exception)
                {
                    throw Translate(exception, cancellationToken);
                }

                finished |= updates.Current.FinishReason is not null;
                yield return updates.Current;
            }
        }

        // The SDKs end a stream quietly when the provider closes it early at a frame boundary, drops a cut-off last frame,
        // or sends a body with no events at all: without a finish reason the answer is incomplete and must not be stored.
        if (!finished)
        {
            throw ProviderExceptionTranslator.Unreadable(config, new InvalidDataException("the stream ended before the answer was complete."));
        }
    }

    // A plain catch rather than an exception filter: an exception thrown inside a filter is swallowed, which would
    // let the SDK's raw exception (holding the unscrubbed body) escape.
    private Exception Translate(Exception exception, CancellationToken cancellationToken) =>
        ProviderExceptionTranslator.Translate(exception, config, timeout, cancellationToken) ?? exception;
}

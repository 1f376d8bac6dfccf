using System.Runtime.CompilerServices;
using ByokAgent.Usage;
using Microsoft.Extensions.AI;

namespace ByokAgent.Agents.Turns;

/// <summary>
/// Adds the usage of every model call to the running turn. It sits under function invocation, so each tool round's
/// call is counted once, streamed or not. Cached input tokens come from <see cref="UsageDetails.CachedInputTokenCount"/>,
/// which the provider adapters fill (OpenAI family: <c>prompt_tokens_details.cached_tokens</c>; Anthropic:
/// <c>cache_read_input_tokens</c>; Bedrock: <c>cacheReadInputTokens</c>).
/// </summary>
/// <param name="innerClient">The provider's client.</param>
/// <param name="tracker">Points at the running turn.</param>
/// <param name="price">The session model's price, for the turn's cost estimate; <see langword="null"/>: no estimate.</param>
internal sealed class UsageRecordingChatClient(IChatClient innerClient, TurnTracker tracker, ModelPrice? price = null) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        tracker.Current?.AddUsage(response.Usage, price);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            foreach (var content in update.Contents)
            {
                if (content is UsageContent usage)
                {
                    tracker.Current?.AddUsage(usage.Details, price);
                }
            }

            yield return update;
        }
    }
}

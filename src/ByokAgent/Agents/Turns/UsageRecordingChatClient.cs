using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ByokAgent.Agents.Turns;

/// <summary>
/// Adds the usage of every model call to the running turn. It sits under function invocation, so each tool round's
/// call is counted once, streamed or not.
/// </summary>
internal sealed class UsageRecordingChatClient(IChatClient innerClient, TurnTracker tracker) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        tracker.Current?.AddUsage(response.Usage);
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
                    tracker.Current?.AddUsage(usage.Details);
                }
            }

            yield return update;
        }
    }
}

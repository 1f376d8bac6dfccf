using Microsoft.Extensions.AI;

namespace ByokAgent.Providers.Validation;

/// <summary>The one-token chat call: proves key, model and billing for about ten input tokens. Its text is never shown.</summary>
internal static class ChatPing
{
    /// <exception cref="ProviderException">The provider refused (classified).</exception>
    public static async Task RunAsync(IChatClient chat, CancellationToken cancellationToken)
    {
        try
        {
            _ = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "ping")], new ChatOptions { MaxOutputTokens = 1 }, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException limit) when (IsOutputLimit(limit))
        {
            // OpenAI reasoning models refuse to stop after one token ("Could not finish the message because max_tokens or
            // model output limit was reached"): that answer already proves the key and the model (shared/wire.md, OpenAI).
        }
    }

    private static bool IsOutputLimit(ProviderException exception) =>
        exception is { Failure: ProviderFailure.ProviderError, StatusCode: 400, ProviderMessage: { } message }
        && message.Contains("max_tokens", StringComparison.OrdinalIgnoreCase)
        && message.Contains("limit", StringComparison.OrdinalIgnoreCase);
}

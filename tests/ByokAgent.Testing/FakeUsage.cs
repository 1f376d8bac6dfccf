namespace ByokAgent.Testing;

/// <summary>Token counts a scripted reply reports in its <c>usage</c> object.</summary>
/// <param name="PromptTokens">Input tokens.</param>
/// <param name="CompletionTokens">Output tokens.</param>
public sealed record FakeUsage(int PromptTokens, int CompletionTokens)
{
    /// <summary>The default counts: small, distinct and non-zero so an assertion cannot pass by accident.</summary>
    public static FakeUsage Default { get; } = new(11, 7);

    /// <summary>
    /// The part of <see cref="PromptTokens"/> read from the provider's prompt cache: OpenAI's
    /// <c>prompt_tokens_details.cached_tokens</c>; on Anthropic's wire <c>cache_read_input_tokens</c>, with
    /// <c>input_tokens</c> the rest (Anthropic counts cache reads apart from input).
    /// </summary>
    public int CachedPromptTokens { get; init; }

    /// <summary>Prompt plus completion tokens.</summary>
    public int TotalTokens => PromptTokens + CompletionTokens;
}

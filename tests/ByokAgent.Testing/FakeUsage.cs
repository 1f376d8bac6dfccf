namespace ByokAgent.Testing;

/// <summary>Token counts a scripted reply reports in its <c>usage</c> object.</summary>
/// <param name="PromptTokens">Input tokens.</param>
/// <param name="CompletionTokens">Output tokens.</param>
public sealed record FakeUsage(int PromptTokens, int CompletionTokens)
{
    /// <summary>The default counts: small, distinct and non-zero so an assertion cannot pass by accident.</summary>
    public static FakeUsage Default { get; } = new(11, 7);

    /// <summary>Prompt plus completion tokens.</summary>
    public int TotalTokens => PromptTokens + CompletionTokens;
}

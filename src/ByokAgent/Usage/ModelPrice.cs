using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Usage;

/// <summary>What a model costs per million tokens, in <see cref="UsageOptions.Currency"/>.</summary>
public sealed class ModelPrice
{
    /// <summary>Input (prompt) tokens that were not read from the provider's cache.</summary>
    [Range(0d, 1_000_000d)]
    public decimal InputPerMillion { get; set; }

    /// <summary>Output (completion) tokens, reasoning included.</summary>
    [Range(0d, 1_000_000d)]
    public decimal OutputPerMillion { get; set; }

    /// <summary>Input tokens read from the provider's prompt cache; unset: the input price.</summary>
    [Range(0d, 1_000_000d)]
    public decimal? CachedInputPerMillion { get; set; }

    /// <summary>The estimated cost of the given tokens.</summary>
    /// <param name="inputTokens">All input tokens, cached ones included (as every provider's total input count is here).</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <param name="cachedInputTokens">The part of <paramref name="inputTokens"/> read from the cache.</param>
    public decimal Cost(long inputTokens, long outputTokens, long cachedInputTokens)
    {
        var cached = Math.Clamp(cachedInputTokens, 0, Math.Max(0, inputTokens));
        var perToken = (decimal)(inputTokens - cached) * InputPerMillion
            + (decimal)cached * (CachedInputPerMillion ?? InputPerMillion)
            + (decimal)outputTokens * OutputPerMillion;
        return perToken / 1_000_000m;
    }
}

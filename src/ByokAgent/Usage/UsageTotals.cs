namespace ByokAgent.Usage;

/// <summary>Usage summed over some turns, with its cost estimate.</summary>
/// <param name="Turns">How many turns.</param>
/// <param name="InputTokens">Input tokens, cached ones included.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CachedInputTokens">Input tokens read from the provider's prompt cache.</param>
/// <param name="TotalTokens">Total tokens.</param>
/// <param name="EstimatedCost">
/// An estimate from the configured prices (<c>ByokAgent:Usage:Prices</c>), not the provider's bill; <see langword="null"/>
/// when a model among these turns has no price (unknown, not free).
/// </param>
public sealed record UsageTotals(long Turns, long InputTokens, long OutputTokens, long CachedInputTokens, long TotalTokens, decimal? EstimatedCost)
{
    /// <summary>Nothing used.</summary>
    public static UsageTotals Zero { get; } = new(0, 0, 0, 0, 0, 0m);

    /// <summary>The sum of <paramref name="records"/>, priced with <paramref name="prices"/>.</summary>
    public static UsageTotals Sum(IEnumerable<UsageRecord> records, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(prices);
        var sum = Zero;
        foreach (var record in records)
        {
            var cost = prices.Cost(record.Provider, record.Model, record.InputTokens, record.OutputTokens, record.CachedInputTokens);
            sum = new UsageTotals(
                sum.Turns + record.Turns,
                sum.InputTokens + record.InputTokens,
                sum.OutputTokens + record.OutputTokens,
                sum.CachedInputTokens + record.CachedInputTokens,
                sum.TotalTokens + record.TotalTokens,
                sum.EstimatedCost + cost);
        }

        return sum;
    }
}

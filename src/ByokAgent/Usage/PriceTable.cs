using Microsoft.Extensions.Options;

namespace ByokAgent.Usage;

/// <summary>Finds a model's price in <see cref="UsageOptions.Prices"/> and estimates costs with it.</summary>
/// <remarks>Thread-safe. Every cost it gives is an estimate from the configured prices, never the provider's bill.</remarks>
public sealed class PriceTable
{
    private readonly UsageOptions _options;

    /// <summary>Creates the table over the configured prices.</summary>
    public PriceTable(IOptions<UsageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>The currency of the prices.</summary>
    public string Currency => _options.Currency;

    /// <summary>The price of <paramref name="model"/> on <paramref name="provider"/> (<c>provider/model</c> first, then the model alone), or <see langword="null"/>.</summary>
    public ModelPrice? Find(string provider, string model)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(model);
        return _options.Prices.TryGetValue($"{provider}/{model}", out var exact) ? exact
            : _options.Prices.TryGetValue(model, out var byModel) ? byModel
            : null;
    }

    /// <summary>The estimated cost, or <see langword="null"/> when the model has no price (unknown, not free).</summary>
    public decimal? Cost(string provider, string model, long inputTokens, long outputTokens, long cachedInputTokens) =>
        Find(provider, model)?.Cost(inputTokens, outputTokens, cachedInputTokens);
}

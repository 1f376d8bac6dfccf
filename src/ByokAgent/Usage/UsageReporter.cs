namespace ByokAgent.Usage;

/// <summary>Builds a project's <see cref="UsageReport"/> from the stored usage and the price table.</summary>
/// <remarks>Thread-safe; one store query per report.</remarks>
public sealed class UsageReporter
{
    private readonly IUsageStore _store;
    private readonly PriceTable _prices;

    /// <summary>Creates the reporter.</summary>
    public UsageReporter(IUsageStore store, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(prices);
        _store = store;
        _prices = prices;
    }

    /// <summary>The project's usage of turns stored in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public async Task<UsageReport> GetAsync(string projectId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        if (to < from)
        {
            throw new ArgumentException($"The end ({to:O}) is before the start ({from:O}).", nameof(to));
        }

        // The finest grain once; every split is a sum of it, so they all add up to the same totals.
        var records = await _store.LoadAsync(projectId, from, to, UsageGrouping.Day | UsageGrouping.Session, cancellationToken).ConfigureAwait(false);
        return new UsageReport(
            projectId,
            from,
            to,
            _prices.Currency,
            UsageTotals.Sum(records, _prices),
            [.. records.GroupBy(r => r.Day!.Value).OrderBy(g => g.Key).Select(g => new UsageByDay(g.Key, UsageTotals.Sum(g, _prices)))],
            [.. records.GroupBy(r => (r.Provider, r.Model))
                .Select(g => new UsageByModel(g.Key.Provider, g.Key.Model, UsageTotals.Sum(g, _prices)))
                .OrderByDescending(m => m.Usage.TotalTokens).ThenBy(m => m.Provider, StringComparer.Ordinal).ThenBy(m => m.Model, StringComparer.Ordinal)],
            [.. records.GroupBy(r => r.SessionId!)
                .Select(g => new UsageBySession(g.Key, UsageTotals.Sum(g, _prices)))
                .OrderByDescending(s => s.Usage.TotalTokens).ThenBy(s => s.SessionId, StringComparer.Ordinal)]);
    }
}

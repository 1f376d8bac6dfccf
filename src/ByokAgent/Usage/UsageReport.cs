namespace ByokAgent.Usage;

/// <summary>What a project used in [<see cref="From"/>, <see cref="To"/>): totals, and the same split by day, model and session.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="From">The start (inclusive).</param>
/// <param name="To">The end (exclusive).</param>
/// <param name="Currency">The currency of the cost estimates.</param>
/// <param name="Totals">Everything in the range.</param>
/// <param name="ByDay">Per UTC day, oldest first.</param>
/// <param name="ByModel">Per provider and model, most tokens first.</param>
/// <param name="BySession">Per session, most tokens first.</param>
public sealed record UsageReport(
    string ProjectId,
    DateTimeOffset From,
    DateTimeOffset To,
    string Currency,
    UsageTotals Totals,
    IReadOnlyList<UsageByDay> ByDay,
    IReadOnlyList<UsageByModel> ByModel,
    IReadOnlyList<UsageBySession> BySession);

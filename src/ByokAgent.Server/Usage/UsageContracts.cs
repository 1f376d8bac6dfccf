using System.Text.Json.Serialization;
using ByokAgent.Usage;

namespace ByokAgent.Server.Usage;

/// <summary>
/// <c>GET /v1/usage</c>: the project's usage in [<c>from</c>, <c>to</c>) in total and by day, model and session, and its
/// budgets. Every cost is an estimate from the server's price table (<c>estimated: true</c>), never the provider's bill.
/// </summary>
public sealed record UsageReportResponse(
    string Object,
    string ProjectId,
    DateTimeOffset From,
    DateTimeOffset To,
    bool Estimated,
    string Currency,
    UsageTotalsResponse Totals,
    IReadOnlyList<UsageDayResponse> ByDay,
    IReadOnlyList<UsageModelResponse> ByModel,
    IReadOnlyList<UsageSessionResponse> BySession,
    IReadOnlyList<BudgetResponse> Budgets)
{
    public static UsageReportResponse Of(UsageReport report, BudgetStatus budgets)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(budgets);
        return new(
            "usage",
            report.ProjectId,
            report.From,
            report.To,
            Estimated: true,
            report.Currency,
            UsageTotalsResponse.From(report.Totals),
            [.. report.ByDay.Select(d => new UsageDayResponse(d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), UsageTotalsResponse.From(d.Usage)))],
            [.. report.ByModel.Select(m => new UsageModelResponse(m.Provider, m.Model, UsageTotalsResponse.From(m.Usage)))],
            [.. report.BySession.Select(s => new UsageSessionResponse(s.SessionId, UsageTotalsResponse.From(s.Usage)))],
            [.. budgets.Budgets.Select(BudgetResponse.From)]);
    }
}

/// <summary>Tokens and estimated cost of some turns; <c>estimated_cost</c> is null when a model among them has no price.</summary>
public sealed record UsageTotalsResponse(long Turns, long InputTokens, long OutputTokens, long CachedInputTokens, long TotalTokens, decimal? EstimatedCost)
{
    public static UsageTotalsResponse From(UsageTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return new(totals.Turns, totals.InputTokens, totals.OutputTokens, totals.CachedInputTokens, totals.TotalTokens, totals.EstimatedCost);
    }
}

/// <summary>One UTC day (<c>yyyy-MM-dd</c>).</summary>
public sealed record UsageDayResponse(string Day, UsageTotalsResponse Usage);

/// <summary>One provider and model.</summary>
public sealed record UsageModelResponse(string Provider, string Model, UsageTotalsResponse Usage);

/// <summary>One session (it may since have been deleted: its usage stays counted).</summary>
public sealed record UsageSessionResponse(string SessionId, UsageTotalsResponse Usage);

/// <summary>One budget of the project: <c>daily_tokens</c>, <c>monthly_tokens</c>, <c>daily_cost</c> or <c>monthly_cost</c>.</summary>
public sealed record BudgetResponse(
    string Budget,
    decimal Limit,
    decimal Used,
    decimal Remaining,
    [property: JsonPropertyName("exhausted")] bool IsExhausted,
    DateTimeOffset ResetsAt)
{
    public static BudgetResponse From(BudgetState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.Name, state.Limit, state.Used, state.Remaining, state.IsExhausted, state.ResetsAt);
    }
}

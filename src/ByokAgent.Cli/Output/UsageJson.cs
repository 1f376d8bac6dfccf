using System.Globalization;
using ByokAgent.Usage;

namespace ByokAgent.Cli.Output;

/// <summary><c>byok usage --json</c>: the same shape as the server's <c>GET /v1/usage</c> (snake_case when serialized).</summary>
internal sealed record UsageJson(
    string Object,
    string ProjectId,
    DateTimeOffset From,
    DateTimeOffset To,
    bool Estimated,
    string Currency,
    UsageTotals Totals,
    IReadOnlyList<UsageJson.DayUsage> ByDay,
    IReadOnlyList<UsageJson.ModelUsage> ByModel,
    IReadOnlyList<UsageJson.SessionUsage> BySession,
    IReadOnlyList<UsageJson.BudgetUsage> Budgets)
{
    public static UsageJson Of(UsageReport report, BudgetStatus budgets) => new(
        "usage",
        report.ProjectId,
        report.From,
        report.To,
        Estimated: true,
        report.Currency,
        report.Totals,
        [.. report.ByDay.Select(d => new DayUsage(d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Usage))],
        [.. report.ByModel.Select(m => new ModelUsage(m.Provider, m.Model, m.Usage))],
        [.. report.BySession.Select(s => new SessionUsage(s.SessionId, s.Usage))],
        [.. budgets.Budgets.Select(b => new BudgetUsage(b.Name, b.Limit, b.Used, b.Remaining, b.IsExhausted, b.ResetsAt))]);

    internal sealed record DayUsage(string Day, UsageTotals Usage);

    internal sealed record ModelUsage(string Provider, string Model, UsageTotals Usage);

    internal sealed record SessionUsage(string SessionId, UsageTotals Usage);

    internal sealed record BudgetUsage(string Budget, decimal Limit, decimal Used, decimal Remaining, bool Exhausted, DateTimeOffset ResetsAt);
}

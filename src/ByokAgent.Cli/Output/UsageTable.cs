using System.Globalization;
using ByokAgent.Usage;

namespace ByokAgent.Cli.Output;

/// <summary>A usage report as a table for people (<c>byok usage</c>), costs labelled as estimates.</summary>
internal static class UsageTable
{
    public static void Write(TextWriter output, string projectName, UsageReport report, BudgetStatus budgets, string by)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Usage of project {projectName} from {report.From:yyyy-MM-dd HH:mm} to {report.To:yyyy-MM-dd HH:mm} UTC"));
        var rows = by switch
        {
            "model" => report.ByModel.Select(m => ($"{m.Provider}/{m.Model}", m.Usage)),
            "session" => report.BySession.Select(s => (s.SessionId, s.Usage)),
            _ => report.ByDay.Select(d => (d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Usage)),
        };
        var key = by.ToUpperInvariant();
        output.WriteLine($"{key,-40} {"TURNS",7} {"INPUT",12} {"CACHED",12} {"OUTPUT",12} {"TOTAL",12} {$"EST. COST ({report.Currency})",18}");
        foreach (var (name, usage) in rows)
        {
            output.WriteLine(Row(name, usage));
        }

        output.WriteLine(Row("TOTAL", report.Totals));
        output.WriteLine("Costs are estimates from the price table (ByokAgent:Usage:Prices), not the provider's bill; \"-\" means a model has no price.");
        foreach (var budget in budgets.Budgets)
        {
            output.WriteLine(BudgetLine(budget, budgets.Currency));
        }
    }

    /// <summary>"daily token budget: 1,200 tokens of 5,000 tokens used, 3,800 tokens left; resets 2026-03-02 00:00 UTC".</summary>
    public static string BudgetLine(BudgetState budget, string currency) => string.Create(
        CultureInfo.InvariantCulture,
        $"{budget.Description}: {budget.Format(budget.Used, currency)} used of {budget.Format(budget.Limit, currency)}, {budget.Format(budget.Remaining, currency)} left{(budget.IsExhausted ? " (USED UP: turns are refused)" : string.Empty)}; resets {budget.ResetsAt:yyyy-MM-dd HH:mm} UTC");

    /// <summary>An estimated cost for people: "0.0123" or "-" when unknown.</summary>
    public static string Cost(decimal? cost) => cost is { } value ? value.ToString("0.######", CultureInfo.InvariantCulture) : "-";

    private static string Row(string name, UsageTotals usage) => string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-40} {usage.Turns,7} {usage.InputTokens,12} {usage.CachedInputTokens,12} {usage.OutputTokens,12} {usage.TotalTokens,12} {Cost(usage.EstimatedCost),18}");
}

using System.Globalization;
using ByokAgent.Cli.Output;
using ByokAgent.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Repl;

/// <summary><c>/usage</c>: this conversation's tokens, the project's today and this month, and what is left of its budgets.</summary>
internal sealed partial class ReplLoop
{
    private async Task UsageAsync(CancellationToken cancellationToken)
    {
        var prices = _services.GetRequiredService<PriceTable>();
        if (_session is null)
        {
            _console.Line("No tokens used in this conversation yet.");
        }
        else
        {
            var turns = await _sessions.LoadUsageAsync(_project.Id, _session.Id, cancellationToken);
            var cost = turns.Aggregate((decimal?)0m, (sum, t) => sum + prices.Cost(t.Provider, t.Model, t.InputTokens, t.OutputTokens, t.CachedInputTokens));
            _console.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"This conversation: {turns.Sum(t => t.TotalTokens)} tokens ({turns.Sum(t => t.InputTokens)} in, {turns.Sum(t => t.OutputTokens)} out) over {turns.Count} turn{(turns.Count == 1 ? string.Empty : "s")}, {turns.Sum(t => t.CachedInputTokens)} input tokens from the provider's cache; {CostText(cost, prices.Currency)}."));
            foreach (var model in turns.GroupBy(t => $"{t.Provider} {t.Model}"))
            {
                _console.Line(_console.Dim(string.Create(CultureInfo.InvariantCulture, $"  {model.Key}: {model.Sum(t => t.TotalTokens):N0} tokens")));
            }
        }

        var status = await _services.GetRequiredService<BudgetGuard>().GetStatusAsync(_project.Id, _project.Name, cancellationToken);
        _console.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"Project {_project.Name}: today (UTC) {status.Today.TotalTokens:N0} tokens, {CostText(status.Today.EstimatedCost, status.Currency)}; this month {status.ThisMonth.TotalTokens:N0} tokens, {CostText(status.ThisMonth.EstimatedCost, status.Currency)}."));
        if (status.Budgets.Count == 0)
        {
            _console.Line(_console.Dim("  No budgets set (ByokAgent:Usage:Budgets)."));
        }

        foreach (var budget in status.Budgets)
        {
            _console.Line(_console.Dim($"  {UsageTable.BudgetLine(budget, status.Currency)}"));
        }
    }

    private static string CostText(decimal? cost, string currency) =>
        cost is null ? "cost unknown (a model has no price)" : $"est. cost {UsageTable.Cost(cost)} {currency}";
}

using System.Globalization;

namespace ByokAgent.Usage;

/// <summary>Where a project stands against one of its budgets.</summary>
/// <param name="Kind">Which budget.</param>
/// <param name="Limit">The limit (tokens, or cost in the price table's currency).</param>
/// <param name="Used">What the project used in the current period (stored turns).</param>
/// <param name="ResetsAt">When the period ends (midnight UTC).</param>
public sealed record BudgetState(BudgetKind Kind, decimal Limit, decimal Used, DateTimeOffset ResetsAt)
{
    /// <summary>What is left before turns are refused (never negative).</summary>
    public decimal Remaining => Math.Max(0, Limit - Used);

    /// <summary>Whether turns are refused: the usage has reached the limit (<c>used &gt;= limit</c>).</summary>
    public bool IsExhausted => Used >= Limit;

    /// <summary>Whether the budget counts estimated cost (else tokens).</summary>
    public bool IsCost => Kind is BudgetKind.DailyCost or BudgetKind.MonthlyCost;

    /// <summary>The budget's stable name: <c>daily_tokens</c>, <c>monthly_tokens</c>, <c>daily_cost</c>, <c>monthly_cost</c>.</summary>
    public string Name => Kind switch
    {
        BudgetKind.DailyTokens => "daily_tokens",
        BudgetKind.MonthlyTokens => "monthly_tokens",
        BudgetKind.DailyCost => "daily_cost",
        _ => "monthly_cost",
    };

    /// <summary>The budget in words: "daily token budget".</summary>
    public string Description => Kind switch
    {
        BudgetKind.DailyTokens => "daily token budget",
        BudgetKind.MonthlyTokens => "monthly token budget",
        BudgetKind.DailyCost => "daily cost budget",
        _ => "monthly cost budget",
    };

    /// <summary>An amount of this budget for people: "1,200 tokens" or "0.4200 USD (estimated)".</summary>
    public string Format(decimal amount, string currency) => IsCost
        ? string.Create(CultureInfo.InvariantCulture, $"{amount:0.####} {currency} (estimated)")
        : string.Create(CultureInfo.InvariantCulture, $"{amount:N0} tokens");
}

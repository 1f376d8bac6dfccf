using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Usage;

/// <summary>
/// A project's optional budgets for one UTC day and one UTC calendar month: total tokens (input plus output) and
/// estimated cost (in <see cref="UsageOptions.Currency"/>). Unset: no budget of that kind.
/// </summary>
/// <remarks>
/// A turn is refused when what the project has used in the period is already at or over a limit
/// (<c>used &gt;= limit</c>); it is allowed while <c>used &lt; limit</c>, even if it then goes over (a turn's cost is not known
/// before it runs). 0 refuses every turn.
/// </remarks>
public sealed class BudgetLimits
{
    /// <summary>Total tokens per UTC day.</summary>
    [Range(0, long.MaxValue)]
    public long? DailyTokens { get; set; }

    /// <summary>Total tokens per UTC calendar month.</summary>
    [Range(0, long.MaxValue)]
    public long? MonthlyTokens { get; set; }

    /// <summary>Estimated cost per UTC day.</summary>
    [Range(0d, 1_000_000_000d)]
    public decimal? DailyCost { get; set; }

    /// <summary>Estimated cost per UTC calendar month.</summary>
    [Range(0d, 1_000_000_000d)]
    public decimal? MonthlyCost { get; set; }

    /// <summary>Whether any budget is set.</summary>
    public bool Any => DailyTokens is not null || MonthlyTokens is not null || DailyCost is not null || MonthlyCost is not null;

    /// <summary>These limits, each replaced by <paramref name="overrides"/>' where that one is set.</summary>
    public BudgetLimits With(BudgetLimits? overrides) => overrides is null ? this : new BudgetLimits
    {
        DailyTokens = overrides.DailyTokens ?? DailyTokens,
        MonthlyTokens = overrides.MonthlyTokens ?? MonthlyTokens,
        DailyCost = overrides.DailyCost ?? DailyCost,
        MonthlyCost = overrides.MonthlyCost ?? MonthlyCost,
    };
}

namespace ByokAgent.Usage;

/// <summary>One of a project's four possible budgets.</summary>
public enum BudgetKind
{
    /// <summary>Total tokens per UTC day.</summary>
    DailyTokens,

    /// <summary>Total tokens per UTC calendar month.</summary>
    MonthlyTokens,

    /// <summary>Estimated cost per UTC day.</summary>
    DailyCost,

    /// <summary>Estimated cost per UTC calendar month.</summary>
    MonthlyCost,
}

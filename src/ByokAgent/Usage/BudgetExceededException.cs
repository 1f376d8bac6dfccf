using System.Globalization;

namespace ByokAgent.Usage;

/// <summary>
/// A turn was refused before it started because the project has used up one of its budgets
/// (<c>ByokAgent:Usage:Budgets</c>). Nothing was sent to the provider and the session is unchanged.
/// </summary>
public sealed class BudgetExceededException : Exception
{
    /// <summary>Creates the exception for the exhausted budget.</summary>
    public BudgetExceededException(string projectId, BudgetState budget, string currency)
        : base(Describe(budget, currency))
    {
        ArgumentNullException.ThrowIfNull(budget);
        ProjectId = projectId;
        Budget = budget;
        Currency = currency;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public BudgetExceededException()
        : this("The project's budget is used up.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public BudgetExceededException(string message)
        : base(message)
    {
        Budget = new BudgetState(BudgetKind.DailyTokens, 0, 0, DateTimeOffset.MinValue);
        Currency = "USD";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public BudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
        Budget = new BudgetState(BudgetKind.DailyTokens, 0, 0, DateTimeOffset.MinValue);
        Currency = "USD";
    }

    /// <summary>The project whose budget is used up.</summary>
    public string? ProjectId { get; }

    /// <summary>The budget that refused the turn: which one, its limit, what was used, when it resets.</summary>
    public BudgetState Budget { get; }

    /// <summary>The currency of a cost budget.</summary>
    public string Currency { get; }

    private static string Describe(BudgetState budget, string currency)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var period = budget.Kind is BudgetKind.DailyTokens or BudgetKind.DailyCost ? "today (UTC)" : "this month (UTC)";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"The project's {budget.Description} is used up: {budget.Format(budget.Used, currency)} used {period} of a limit of {budget.Format(budget.Limit, currency)}. It resets at {budget.ResetsAt:yyyy-MM-dd HH:mm} UTC.");
    }
}

namespace ByokAgent.Usage;

/// <summary>A project's budgets and what it used of each; empty when it has none.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="Currency">The currency of the cost budgets.</param>
/// <param name="Today">The project's usage today (UTC), with its cost estimate.</param>
/// <param name="ThisMonth">The project's usage this month (UTC), with its cost estimate.</param>
/// <param name="Budgets">Each budget that is set.</param>
public sealed record BudgetStatus(string ProjectId, string Currency, UsageTotals Today, UsageTotals ThisMonth, IReadOnlyList<BudgetState> Budgets);

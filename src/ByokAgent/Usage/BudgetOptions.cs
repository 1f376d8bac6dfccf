namespace ByokAgent.Usage;

/// <summary>
/// Budgets bound from <c>ByokAgent:Usage:Budgets</c>: the limits set directly here apply to every project; an entry
/// of <see cref="Projects"/> (by project name or id) replaces the limits it sets for that project.
/// </summary>
/// <example>
/// <code>
/// "Budgets": { "DailyTokens": 1000000, "Projects": { "reports": { "DailyTokens": 50000, "MonthlyCost": 10 } } }
/// </code>
/// or from the environment: <c>ByokAgent__Usage__Budgets__Projects__reports__MonthlyCost=10</c>.
/// </example>
public sealed class BudgetOptions
{
    /// <summary>Total tokens per UTC day, for every project without its own.</summary>
    public long? DailyTokens { get => Default.DailyTokens; set => Default.DailyTokens = value; }

    /// <summary>Total tokens per UTC month, for every project without its own.</summary>
    public long? MonthlyTokens { get => Default.MonthlyTokens; set => Default.MonthlyTokens = value; }

    /// <summary>Estimated cost per UTC day, for every project without its own.</summary>
    public decimal? DailyCost { get => Default.DailyCost; set => Default.DailyCost = value; }

    /// <summary>Estimated cost per UTC month, for every project without its own.</summary>
    public decimal? MonthlyCost { get => Default.MonthlyCost; set => Default.MonthlyCost = value; }

    /// <summary>Per project (by name or id, case-insensitive): the limits that replace the defaults for it.</summary>
    public IDictionary<string, BudgetLimits> Projects { get; } = new Dictionary<string, BudgetLimits>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The limits every project gets unless <see cref="Projects"/> overrides them.</summary>
    internal BudgetLimits Default { get; } = new();

    /// <summary>The limits of a project: the defaults, then its entry by name, then its entry by id.</summary>
    public BudgetLimits For(string projectId, string projectName)
    {
        var limits = Default.With(null);
        if (Projects.TryGetValue(projectName, out var byName))
        {
            limits = limits.With(byName);
        }

        return Projects.TryGetValue(projectId, out var byId) ? limits.With(byId) : limits;
    }
}

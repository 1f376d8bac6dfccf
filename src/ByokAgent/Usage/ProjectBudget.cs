using ByokAgent.Agents.Turns;

namespace ByokAgent.Usage;

/// <summary>The usage side of one session: its model's price (for cost estimates) and its project's budget check, which the session calls at the start of every turn.</summary>
internal sealed class ProjectBudget(BudgetGuard guard, string projectId, string projectName, ModelPrice? price)
{
    /// <summary>The session model's price, or <see langword="null"/> when it has none.</summary>
    public ModelPrice? Price => price;

    /// <summary>Checks the budgets before the turn reaches the provider; dispose the result when the turn has ended (stored or failed).</summary>
    /// <exception cref="BudgetExceededException">A budget of the project is used up.</exception>
    public Task<IDisposable> EnterAsync(AgentTurn turn, CancellationToken cancellationToken) =>
        guard.EnterAsync(projectId, projectName, turn, cancellationToken);
}

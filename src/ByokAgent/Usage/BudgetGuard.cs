using System.Collections.Concurrent;
using ByokAgent.Agents.Turns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ByokAgent.Usage;

/// <summary>
/// Refuses a turn before it starts when its project has used up a budget (<c>ByokAgent:Usage:Budgets</c>), so an over-budget
/// turn never reaches the provider.
/// </summary>
/// <remarks>
/// <para>The boundary: a turn is refused when the project's stored usage in the period is at or over the limit
/// (<c>used &gt;= limit</c>) and allowed below it; a turn that starts below the limit may end above it.</para>
/// <para>Concurrency: in this process, turns of one project under a budget are admitted one check at a time, and each
/// turn in flight reserves the largest usage a turn of that project has had, so concurrent turns at the boundary do not
/// all pass. Across several server instances on one database each instance reserves only for its own turns; they share
/// the stored usage, so the limit holds to within the turns in flight on the other instances.</para>
/// <para>Cost budgets count the estimated cost of models that have a price; usage of a model without a price adds no
/// cost (it is logged once), so give every model in use a price when you set a cost budget.</para>
/// </remarks>
public sealed partial class BudgetGuard
{
    private readonly IUsageStore _store;
    private readonly PriceTable _prices;
    private readonly UsageOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ProjectBudgetState> _projects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unpricedLogged = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the guard.</summary>
    public BudgetGuard(IUsageStore store, PriceTable prices, IOptions<UsageOptions> options, TimeProvider clock, ILogger<BudgetGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _prices = prices;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The project's usage today and this month and where it stands against each budget it has.</summary>
    public async Task<BudgetStatus> GetStatusAsync(string projectId, string projectName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        ArgumentNullException.ThrowIfNull(projectName);
        var used = await ReadUsedAsync(projectId, cancellationToken).ConfigureAwait(false);
        return new BudgetStatus(projectId, _prices.Currency, used.Today, used.Month, States(_options.Budgets.For(projectId, projectName), used));
    }

    /// <summary>
    /// Refuses at once when a budget of the project is already used up, before anything starts (a session, a stream).
    /// A turn still takes its own check when it starts (this one reserves nothing); without budgets this reads nothing.
    /// </summary>
    /// <exception cref="BudgetExceededException">A budget of the project is used up.</exception>
    public async Task ThrowIfExhaustedAsync(string projectId, string projectName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        ArgumentNullException.ThrowIfNull(projectName);
        var limits = _options.Budgets.For(projectId, projectName);
        if (!limits.Any)
        {
            return;
        }

        RefuseIfExhausted(projectId, limits, await ReadUsedAsync(projectId, cancellationToken).ConfigureAwait(false));
    }

    internal ProjectBudget For(string projectId, string projectName, string provider, string model) =>
        new(this, projectId, projectName, _prices.Find(provider, model));

    internal async Task<IDisposable> EnterAsync(string projectId, string projectName, AgentTurn turn, CancellationToken cancellationToken)
    {
        var limits = _options.Budgets.For(projectId, projectName);
        if (!limits.Any)
        {
            return NoReservation.Instance;
        }

        var state = _projects.GetOrAdd(projectId, _ => new ProjectBudgetState());
        while (true)
        {
            Task waitFor;
            await state.CheckLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var version = state.Version;
                var used = await ReadUsedAsync(projectId, cancellationToken).ConfigureAwait(false);
                RefuseIfExhausted(projectId, limits, used);

                var admission = state.TryReserve(version, limits, used.Today.TotalTokens, used.Month.TotalTokens, used.Today.EstimatedCost ?? 0, used.Month.EstimatedCost ?? 0);
                if (admission.Reserved is { } reserved)
                {
                    return new Reservation(state, reserved, turn);
                }

                waitFor = admission.WaitFor ?? Task.CompletedTask;
            }
            finally
            {
                state.CheckLock.Release();
            }

            // Turns in flight may use what is left: wait for one to end, then check again with its usage stored.
            await waitFor.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // The one refusal rule, for the early check and the turn's own: a budget at or over its limit refuses.
    private void RefuseIfExhausted(string projectId, BudgetLimits limits, UsedNow used)
    {
        if (States(limits, used).FirstOrDefault(b => b.IsExhausted) is { } exhausted)
        {
            Log.Refused(_logger, projectId, exhausted.Name, exhausted.Limit, exhausted.Used);
            throw new BudgetExceededException(projectId, exhausted, _prices.Currency);
        }
    }

    private static List<BudgetState> States(BudgetLimits limits, UsedNow used)
    {
        var states = new List<BudgetState>(4);
        if (limits.DailyTokens is { } dailyTokens)
        {
            states.Add(new BudgetState(BudgetKind.DailyTokens, dailyTokens, used.Today.TotalTokens, used.NextDay));
        }

        if (limits.MonthlyTokens is { } monthlyTokens)
        {
            states.Add(new BudgetState(BudgetKind.MonthlyTokens, monthlyTokens, used.Month.TotalTokens, used.NextMonth));
        }

        if (limits.DailyCost is { } dailyCost)
        {
            states.Add(new BudgetState(BudgetKind.DailyCost, dailyCost, used.Today.EstimatedCost ?? 0, used.NextDay));
        }

        if (limits.MonthlyCost is { } monthlyCost)
        {
            states.Add(new BudgetState(BudgetKind.MonthlyCost, monthlyCost, used.Month.EstimatedCost ?? 0, used.NextMonth));
        }

        return states;
    }

    private async Task<UsedNow> ReadUsedAsync(string projectId, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var dayStart = UsagePeriods.DayStart(now);
        var monthStart = UsagePeriods.MonthStart(now);
        var nextDay = dayStart.AddDays(1);
        var nextMonth = monthStart.AddMonths(1);
        var records = await _store.LoadAsync(projectId, monthStart, nextMonth, UsageGrouping.Day, cancellationToken).ConfigureAwait(false);
        foreach (var unpriced in records.Where(r => _prices.Find(r.Provider, r.Model) is null))
        {
            if (_unpricedLogged.TryAdd($"{unpriced.Provider}/{unpriced.Model}", true))
            {
                Log.Unpriced(_logger, unpriced.Provider, unpriced.Model);
            }
        }

        // For budgets an unpriced model adds no cost (it cannot be estimated); reports show its cost as unknown instead.
        var priced = records.Select(r => _prices.Find(r.Provider, r.Model) is null ? r with { InputTokens = 0, OutputTokens = 0, CachedInputTokens = 0 } : r).ToList();
        var today = DateOnly.FromDateTime(dayStart.UtcDateTime);
        var todayUsage = UsageTotals.Sum(records.Where(r => r.Day == today), _prices) with { EstimatedCost = UsageTotals.Sum(priced.Where(r => r.Day == today), _prices).EstimatedCost };
        var monthUsage = UsageTotals.Sum(records, _prices) with { EstimatedCost = UsageTotals.Sum(priced, _prices).EstimatedCost };
        return new UsedNow(todayUsage, monthUsage, nextDay, nextMonth);
    }

    private sealed record UsedNow(UsageTotals Today, UsageTotals Month, DateTimeOffset NextDay, DateTimeOffset NextMonth);

    private sealed class Reservation(ProjectBudgetState state, ProjectBudgetState.Reservation reserved, AgentTurn turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                var usage = turn.Usage;
                state.Release(reserved, usage.TotalTokens, usage.EstimatedCost);
            }
        }
    }

    private sealed class NoReservation : IDisposable
    {
        public static NoReservation Instance { get; } = new();

        public void Dispose()
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Turn refused in project {ProjectId}: its {Budget} budget is used up ({Used} of {Limit})")]
        public static partial void Refused(ILogger logger, string projectId, string budget, decimal limit, decimal used);

        [LoggerMessage(2, LogLevel.Warning, "No price for {Provider}/{Model} in ByokAgent:Usage:Prices: its usage has no cost estimate and does not count towards cost budgets")]
        public static partial void Unpriced(ILogger logger, string provider, string model);
    }
}

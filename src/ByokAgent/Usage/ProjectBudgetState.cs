namespace ByokAgent.Usage;

/// <summary>
/// One project's turns in flight in this process, and what they are expected to use, so concurrent turns at the
/// boundary cannot all pass a check that only one of them fits.
/// </summary>
/// <remarks>
/// A turn's usage is unknown until it ends, so each turn in flight reserves the largest usage a turn of this project has
/// had here (its estimate). Until a turn has been seen there is no estimate, and turns under a budget run one at a time.
/// </remarks>
internal sealed class ProjectBudgetState
{
    private readonly Lock _lock = new();
    private int _inFlight;
    private long _reservedTokens;
    private decimal _reservedCost;
    private long? _tokenEstimate;
    private decimal? _costEstimate;
    private long _version;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Serializes the checks (a check reads the store, then reserves).</summary>
    public SemaphoreSlim CheckLock { get; } = new(1, 1);

    /// <summary>Bumped whenever a turn ends; a check that read the store across a change reads again.</summary>
    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>Admits the turn if it fits beside the turns in flight; otherwise says whether to check again now or to wait for one to end.</summary>
    public Admission TryReserve(long versionRead, BudgetLimits limits, decimal usedTokensToday, decimal usedTokensMonth, decimal usedCostToday, decimal usedCostMonth)
    {
        lock (_lock)
        {
            if (_version != versionRead)
            {
                return Admission.Retry;
            }

            if (_inFlight > 0
                && !(Fits(limits.DailyTokens, usedTokensToday, _reservedTokens, _tokenEstimate)
                    && Fits(limits.MonthlyTokens, usedTokensMonth, _reservedTokens, _tokenEstimate)
                    && Fits(limits.DailyCost, usedCostToday, _reservedCost, _costEstimate)
                    && Fits(limits.MonthlyCost, usedCostMonth, _reservedCost, _costEstimate)))
            {
                return new Admission(null, _changed.Task);
            }

            var reservedTokens = _tokenEstimate ?? 0;
            var reservedCost = _costEstimate ?? 0;
            _inFlight++;
            _reservedTokens += reservedTokens;
            _reservedCost += reservedCost;
            return new Admission(new Reservation(reservedTokens, reservedCost), null);
        }
    }

    /// <summary>Ends a turn: frees its reservation, learns from what it used, and wakes the checks waiting.</summary>
    public void Release(Reservation reservation, long usedTokens, decimal? usedCost)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _inFlight--;
            _reservedTokens -= reservation.Tokens;
            _reservedCost -= reservation.Cost;
            _tokenEstimate = Math.Max(_tokenEstimate ?? 0, usedTokens);
            if (usedCost is { } cost)
            {
                _costEstimate = Math.Max(_costEstimate ?? 0, cost);
            }

            _version++;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    // With turns in flight, a new one is admitted only if the stored usage, what those turns may still use, and what this
    // one may use stay within the limit. An unknown estimate never fits: the turn waits for the others to end.
    private static bool Fits(decimal? limit, decimal used, decimal reserved, decimal? estimate) =>
        limit is not { } max || (estimate is { } next && used + reserved + next <= max);

    /// <summary>What a turn in flight holds.</summary>
    public sealed record Reservation(long Tokens, decimal Cost);

    /// <summary>The outcome of a check: admitted with a reservation, or to wait for <see cref="WaitFor"/> (or, with neither, to check again at once).</summary>
    public sealed record Admission(Reservation? Reserved, Task? WaitFor)
    {
        public static Admission Retry { get; } = new(null, null);
    }
}

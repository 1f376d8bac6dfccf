namespace ByokAgent.Testing.Contracts;

/// <summary>A clock that moves only when a test moves it, so ordering and expiry tests need no sleeps.</summary>
public sealed class ManualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward.</summary>
    public DateTimeOffset Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
            return _now;
        }
    }
}

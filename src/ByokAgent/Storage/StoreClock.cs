namespace ByokAgent.Storage;

/// <summary>The stores' notion of "now": whole milliseconds, the precision every store keeps.</summary>
/// <remarks>Truncating before storing means a value returned by a write equals the same value read back later.</remarks>
internal static class StoreClock
{
    public static DateTimeOffset Now(this TimeProvider clock) =>
        DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
}

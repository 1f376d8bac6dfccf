namespace ByokAgent.Usage;

/// <summary>A project's usage on one UTC day.</summary>
public sealed record UsageByDay(DateOnly Day, UsageTotals Usage);

namespace ByokAgent.Usage;

/// <summary>A project's usage of one model.</summary>
public sealed record UsageByModel(string Provider, string Model, UsageTotals Usage);

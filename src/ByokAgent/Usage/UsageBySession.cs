namespace ByokAgent.Usage;

/// <summary>A project's usage in one session (which may since have been deleted).</summary>
public sealed record UsageBySession(string SessionId, UsageTotals Usage);

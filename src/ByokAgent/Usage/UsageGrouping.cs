namespace ByokAgent.Usage;

/// <summary>What <see cref="IUsageStore.LoadAsync"/> groups by, beside provider and model (always).</summary>
[Flags]
public enum UsageGrouping
{
    /// <summary>Provider and model only.</summary>
    Model = 0,

    /// <summary>Also by UTC day.</summary>
    Day = 1,

    /// <summary>Also by session.</summary>
    Session = 2,
}

namespace ByokAgent.Usage;

/// <summary>The UTC day and calendar month that usage and budgets are counted in.</summary>
public static class UsagePeriods
{
    /// <summary>Midnight UTC of <paramref name="now"/>'s day.</summary>
    public static DateTimeOffset DayStart(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>Midnight UTC of the first day of <paramref name="now"/>'s month.</summary>
    public static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Midnight UTC of <paramref name="day"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

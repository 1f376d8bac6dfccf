using System.Globalization;

namespace ByokAgent.Usage;

/// <summary>
/// A usage range as people give it (<c>GET /v1/usage?from=&amp;to=</c>, <c>byok usage --from --to</c>): a UTC date
/// (<c>2026-03-01</c>; as <c>to</c> the whole day is included) or an ISO 8601 time with an offset (as <c>to</c>, exclusive).
/// Defaults: this UTC month up to the end of today.
/// </summary>
public static class UsageRange
{
    /// <summary>The range [From, To), or an error message for a bad value (then the range is the default).</summary>
    public static (DateTimeOffset From, DateTimeOffset To, string? Error) Parse(string? from, string? to, DateTimeOffset now)
    {
        var start = UsagePeriods.MonthStart(now);
        var end = UsagePeriods.DayStart(now).AddDays(1);
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (Read(from, endOfDay: false) is not { } parsed)
            {
                return (start, end, $"\"from\" must be a date (yyyy-MM-dd) or an ISO 8601 time with an offset; got \"{Clip(from)}\".");
            }

            start = parsed;
        }

        if (!string.IsNullOrWhiteSpace(to))
        {
            if (Read(to, endOfDay: true) is not { } parsed)
            {
                return (start, end, $"\"to\" must be a date (yyyy-MM-dd) or an ISO 8601 time with an offset; got \"{Clip(to)}\".");
            }

            end = parsed;
        }

        return end < start ? (start, end, "\"to\" is before \"from\".") : (start, end, null);
    }

    private static DateTimeOffset? Read(string value, bool endOfDay)
    {
        value = value.Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return UsagePeriods.StartOf(endOfDay ? day.AddDays(1) : day);
        }

        // An offset is required: a bare local time would mean something different on every server.
        return value.Length > 10 && (value.EndsWith('Z') || value.LastIndexOfAny(['+', '-']) > 10)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToUniversalTime()
            : null;
    }

    // The value is echoed in the error; a long one is cut so the error stays one line.
    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

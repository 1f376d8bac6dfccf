using System.ComponentModel;
using System.Globalization;
using Microsoft.SemanticKernel;

namespace ByokAgent.Agents.Plugins;

/// <summary>The current date and time, in any time zone: models know neither, and users ask ("what time is it in Tokyo?").</summary>
/// <remarks>On by default; <c>ByokAgent:Agent:ClockTool=false</c> turns it off.</remarks>
public sealed class ClockPlugin(TimeProvider time)
{
    /// <summary>The name the model sees as the tool prefix (<c>clock_now</c>).</summary>
    public const string Name = "clock";

    [KernelFunction("now")]
    [Description("Gets the current date and time. Pass an IANA time zone such as Europe/Paris or America/New_York; default UTC.")]
    public string Now([Description("IANA time zone id, e.g. Asia/Tokyo. Empty for UTC.")] string? timeZone = null)
    {
        var utc = time.GetUtcNow();
        if (string.IsNullOrWhiteSpace(timeZone) || timeZone.Trim().Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return Format(utc, "UTC");
        }

        // Returned, not thrown: the model reads the message and can retry with a valid zone.
        return TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out var zone)
            ? Format(TimeZoneInfo.ConvertTime(utc, zone), zone.Id)
            : $"Unknown time zone '{timeZone.Trim()}'. Use an IANA id such as Europe/Paris.";
    }

    private static string Format(DateTimeOffset moment, string zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{moment:yyyy-MM-dd'T'HH:mm:sszzz} ({moment:dddd}, {zone})");
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace ByokAgent.Providers.Errors;

/// <summary>How long a provider asks to wait before retrying, from whichever hint it gives (none is guaranteed).</summary>
/// <remarks>
/// shared/wire.md §1: <c>retry-after</c> (seconds or an HTTP date), <c>retry-after-ms</c>, OpenAI's
/// <c>x-ratelimit-reset-*</c> Go durations, Anthropic's <c>anthropic-ratelimit-*-reset</c> RFC 3339 times, Gemini's
/// <c>RetryInfo.retryDelay</c> and "Please retry in 38.6s", Azure's "Please retry after N seconds", OpenRouter's
/// <c>X-RateLimit-Reset</c> epoch milliseconds.
/// </remarks>
internal static partial class RetryHints
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    public static TimeSpan? Read(ProviderErrorAnswer answer, ProviderErrorFields fields, DateTimeOffset now)
    {
        var hint = FromHeaders(answer.Header, now)
            ?? GoDuration(fields.RetryDelay)
            ?? FromText(fields.Message)
            ?? (fields.ResetEpochMilliseconds is { } epoch ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) - now : null);
        return hint is { } wait && wait > TimeSpan.Zero ? (wait > Longest ? Longest : wait) : null;
    }

    private static TimeSpan? FromHeaders(Func<string, string?> header, DateTimeOffset now)
    {
        if (header("retry-after-ms") is { } ms && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (header("retry-after") is { } retryAfter)
        {
            if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at - now;
            }
        }

        // The dimension that ran out decides; without remaining counts, the sooner reset is the honest guess.
        var requests = GoDuration(header("x-ratelimit-reset-requests"));
        var tokens = GoDuration(header("x-ratelimit-reset-tokens"));
        if (requests is not null || tokens is not null)
        {
            return header("x-ratelimit-remaining-tokens") == "0" && tokens is not null ? tokens
                : header("x-ratelimit-remaining-requests") == "0" && requests is not null ? requests
                : Min(requests, tokens);
        }

        TimeSpan? anthropic = null;
        foreach (var name in (ReadOnlySpan<string>)["anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset"])
        {
            if (header(name) is { } reset && DateTimeOffset.TryParse(reset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                anthropic = Min(anthropic, at - now);
            }
        }

        return anthropic;
    }

    private static TimeSpan? FromText(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var match = RetryInText().Match(message);
        return match.Success && double.TryParse(match.Groups["seconds"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    /// <summary>Reads a Go duration (<c>6ms</c>, <c>1.5s</c>, <c>6m0s</c>, <c>1h2m</c>) or a bare number of seconds.</summary>
    internal static TimeSpan? GoDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var matches = GoDurationPart().Matches(text.Trim());
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text.Trim())
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in matches)
        {
            var value = double.Parse(part.Groups["value"].Value, CultureInfo.InvariantCulture);
            total += part.Groups["unit"].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "us" or "µs" => TimeSpan.FromMicroseconds(value),
                _ => TimeSpan.FromSeconds(value),
            };
        }

        return total;
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    [GeneratedRegex(@"retry (?:in|after) (?<seconds>\d+(?:\.\d+)?) ?s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RetryInText();

    [GeneratedRegex(@"(?<value>\d+(?:\.\d+)?)(?<unit>ms|us|µs|h|m|s)?")]
    private static partial Regex GoDurationPart();
}

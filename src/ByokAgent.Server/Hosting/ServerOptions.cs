using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Server.Hosting;

/// <summary>How the HTTP API behaves, bound from <c>ByokAgent:Server</c>.</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:Server";

    /// <summary>Longest user message a turn accepts (characters); longer ones get 413 <c>message_too_large</c>. Default 100,000.</summary>
    [Range(1, 10_000_000)]
    public int MaxMessageChars { get; set; } = 100_000;

    /// <summary>Largest JSON request body (bytes). Default 1 MiB. File uploads are bounded by the file quota instead.</summary>
    [Range(1024, 1_073_741_824)]
    public long MaxJsonBodyBytes { get; set; } = 1_048_576;

    /// <summary>Requests one project may make per minute; past it, 429 <c>rate_limited</c> with <c>retry-after</c>. Zero: no limit. Default 600.</summary>
    [Range(0, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>How long an idle session stays open in memory (its kernel, browser context) before it is closed. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most sessions kept open in memory; past it the longest idle are closed, down to 7/8 of it. Default 256.</summary>
    [Range(1, 100_000)]
    public int MaxOpenSessions { get; set; } = 256;

    /// <summary>How long shutdown waits for running turns to finish. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest page of <c>GET /v1/sessions</c> and session messages. Default 100.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 100;
}

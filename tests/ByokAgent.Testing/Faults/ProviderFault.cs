using ByokAgent.Providers;

namespace ByokAgent.Testing.Faults;

/// <summary>One way a provider call can fail, the reply that injects it, and how the turn must end (issue 11 §3, shared by the library and API fault suites).</summary>
/// <param name="Name">The fault, as it reads in a test name.</param>
/// <param name="Reply">The reply for every attempt of the failing turn; its argument says whether the request streams.</param>
/// <param name="Failure">The failure class the turn must end with.</param>
public sealed record ProviderFault(string Name, Func<bool, FakeReply> Reply, ProviderFailure Failure)
{
    /// <summary>Short retry and timeout settings (one retry, 10 ms backoff, 1 s per attempt), so each fault ends in about a second.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["ByokAgent:Providers:MaxRetries"] = "1",
        ["ByokAgent:Providers:RetryBaseDelay"] = "00:00:00.010",
        ["ByokAgent:Providers:MaxRetryDelay"] = "00:00:01",
        ["ByokAgent:Providers:RequestTimeout"] = "00:00:01",
        ["ByokAgent:Providers:TotalRequestTimeout"] = "00:00:05",
    };

    // Never completed: a stalled stream stays silent until the client gives up.
    private static readonly Task Never = new TaskCompletionSource().Task;

    private const string Chunk = """{"id":"chatcmpl-cut","object":"chat.completion.chunk","created":1,"model":"gpt-test","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello "},"finish_reason":null}]}""";

    /// <summary>Every provider fault of the table.</summary>
    public static readonly IReadOnlyList<ProviderFault> All =
    [
        new("429_with_retry_after_ms_hint", _ => RateLimit().WithHeader("retry-after-ms", "50"), ProviderFailure.RateLimited),
        new("429_with_retry_after_hint", _ => RateLimit().WithHeader("retry-after", "0"), ProviderFailure.RateLimited),
        new("429_without_hint", _ => RateLimit(), ProviderFailure.RateLimited),
        new("500", _ => FakeReply.Error(500, """{"error":{"message":"upstream exploded","type":"server_error"}}"""), ProviderFailure.ProviderError),
        new("529_overloaded", _ => FakeReply.Error(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""), ProviderFailure.ProviderError),
        new("reset_before_the_stream", _ => FakeReply.Text("never delivered").WithDropAfterChunks(0), ProviderFailure.Unreachable),
        new("reset_mid_stream", streaming => FakeReply.Text("one two three four five six seven eight").WithDropAfterChunks(streaming ? 3 : 0), ProviderFailure.Unreachable),
        new("stream_stalls", Stall, ProviderFailure.Unreachable),
        new("malformed_json_on_200", _ => FakeReply.Error(200, """{"id":"chatcmpl-1","object":"chat.completion","choices":[{"""), ProviderFailure.ProviderError),
        new("truncated_event_stream_frame", _ => FakeReply.Error(200, $"data: {Chunk}\n\ndata: {Chunk[..60]}", contentType: "text/event-stream"), ProviderFailure.ProviderError),
    ];

    /// <summary>The fault names, for <c>[MemberData]</c>.</summary>
    public static Xunit.TheoryData<string> Names => [.. All.Select(f => f.Name)];

    /// <summary>The fault called <paramref name="name"/>.</summary>
    public static ProviderFault Named(string name) => All.Single(f => f.Name == name);

    /// <inheritdoc />
    public override string ToString() => Name;

    // A stream goes silent after two events; an answer that is not streamed never starts (each attempt times out).
    private static FakeReply Stall(bool streaming) =>
        streaming
            ? FakeReply.Text("one two three four five six").WithStallAfterChunks(2, Never)
            : FakeReply.Text("never delivered").WithLatency(TimeSpan.FromMinutes(5));

    private static FakeReply RateLimit() =>
        FakeReply.Error(429, """{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}""");
}

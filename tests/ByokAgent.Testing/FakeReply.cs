using System.Text;
using ByokAgent.Testing.Replay;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing;

/// <summary>One scripted answer of <see cref="FakeProvider"/> to one chat request.</summary>
/// <remarks>
/// <see cref="Text"/> and <see cref="ToolCalls"/> replies are rendered in the wire format of the endpoint that was
/// called (and streamed when the request asks for it); <see cref="Error"/> and <see cref="FromFile"/> replies are
/// sent byte for byte. Modify a reply with a <see langword="with"/> expression or the <c>WithXxx</c> methods.
/// Instances are immutable and may be enqueued more than once.
/// </remarks>
public sealed record FakeReply
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    private readonly TimeSpan _latency;
    private readonly int? _dropAfterChunks;

    private FakeReply(FakeReplyKind kind) => Kind = kind;

    /// <summary>Token counts reported in <c>usage</c>; defaults to <see cref="FakeUsage.Default"/>.</summary>
    public FakeUsage Usage { get; init; } = FakeUsage.Default;

    /// <summary>How long the server waits before sending the response headers.</summary>
    /// <remarks>The wait ends early when the client aborts the request or the provider is disposed.</remarks>
    public TimeSpan Latency
    {
        get => _latency;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _latency = value;
        }
    }

    /// <summary>
    /// When set, the connection is aborted after the response headers and this many body chunks, so the client
    /// sees a truncated response. A chunk is one SSE event of a streamed reply, or the whole body otherwise.
    /// </summary>
    public int? DropAfterChunks
    {
        get => _dropAfterChunks;
        init
        {
            if (value is { } chunks)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(chunks);
            }

            _dropAfterChunks = value;
        }
    }

    /// <summary>Response headers added to (or replacing) the ones the reply would send anyway.</summary>
    public IReadOnlyDictionary<string, string> ExtraHeaders { get; init; } = NoHeaders;

    /// <summary>Overrides the finish reason of a generated reply (<c>stop</c> / <c>tool_calls</c> by default).</summary>
    public string? FinishReason { get; init; }

    /// <summary>With <see cref="StallUntil"/>: a streamed reply stops after this many events until that task completes.</summary>
    public int? StallAfterChunks { get; init; }

    /// <summary>When a stalled stream goes on (never, for a provider that hangs mid-stream); see <see cref="StallAfterChunks"/>.</summary>
    public Task? StallUntil { get; init; }

    internal FakeReplyKind Kind { get; }

    internal string Content { get; private init; } = "";

    internal IReadOnlyList<FakeToolCall> Calls { get; private init; } = [];

    internal int Status { get; private init; } = 200;

    internal string ContentType { get; private init; } = "application/json";

    /// <summary>Headers of a raw reply (error headers or a fixture's headers), before <see cref="ExtraHeaders"/>.</summary>
    internal IReadOnlyDictionary<string, string> Headers { get; private init; } = NoHeaders;

    internal ReadOnlyMemory<byte> Body { get; private init; }

    /// <summary>An assistant message with this text; streamed as several content deltas.</summary>
    public static FakeReply Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new FakeReply(FakeReplyKind.Text) { Content = text };
    }

    /// <summary>An assistant message that calls these tools, in order.</summary>
    public static FakeReply ToolCalls(params FakeToolCall[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentOutOfRangeException.ThrowIfZero(calls.Length, nameof(calls));
        return new FakeReply(FakeReplyKind.ToolCalls) { Calls = [.. calls] };
    }

    /// <summary>A response with this status, body and headers, sent as given (for any wire).</summary>
    public static FakeReply Error(
        int status,
        string body,
        IReadOnlyDictionary<string, string>? headers = null,
        string contentType = "application/json")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        return new FakeReply(FakeReplyKind.Raw)
        {
            Status = status,
            Body = Encoding.UTF8.GetBytes(body),
            ContentType = contentType,
            Headers = headers is null ? NoHeaders : new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>
    /// Replays a response fixture in the <c>shared/fixtures/providers/MANIFEST.md</c> <c>.http</c> format: status line,
    /// headers, blank line, verbatim body. A <c>text/event-stream</c> body is sent chunked, one flush per event.
    /// </summary>
    /// <remarks>The file is read now, so a missing or malformed fixture fails where the test scripts it.</remarks>
    public static FakeReply FromFile(string httpFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(httpFilePath);
        var fixture = HttpFixtureFile.Parse(File.ReadAllBytes(httpFilePath), httpFilePath);
        return new FakeReply(FakeReplyKind.Raw)
        {
            Status = fixture.Status,
            Body = fixture.Body,
            ContentType = fixture.ContentType,
            Headers = fixture.Headers,
        };
    }

    /// <summary>A copy reporting these token counts.</summary>
    public FakeReply WithUsage(int promptTokens, int completionTokens) =>
        this with { Usage = new FakeUsage(promptTokens, completionTokens) };

    /// <summary>A copy reporting these token counts, <paramref name="cachedPromptTokens"/> of the prompt read from the provider's cache.</summary>
    public FakeReply WithUsage(int promptTokens, int completionTokens, int cachedPromptTokens) =>
        this with { Usage = new FakeUsage(promptTokens, completionTokens) { CachedPromptTokens = cachedPromptTokens } };

    /// <summary>A copy that waits this long before sending the response headers.</summary>
    public FakeReply WithLatency(TimeSpan latency) => this with { Latency = latency };

    /// <summary>A copy whose stream stops after <paramref name="chunks"/> events until <paramref name="resume"/> completes (or the client leaves).</summary>
    public FakeReply WithStallAfterChunks(int chunks, Task resume)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        ArgumentNullException.ThrowIfNull(resume);
        return this with { StallAfterChunks = chunks, StallUntil = resume };
    }

    /// <summary>A copy that aborts the connection after the headers and <paramref name="chunks"/> body chunks.</summary>
    public FakeReply WithDropAfterChunks(int chunks) => this with { DropAfterChunks = chunks };

    /// <summary>A copy that also sends this response header (e.g. <c>retry-after</c>).</summary>
    public FakeReply WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var headers = new Dictionary<string, string>(ExtraHeaders, StringComparer.OrdinalIgnoreCase) { [name] = value };
        return this with { ExtraHeaders = headers };
    }
}

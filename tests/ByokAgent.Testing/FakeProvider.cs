using System.Net;
using ByokAgent.Testing.Accounts;
using ByokAgent.Testing.Anthropic;
using ByokAgent.Testing.Azure;
using ByokAgent.Testing.Bedrock;
using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.OpenAI;
using ByokAgent.Testing.Recording;
using ByokAgent.Testing.Scripting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace ByokAgent.Testing;

/// <summary>
/// A real HTTP server on a free loopback port that speaks LLM provider wire formats, answering from a script.
/// </summary>
/// <remarks>
/// <para>
/// Every request is recorded in <see cref="Requests"/>, then offered to <see cref="Intercept"/>, which may answer any
/// request whatever its route. Otherwise chat requests take the next <see cref="FakeReply"/> from the queue
/// (<see cref="Enqueue"/>), else ask <see cref="Responder"/>, else fail with a 500 whose message says
/// "FakeProvider: no scripted reply". Wires: OpenAI chat completions and models (any prefix), Anthropic Messages and
/// models, Azure OpenAI deployments and v1, Bedrock Converse and ConverseStream, and the account endpoints validators
/// call (DeepSeek <c>.../user/balance</c>, OpenRouter <c>.../key</c>), which answer the happy path.
/// </para>
/// <para>
/// Thread-safe: requests may arrive concurrently while a test enqueues replies and reads recordings. Set
/// <see cref="Models"/> before the client lists them. Dispose to stop the server; in-flight latencies end at once.
/// </para>
/// </remarks>
public sealed class FakeProvider : IAsyncDisposable
{
    // Streams in flight are finite, so stopping is quick; the bound only guards against a stuck client.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly RequestLog _log;
    private readonly ReplyScript _script;
    private readonly BedrockAuthentication _bedrockAuthentication;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private FakeProvider(
        WebApplication app,
        Uri baseUri,
        RequestLog log,
        ReplyScript script,
        List<string> models,
        BedrockAuthentication bedrockAuthentication,
        CancellationTokenSource stopping)
    {
        _app = app;
        _log = log;
        _script = script;
        _bedrockAuthentication = bedrockAuthentication;
        _stopping = stopping;
        Models = models;
        BaseUri = baseUri;
        OpenAIBaseUri = new Uri(baseUri, "v1/");
    }

    /// <summary>The server root, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The OpenAI base address, <c>http://127.0.0.1:PORT/v1/</c>.</summary>
    public Uri OpenAIBaseUri { get; }

    /// <summary>A snapshot of every request received so far (chat, models, intercepted and unknown paths), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    /// <summary>Answers chat requests once the queue is empty; <see langword="null"/> answers with a 500.</summary>
    /// <remarks>
    /// Called on the server's socket thread, possibly concurrently for concurrent requests: keep it quick and never
    /// block in it (use <see cref="FakeReply.Latency"/> to slow a reply down).
    /// </remarks>
    public Func<RecordedRequest, FakeReply>? Responder
    {
        get => _script.Responder;
        set => _script.Responder = value;
    }

    /// <summary>
    /// Asked first for every request (chat, models, account info, any path); a reply answers it, <see langword="null"/>
    /// lets the wires answer as usual. <see langword="null"/> (the default) intercepts nothing.
    /// </summary>
    /// <remarks>
    /// <para>
    /// For scripting failures of requests that have no queue: <c>GET .../models/{id}</c>, DeepSeek's balance, OpenRouter's
    /// key info, or every request at once (a revoked key: <c>_ => FakeReply.Error(401, ...)</c>). Raw replies
    /// (<see cref="FakeReply.Error"/>, <see cref="FakeReply.FromFile"/>) are sent byte for byte on any route; text and
    /// tool-call replies are rendered by the chat wire the request went to (elsewhere they answer 500). Latency and drop
    /// faults apply. An intercepted request does not consume the queue, and it skips the wire's own checks (Azure's key
    /// and deployment, Bedrock's signature): the reply is exactly what the test scripted. A throwing intercept answers 500.
    /// </para>
    /// <para>
    /// The request is recorded in <see cref="Requests"/> before the intercept sees it. Called on the server's socket
    /// threads, possibly concurrently: keep it quick, never block in it, and make it thread-safe when it keeps state
    /// (e.g. answer only the first matching request with an <see cref="Interlocked"/> flag). The property itself may be set
    /// at any time; a request in flight uses the value it read.
    /// </para>
    /// </remarks>
    /// <example><code>
    /// fake.Intercept = request => request.Path.EndsWith("/user/balance", StringComparison.Ordinal)
    ///     ? AccountReplies.DeepSeekBalance(isAvailable: false)
    ///     : null;
    /// </code></example>
    public Func<RecordedRequest, FakeReply?>? Intercept
    {
        get => _script.Intercept;
        set => _script.Intercept = value;
    }

    /// <summary>Model ids served by <c>GET .../models</c> and <c>GET .../models/{id}</c>; starts with a few test ids.</summary>
    /// <remarks>Not synchronized: change it before the client lists models.</remarks>
    public IList<string> Models { get; }

    /// <summary>How many enqueued replies have not been used yet (to assert a script was consumed).</summary>
    public int PendingReplies => _script.Pending;

    /// <summary>
    /// The AWS credentials the Bedrock wire verifies SigV4 signatures against (independently of AWSSDK.Core); starts as
    /// <see cref="FakeAwsCredentials.Default"/>. Bearer (Bedrock API key) requests are accepted whatever the key.
    /// </summary>
    public FakeAwsCredentials BedrockCredentials
    {
        get => _bedrockAuthentication.Credentials;
        set => _bedrockAuthentication.Credentials = value;
    }

    /// <summary>Starts a provider on <c>127.0.0.1</c> with a port chosen by the OS.</summary>
    public static async Task<FakeProvider> StartAsync(CancellationToken cancellationToken = default)
    {
        var log = new RequestLog();
        var script = new ReplyScript();
        List<string> models = ["gpt-test", "gpt-test-mini", "gpt-test-reasoning"];
        var bedrockAuthentication = new BedrockAuthentication();
        var stopping = new CancellationTokenSource();

        // The empty builder reads no appsettings, environment (ASPNETCORE_URLS) or logging config: nothing on the
        // machine can move the port or print to the test console.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost
            .UseKestrelCore()
            .ConfigureKestrel(options =>
            {
                options.Listen(IPAddress.Loopback, 0);
                // Replayed fixtures carry the provider's own "server" header.
                options.AddServerHeader = false;
            })
            // Inline scheduling makes a flush hand its bytes to the socket before it returns. Without it a dropped
            // stream (HttpContext.Abort resets the socket at once) loses events that were flushed but still queued
            // in Kestrel's pipe, and DropAfterChunks would cut at a random point. Safe here: handlers never block.
            .UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        var app = builder.Build();
        // First match wins: the specific wires come before OpenAI's, whose "/chat/completions" suffix also matches Azure.
        IWireHandler[] wires =
        [
            new AzureOpenAIWireHandler(script, models),
            new AnthropicWireHandler(script, models),
            new BedrockWireHandler(script, bedrockAuthentication),
            new AccountWireHandler(),
            new OpenAIWireHandler(script, models),
        ];
        app.Run(new RequestDispatcher(log, script, wires, stopping.Token).HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                .Addresses.Single();
            var port = new Uri(address).Port;
            return new FakeProvider(app, new Uri($"http://127.0.0.1:{port}/"), log, script, models, bedrockAuthentication, stopping);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            throw;
        }
    }

    /// <summary>Appends replies to the script; each chat request takes the next one, first in first out.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        _script.Enqueue(replies);
    }

    /// <summary>Completes once at least <paramref name="count"/> requests have been recorded.</summary>
    /// <remarks>Signalled by the server as requests arrive; no polling. Pass a token with a timeout.</remarks>
    public Task WaitForRequestsAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return _log.WaitForCountAsync(count, cancellationToken);
    }

    /// <summary>Stops the server, ending pending latencies and closing connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}

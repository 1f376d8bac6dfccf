using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace ByokAgent.Server.Tests;

/// <summary>
/// One request id ties a request's answer, its logs and its trace together (<c>x-request-id</c>, <c>error.request_id</c>,
/// the request log line and the logging scope), and the server's exported traces carry no message, key or query string.
/// </summary>
#pragma warning disable CA1001 // ScopeCapture holds nothing to release (its Dispose is empty); the server is disposed in DisposeAsync.
public sealed class ObservabilityTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Message = "PELICAN-8812 please summarise my notes";

    private readonly ScopeCapture _scopes = new();
    private readonly SpanSink _spans = new();
    private FakeProvider _fake = null!;
    private ServerFactory _server = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _server = ServerFactory.With(
            new Dictionary<string, string?> { ["ByokAgent:Telemetry:Enabled"] = "true", ["ByokAgent:Telemetry:ServiceName"] = "byok-server-tests" },
            services: services =>
            {
                services.AddLogging(logging => logging.AddProvider(_scopes).AddFilter<ScopeCapture>(null, LogLevel.Trace));
                services.ConfigureOpenTelemetryTracerProvider(traces => traces.AddInMemoryExporter(_spans));
            });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task ProviderFailure_OneRequestIdInHeaderErrorBodyRequestLogScopedLogsAndTrace()
    {
        var project = await _server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{ServerFactory.ProviderKey}}}","code":"invalid_api_key"}}"""));

        var response = await project.Client.PostAsync("/v1/agent", ApiJson.Turn(Message));

        var error = await response.ShouldBeErrorAsync(HttpStatusCode.BadGateway, "provider_error");
        var requestId = response.Headers.GetValues("x-request-id").Should().ContainSingle().Subject;
        requestId.Should().MatchRegex("^[0-9a-f]{32}$", "it is the W3C trace id of the request");
        error["request_id"]!.GetValue<string>().Should().Be(requestId);

        await _server.Logs.WaitForRequestsAsync("POST", "/v1/agent");
        _server.Logs.LinesOf("ByokAgent.Server.Operations.RequestLogging").Should().ContainSingle(l => l.Contains("POST /v1/agent -> 502", StringComparison.Ordinal))
            .Which.Should().Contain($"request {requestId}");
        _scopes.LinesWithin(requestId).Should().Contain(l => l.StartsWith("ByokAgent.Agents.AgentSession:", StringComparison.Ordinal),
            "the runtime's own lines during the request carry the id through the logging scope");

        // The request's span ends after its last middleware, so it is waited for rather than expected at once. It is the
        // trace's root (FakeProvider, a Kestrel server in this process, adds a server span of its own deeper down).
        var request = await _spans.WaitForAsync(s => s.Kind == ActivityKind.Server && s.ParentSpanId == default && s.TraceId.ToHexString() == requestId);
        request.DisplayName.Should().Be("POST /v1/agent");
        var turn = _spans.Should().ContainSingle(s => s.DisplayName == "invoke_agent" && s.TraceId.ToHexString() == requestId).Subject;
        turn.ParentSpanId.Should().Be(request.SpanId, "the turn nests under the request that ran it");
        turn.GetTagItem("byok.provider.failure").Should().Be("invalid_key");
    }

    [Theory]
    [InlineData("/v1/agent", null, HttpStatusCode.Unauthorized, "invalid_api_key")]
    [InlineData("/v1/no-such-route", "key", HttpStatusCode.NotFound, "not_found")]
    public async Task ErrorsBeforeAnyEndpoint_CarryTheRequestIdToo(string path, string? key, HttpStatusCode status, string code)
    {
        var project = await _server.CreateProjectOnAsync(_fake);
        var client = key is null ? _server.CreateClient(apiKey: null) : project.Client;

        var response = await client.PostAsync(path, ApiJson.Turn(Message));

        var error = await response.ShouldBeErrorAsync(status, code);
        var requestId = response.Headers.GetValues("x-request-id").Should().ContainSingle().Subject;
        error["request_id"]!.GetValue<string>().Should().Be(requestId).And.NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Success_HasARequestIdAndEachRequestItsOwn()
    {
        var project = await _server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(FakeReply.Text("one"), FakeReply.Text("two"));

        var first = await project.Client.PostAsync("/v1/agent", ApiJson.Turn("hi"));
        var second = await project.Client.PostAsync("/v1/agent", ApiJson.Turn("hi again"));

        await first.ShouldBeAsync(HttpStatusCode.OK);
        await second.ShouldBeAsync(HttpStatusCode.OK);
        first.Headers.GetValues("x-request-id").Single().Should().NotBe(second.Headers.GetValues("x-request-id").Single());
    }

    [Fact]
    public async Task ExportedTraces_HoldNoMessageToolArgumentsKeysOrQueryStrings()
    {
        var project = await _server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("files_write_file", """{"path":"notes/GANNET-3307.md","content":"OSPREY-6620"}""", "call_w")),
            FakeReply.Text("Saved KESTREL-1954."));

        var response = await project.Client.PostAsync("/v1/agent?key=QUERY-SECRET-4471", ApiJson.Turn(Message, stream: true));
        await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await _server.Logs.WaitForRequestsAsync("POST", "/v1/agent");
        var trace = _spans.Where(s => s.TraceId.ToHexString() == response.Headers.GetValues("x-request-id").Single()).ToList();
        trace.Select(s => s.GetTagItem("gen_ai.operation.name")).Should().Contain(["invoke_agent", "chat", "execute_tool"]);
        trace.Should().Contain(s => s.Kind == ActivityKind.Client && s.GetTagItem("url.full") != null, "HttpClient calls to the provider are traced");
        var exported = Exported(_spans);
        exported.Should().NotContain("PELICAN-8812", "no message text")
            .And.NotContain("GANNET-3307", "no tool arguments")
            .And.NotContain("OSPREY-6620", "no tool arguments")
            .And.NotContain("KESTREL-1954", "no reply text")
            .And.NotContain("QUERY-SECRET-4471", "no query strings")
            .And.NotContain(ServerFactory.ProviderKey, "no provider key")
            .And.NotContain(project.ApiKey, "no project key");
    }

    private static string Exported(IEnumerable<Activity> spans)
    {
        var text = new StringBuilder();
        foreach (var span in spans)
        {
            text.Append(span.DisplayName).Append('|').Append(span.StatusDescription).Append('|');
            foreach (var (key, value) in span.EnumerateTagObjects())
            {
                text.Append(key).Append('=').Append(value).Append(';');
            }

            foreach (var spanEvent in span.Events)
            {
                text.Append(spanEvent.Name);
                foreach (var (key, value) in spanEvent.Tags)
                {
                    text.Append(key).Append('=').Append(value).Append(';');
                }
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>An exporter target that other threads add to while a test reads, and that signals each span it receives.</summary>
    private sealed class SpanSink : ICollection<Activity>
    {
        private readonly ConcurrentQueue<Activity> _queue = new();
        private readonly List<(Func<Activity, bool> Match, TaskCompletionSource<Activity> Found)> _waiters = [];

        public int Count => _queue.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item)
        {
            lock (_waiters)
            {
                _queue.Enqueue(item);
                foreach (var waiter in _waiters.Where(w => w.Match(item)))
                {
                    waiter.Found.TrySetResult(item);
                }
            }
        }

        /// <summary>The first span that matches, exported already or when it arrives (20 s at most).</summary>
        public Task<Activity> WaitForAsync(Func<Activity, bool> match)
        {
            var found = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiters)
            {
                if (_queue.FirstOrDefault(match) is { } already)
                {
                    return Task.FromResult(already);
                }

                _waiters.Add((match, found));
            }

            return found.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }

        public void Clear() => _queue.Clear();

        public bool Contains(Activity item) => _queue.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => _queue.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => _queue.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A logger provider that, unlike <see cref="CapturedLogs"/>, keeps the scopes each line was written in.</summary>
    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<(string Line, string Scopes)> _lines = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        /// <summary>The lines written inside a scope whose <c>request_id</c> is <paramref name="requestId"/>.</summary>
        public IReadOnlyList<string> LinesWithin(string requestId) =>
            [.. _lines.Where(l => l.Scopes.Contains($"request_id={requestId};", StringComparison.Ordinal)).Select(l => l.Line)];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ScopeCapture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => capture._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new StringBuilder();
                capture._scopes.ForEachScope(
                    (scope, builder) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object>> properties)
                        {
                            foreach (var (key, value) in properties)
                            {
                                builder.Append(key).Append('=').Append(value).Append(';');
                            }
                        }
                    },
                    scopes);
                capture._lines.Enqueue(($"{category}: {formatter(state, exception)}", scopes.ToString()));
            }
        }
    }
}

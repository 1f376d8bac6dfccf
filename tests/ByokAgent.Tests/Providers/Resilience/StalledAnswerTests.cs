using System.Diagnostics;
using ByokAgent.Providers;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ByokAgent.Tests.Providers.Resilience;

/// <summary>
/// An answer that starts and then stalls ends at the attempt timeout (RequestTimeout), not the long total one the SDKs'
/// own timeouts now hold, and is not retried: its success headers had arrived.
/// </summary>
public sealed class StalledAnswerTests : IDisposable
{
    private const string Chunk = """{"id":"chatcmpl-stall","object":"chat.completion.chunk","created":1,"model":"gpt-test","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null}]}""";

    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => _testTimeout.Token;

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task StreamStallsAfterTheFirstEvent_FailsAtTheAttemptTimeoutWithoutRetry()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout, ("RequestTimeout", "00:00:01"));
        var firstEvent = $"data: {Chunk}\n\n";
        using var server = StallingHttpServer.Start(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n",
            $"{firstEvent.Length:x}\r\n{firstEvent}\r\n");
        var seen = new List<string>();
        var clock = Stopwatch.StartNew();

        var read = async () =>
        {
            await foreach (var update in host.Client(At(host, server)).GetStreamingResponseAsync("hi", cancellationToken: Timeout))
            {
                seen.Add(update.Text);
            }
        };

        var error = (await read.Should().ThrowAsync<ProviderException>()).Which;
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "the 1 s idle limit ends it, not the 5 min total");
        error.Failure.Should().Be(ProviderFailure.Unreachable);
        string.Concat(seen).Should().Be("Hello");
        server.Connections.Should().Be(1);
        host.RetryLogs.Should().BeEmpty();
    }

    [Fact]
    public async Task BodyStallsAfterTheHeaders_FailsAtTheAttemptTimeout()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout, ("RequestTimeout", "00:00:01"));
        using var server = StallingHttpServer.Start("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n", """{"id":"chatcmpl-stall",""");
        var clock = Stopwatch.StartNew();

        var call = () => host.Client(At(host, server)).GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.Failure.Should().Be(ProviderFailure.Unreachable);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
        server.Connections.Should().Be(1);
    }

    private static ModelConfig At(ResilienceTestHost host, StallingHttpServer server) =>
        host.Config() with { ApiHost = new Uri(server.Root, "v1").ToString() };
}

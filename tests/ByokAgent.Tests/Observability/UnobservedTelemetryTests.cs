using ByokAgent.Observability;
using ByokAgent.Providers;
using Microsoft.Extensions.AI;

namespace ByokAgent.Tests.Observability;

/// <summary>Without a listener the instrumentation is absent: no span, no telemetry client, nothing built per turn.</summary>
/// <remarks>Listeners are process-wide, so these run alone, after the parallel tests (some of which listen).</remarks>
[Collection(nameof(UnobservedTelemetryTests))]
[CollectionDefinition(nameof(UnobservedTelemetryTests), DisableParallelization = true)]
public sealed class UnobservedTelemetryTests
{
    [Fact]
    public void NoListener_NoTurnSpanAndTheChatClientIsLeftAsItIs()
    {
        var config = new ModelConfig { Provider = "openai", ApiKey = "sk-unused", Model = "gpt-test" };
        using var client = new NoChatClient();

        TurnTelemetry.IsObserved.Should().BeFalse();
        TurnTelemetry.Start("ses_1", "prj_1", config, streaming: false).Should().BeNull();
        ChatTelemetry.Instrument(client, out var lease).Should().BeSameAs(client, "no OpenTelemetryChatClient (and no Meter or ActivitySource) is created");
        lease.Should().BeSameAs(ChatTelemetry.Lease.None);
    }

    private sealed class NoChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

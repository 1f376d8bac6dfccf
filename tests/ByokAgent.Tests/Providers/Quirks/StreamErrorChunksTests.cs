using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;

namespace ByokAgent.Tests.Providers.Quirks;

public sealed class StreamErrorChunksTests : IAsyncLifetime
{
    private QuirkHost _host = null!;

    public async Task InitializeAsync() => _host = await QuirkHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetStreamingResponseAsync_OpenRouterErrorInsideA200Stream_IsProviderException()
    {
        _host.Fake.Enqueue(QuirkHost.Fixture("openrouter", "stream_error_midstream.http"));

        var act = () => _host.StreamAsync(_host.ChatClient(_host.Config("openrouter", "minimax/minimax-m2:free")));

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        (exception.ProviderId, exception.Failure, exception.StatusCode).Should().Be(("openrouter", ProviderFailure.ProviderError, 400));
        exception.ProviderMessage.Should().Be("Token limit reached");
        exception.Message.Should().Be("OpenRouter answered 400 BadRequest: Token limit reached");
    }

    [Fact]
    public async Task RunStreamingAsync_ErrorInsideTheStream_EndsWithAnErrorEventAndNoHistory()
    {
        _host.Fake.Enqueue(QuirkHost.Fixture("openrouter", "stream_error_midstream.http"));
        var session = await _host.SessionAsync(_host.Config("openrouter"));

        var events = await _host.CollectAsync(session.RunStreamingAsync("Think hard", _host.Timeout));

        var error = events.Should().ContainSingle(e => e is AgentErrorEvent).Which.As<AgentErrorEvent>();
        error.Code.Should().Be(AgentErrorCodes.ProviderError);
        error.Message.Should().Be("OpenRouter answered 400 BadRequest: Token limit reached", "an error inside a 200 stream is a provider error (shared/wire.md §1 rule 7)");
        error.Exception.Should().BeOfType<ProviderException>().Which.Failure.Should().Be(ProviderFailure.ProviderError);
        events.OfType<AgentDoneEvent>().Should().BeEmpty("an error inside a 200 stream is not an empty answer");
        session.History.Should().BeEmpty();
    }

    [Fact]
    public async Task RunStreamingAsync_ErrorChunkQuotingTheKey_MessageIsScrubbed()
    {
        var events = RecordedBodies.Events("openrouter", "stream_error_midstream.http");
        var index = events.FindIndex(e => e.Contains("\"error\":{", StringComparison.Ordinal));
        events[index] = events[index].Replace("Token limit reached", $"Key {TestRuntime.ApiKey} has no credit", StringComparison.Ordinal);
        _host.Fake.Enqueue(RecordedBodies.Stream(events));

        var act = () => _host.StreamAsync(_host.ChatClient(_host.Config("openrouter")));

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.ProviderMessage.Should().Be("Key [redacted] has no credit");
        exception.Message.Should().Be("OpenRouter answered 400 BadRequest: Key [redacted] has no credit");
        exception.ToString().Should().NotContain(TestRuntime.ApiKey);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TextMentioningError_IsNotAnError()
    {
        const string Text = "The word \"error\" and {\"error\":1} are just text here.";
        _host.Fake.Enqueue(FakeReply.Text(Text));

        var updates = await _host.StreamAsync(_host.ChatClient(_host.Config("openrouter")));

        string.Concat(updates.Select(u => u.Text)).Should().Be(Text);
    }
}

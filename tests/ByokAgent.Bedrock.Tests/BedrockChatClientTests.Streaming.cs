using System.Text;
using Amazon.Runtime.EventStreams;
using ByokAgent.Bedrock.Tests.TestSupport;
using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;
using Microsoft.Extensions.AI;

namespace ByokAgent.Bedrock.Tests;

public sealed partial class BedrockChatClientTests
{
    [Fact]
    public async Task GetStreamingResponseAsync_PlainReply_YieldsTextDeltasThenFinishAndUsage()
    {
        Fake.Enqueue(FakeReply.Text("one two three four").WithUsage(9, 4));
        using var client = _host.Client();

        var updates = await CollectAsync(client.GetStreamingResponseAsync("count", cancellationToken: Timeout));

        updates.Where(u => u.Text.Length > 0).Select(u => u.Text).Should().Equal("one ", "two ", "three ", "four");
        updates.Select(u => u.FinishReason).OfType<ChatFinishReason>().Should().Equal(ChatFinishReason.Stop);
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle().Subject;
        usage.Details.Should().BeEquivalentTo(new { InputTokenCount = 9L, OutputTokenCount = 4L, TotalTokenCount = 13L });
        var response = updates.ToChatResponse();
        response.Text.Should().Be("one two three four");
        response.Usage!.TotalTokenCount.Should().Be(13);
        var request = Fake.Requests.Single();
        request.Path.Should().Be("/model/us.amazon.nova-micro-v1:0/converse-stream");
        request.Header("Accept").Should().Be("application/vnd.amazon.eventstream");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TwoToolCalls_AssemblesEachCallsInputFragments()
    {
        Fake.Enqueue(FakeReply.ToolCalls(
            new FakeToolCall("get_weather", """{"city":"Paris","days":3}""", "tooluse_a"),
            new FakeToolCall("get_time", """{"zone":"Europe/Oslo"}""", "tooluse_b")));
        using var client = _host.Client();

        var updates = await CollectAsync(client.GetStreamingResponseAsync("two things", cancellationToken: Timeout));

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        calls.Select(c => (c.CallId, c.Name)).Should().Equal(("tooluse_a", "get_weather"), ("tooluse_b", "get_time"));
        calls[0].Arguments!["city"]!.ToString().Should().Be("Paris");
        calls[0].Arguments!["days"]!.ToString().Should().Be("3");
        calls[1].Arguments!["zone"]!.ToString().Should().Be("Europe/Oslo");
        updates.ToChatResponse().FinishReason.Should().Be(ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReplaysRecordedBinaryStream_TextToolCallAndUsage()
    {
        Fake.Enqueue(FakeReply.FromFile(SharedFixtures.ProviderFixture("bedrock", "converse_stream_tool_use.http")));
        using var client = _host.Client();

        var updates = await CollectAsync(client.GetStreamingResponseAsync("temperature in the capital of France?", cancellationToken: Timeout));

        var response = updates.ToChatResponse();
        response.Text.Should().StartWith("<thinking> To find the temperature of the capital of France,")
            .And.EndWith("in Paris.</thinking>\n");
        updates.Count(u => u.Text.Length > 0).Should().Be(19, "the fixture has 19 text deltas");
        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Should().ContainSingle().Subject;
        (call.CallId, call.Name).Should().Be(("tooluse_lAG_zP8QRHmSYOwZzzaCqA", "get_temperature"));
        call.Arguments!["city"]!.ToString().Should().Be("Paris");
        response.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
        response.Usage.Should().BeEquivalentTo(new { InputTokenCount = 471L, OutputTokenCount = 91L, TotalTokenCount = 562L });
        response.ResponseId.Should().Be("c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ExceptionFrameMidStream_ThrowsBedrockExceptionAfterTheEarlierDeltas()
    {
        Fake.Enqueue(BedrockReplies.EventStream(
            BedrockReplies.EventFrame("messageStart", """{"p":"abc","role":"assistant"}"""),
            BedrockReplies.EventFrame("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Partial"}}"""),
            BedrockReplies.ExceptionFrame("throttlingException", "Too many tokens, please wait before trying again.")));
        using var client = _host.Client();
        var received = new List<ChatResponseUpdate>();

        var read = () => CollectIntoAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout), received);

        var error = (await read.Should().ThrowAsync<BedrockException>()).Which;
        error.Should().BeEquivalentTo(new
        {
            StatusCode = 429,
            ErrorType = "ThrottlingException",
            ProviderMessage = "Too many tokens, please wait before trying again.",
            IsStreamFailure = false,
        });
        received.Select(u => u.Text).Should().Contain("Partial");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDroppedMidStream_ThrowsTruncatedWithoutHanging()
    {
        Fake.Enqueue(FakeReply.Text("this answer will never finish arriving").WithDropAfterChunks(3));
        using var client = _host.Client();
        var received = new List<ChatResponseUpdate>();

        var read = () => CollectIntoAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout), received);

        var error = (await read.Should().ThrowAsync<BedrockException>()).Which;
        error.ErrorType.Should().Be(BedrockException.EventStreamTruncated);
        error.IsStreamFailure.Should().BeTrue();
        error.Message.Should().Contain("connection closed");
        received.Select(u => u.Text).Should().Equal(["this ", "answer "], "the frames before the drop are delivered");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_BodyEndsMidFrame_ThrowsTruncated()
    {
        var delta = BedrockReplies.EventFrame("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"cut"}}""");
        Fake.Enqueue(BedrockReplies.EventStream(
            BedrockReplies.EventFrame("messageStart", """{"role":"assistant"}"""),
            delta[..(delta.Length / 2)]));
        using var client = _host.Client();

        var read = () => CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout));

        (await read.Should().ThrowAsync<BedrockException>()).Which.Should().BeEquivalentTo(new
        {
            StatusCode = 200,
            ErrorType = BedrockException.EventStreamTruncated,
        });
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CleanEndWithoutMessageStop_ThrowsTruncated()
    {
        Fake.Enqueue(BedrockReplies.EventStream(
            BedrockReplies.EventFrame("messageStart", """{"role":"assistant"}"""),
            BedrockReplies.EventFrame("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"half an"}}""")));
        using var client = _host.Client();

        var read = () => CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout));

        (await read.Should().ThrowAsync<BedrockException>()).Which.Message.Should().Contain("messageStop");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CorruptedCrc_ThrowsChecksumFailure()
    {
        var delta = BedrockReplies.EventFrame("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"bits"}}""");
        delta[^8] ^= 0x20; // a payload byte: the prelude still checks, the message CRC does not
        Fake.Enqueue(BedrockReplies.EventStream(BedrockReplies.EventFrame("messageStart", """{"role":"assistant"}"""), delta));
        using var client = _host.Client();

        var read = () => CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout));

        var error = (await read.Should().ThrowAsync<BedrockException>()).Which;
        error.ErrorType.Should().Be(BedrockException.EventStreamChecksumFailure);
        error.InnerException.Should().BeOfType<EventStreamChecksumFailureException>();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_PayloadNotJson_ThrowsMalformed()
    {
        Fake.Enqueue(BedrockReplies.EventStream(BedrockReplies.EventFrame("messageStart", "<html>proxy</html>")));
        using var client = _host.Client();

        var read = () => CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout));

        (await read.Should().ThrowAsync<BedrockException>()).Which.ErrorType.Should().Be(BedrockException.EventStreamMalformed);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoAnswerWithinTimeout_ThrowsTimeoutNotHang()
    {
        Fake.Enqueue(FakeReply.Text("late").WithLatency(TimeSpan.FromMinutes(5)));
        using var client = new BedrockChatClient(_host.Options() with { Timeout = TimeSpan.FromMilliseconds(300) });

        var read = () => CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout));

        (await read.Should().ThrowAsync<TaskCanceledException>()).WithInnerException<TimeoutException>();
        Timeout.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamStallsAfterAFrame_ThrowsTimeoutNotHang()
    {
        await using var server = new StallingServer(BedrockReplies.EventFrame("messageStart", """{"role":"assistant"}"""));
        var options = _host.Options() with
        {
            Endpoint = server.Endpoint,
            Credentials = null,
            ApiKey = BedrockTestHost.ApiKey,
            // Long enough that the headers always arrive in time on a busy machine: the stall is what must trip it.
            Timeout = TimeSpan.FromSeconds(2),
        };
        using var client = new BedrockChatClient(options);

        var read = () => CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout));

        (await read.Should().ThrowAsync<TaskCanceledException>()).WithInnerException<TimeoutException>()
            .WithMessage("No stream data within*");
        Timeout.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public void EventFrames_AreRealAwsEventStreamFrames()
    {
        var frame = BedrockReplies.ExceptionFrame("validationException", "bad input");

        var decoded = EventStreamMessage.FromBuffer(frame, 0, frame.Length);

        decoded.Headers[":message-type"].AsString().Should().Be("exception");
        decoded.Headers[":exception-type"].AsString().Should().Be("validationException");
        Encoding.UTF8.GetString(decoded.Payload).Should().Be("""{"message":"bad input"}""");
    }

    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await CollectIntoAsync(updates, list);
        return list;
    }

    private static async Task CollectIntoAsync(IAsyncEnumerable<ChatResponseUpdate> updates, List<ChatResponseUpdate> into)
    {
        await foreach (var update in updates)
        {
            into.Add(update);
        }
    }
}

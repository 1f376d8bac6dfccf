using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;
using Microsoft.Extensions.AI;

namespace ByokAgent.Bedrock.Tests;

public sealed partial class BedrockChatClientTests
{
    public static TheoryData<int, string, string, bool> BedrockErrors => new()
    {
        { 429, "ThrottlingException", "Too many requests, please wait before trying again.", false },
        { 400, "ValidationException", "The provided model identifier is invalid.", false },
        { 403, "AccessDeniedException", "You don't have access to the model with the specified model ID.", false },
        { 403, "UnrecognizedClientException", "The security token included in the request is invalid.", false },
        { 429, "ThrottlingException", "Too many requests, please wait before trying again.", true },
        { 400, "ValidationException", "The provided model identifier is invalid.", true },
        { 403, "AccessDeniedException", "You don't have access to the model with the specified model ID.", true },
        { 403, "UnrecognizedClientException", "The security token included in the request is invalid.", true },
    };

    [Theory]
    [MemberData(nameof(BedrockErrors))]
    public async Task ErrorAnswer_ThrowsBedrockExceptionWithStatusTypeAndMessage(int status, string errorType, string message, bool streaming)
    {
        Fake.Enqueue(BedrockReplies.Error(status, errorType, message));
        using var client = _host.Client();

        Func<Task> call = streaming
            ? () => CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout))
            : () => client.GetResponseAsync("hi", cancellationToken: Timeout);

        var error = (await call.Should().ThrowAsync<BedrockException>()).Which;
        error.Should().BeEquivalentTo(new { StatusCode = status, ErrorType = errorType, ProviderMessage = message });
        error.RequestId.Should().NotBeNullOrEmpty();
        error.Message.Should().Be($"AWS Bedrock failed with {status} {errorType}: {message}");
    }

    [Fact]
    public async Task ErrorAnswer_RecordedInvalidModel_IsValidationException()
    {
        Fake.Enqueue(FakeReply.FromFile(SharedFixtures.ProviderFixture("bedrock", "invalid_model.http")));
        using var client = _host.Client("amazon.nova-micro-v9:0");

        var call = () => client.GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<BedrockException>()).Which.Should().BeEquivalentTo(new
        {
            StatusCode = 400,
            ErrorType = "ValidationException",
            ProviderMessage = "The provided model identifier is invalid.",
            RequestId = "6e7f8091-a2b3-4c4d-96e7-f8a9b0c1d2e3",
        });
    }

    [Fact]
    public async Task ErrorAnswer_CapitalMessageAndTypeInBody_AreRead()
    {
        // Some AWS auth layers answer without x-amzn-ErrorType, with "Message" and a "__type" in the body.
        Fake.Enqueue(FakeReply.Error(403, """{"__type":"com.amazon.coral.service#UnrecognizedClientException","Message":"The security token included in the request is invalid."}"""));
        using var client = _host.Client();

        var call = () => client.GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<BedrockException>()).Which.Should().BeEquivalentTo(new
        {
            StatusCode = 403,
            ErrorType = "UnrecognizedClientException",
            ProviderMessage = "The security token included in the request is invalid.",
        });
    }

    [Fact]
    public async Task ErrorAnswer_HtmlFromAProxy_KeepsTheStatus()
    {
        Fake.Enqueue(FakeReply.Error(502, "<html><body>Bad gateway</body></html>", contentType: "text/html"));
        using var client = _host.Client();

        var call = () => client.GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<BedrockException>()).Which.Should().BeEquivalentTo(new
        {
            StatusCode = 502,
            ErrorType = "Http502",
            ProviderMessage = (string?)null,
        });
    }

    [Fact]
    public async Task Throttled_WithRetries_IsRetriedAndSucceeds()
    {
        Fake.Enqueue(BedrockReplies.Error(429, "ThrottlingException", "Too many requests"), FakeReply.Text("second time lucky"));
        using var client = new BedrockChatClient(_host.Options() with { MaxRetries = 1 });

        var response = await client.GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("second time lucky");
        Fake.Requests.Should().HaveCount(2);
        Fake.Requests.Select(r => r.Header("X-Amz-Date")).Should().OnlyContain(d => d != null, "each attempt is signed afresh");
    }

    [Fact]
    public async Task ValidationError_IsNotRetried()
    {
        Fake.Enqueue(BedrockReplies.Error(400, "ValidationException", "bad"), FakeReply.Text("never"));
        using var client = new BedrockChatClient(_host.Options() with { MaxRetries = 2 });

        var call = () => client.GetResponseAsync("hi", cancellationToken: Timeout);

        await call.Should().ThrowAsync<BedrockException>();
        Fake.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task GetResponseAsync_NoAnswerWithinTimeout_ThrowsTimeout()
    {
        Fake.Enqueue(FakeReply.Text("late").WithLatency(TimeSpan.FromMinutes(5)));
        using var client = new BedrockChatClient(_host.Options() with { Timeout = TimeSpan.FromMilliseconds(300) });

        var call = () => client.GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<TaskCanceledException>()).WithInnerException<TimeoutException>();
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_ThrowsOperationCanceledWithoutTimeout()
    {
        Fake.Enqueue(FakeReply.Text("late").WithLatency(TimeSpan.FromMinutes(5)));
        using var client = _host.Client();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var pending = client.GetResponseAsync("hi", cancellationToken: cancel.Token);
        await Fake.WaitForRequestsAsync(1, Timeout);

        await cancel.CancelAsync();

        var call = () => pending;
        (await call.Should().ThrowAsync<OperationCanceledException>()).Which.InnerException.Should().NotBeOfType<TimeoutException>();
    }
}

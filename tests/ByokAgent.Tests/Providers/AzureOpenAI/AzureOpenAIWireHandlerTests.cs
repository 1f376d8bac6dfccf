using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ByokAgent.Testing;
using ByokAgent.Tests.Testing;

namespace ByokAgent.Tests.Providers.AzureOpenAI;

/// <summary>FakeProvider's Azure OpenAI wire, spoken to over plain HTTP.</summary>
public sealed class AzureOpenAIWireHandlerTests : IAsyncLifetime, IDisposable
{
    private const string ChatPath = "openai/deployments/gpt-test/chat/completions?api-version=2024-10-21";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));
    private FakeProvider _fake = null!;
    private HttpClient _http = null!;

    private CancellationToken Timeout => _timeout.Token;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync(Timeout);
        _http = new HttpClient { BaseAddress = _fake.BaseUri };
    }

    public Task DisposeAsync() => _fake.DisposeAsync().AsTask();

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "Bearer sk-test")]
    [InlineData("", null)]
    public async Task Chat_NoApiKeyHeader_Is401InAzuresShape(string? apiKey, string? authorization)
    {
        _fake.Enqueue(FakeReply.Text("never sent"));

        using var response = await PostAsync(ChatPath, Chat(), apiKey, authorization);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var error = (await ReadJsonAsync(response))["error"]!;
        error["code"]!.GetValue<string>().Should().Be("401");
        error["message"]!.GetValue<string>().Should().StartWith("Access denied due to invalid subscription key or wrong API endpoint.");
        _fake.PendingReplies.Should().Be(1, "a refused request does not use a scripted reply");
    }

    [Theory]
    [InlineData("openai/deployments/gpt-test/chat/completions")]
    [InlineData("openai/deployments/gpt-test/chat/completions?api-version=")]
    [InlineData("openai/deployments/gpt-test/completions?api-version=2024-10-21")]
    public async Task Chat_MissingApiVersionOrUnknownPath_Is404ResourceNotFound(string path)
    {
        using var response = await PostAsync(path, Chat());

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadJsonAsync(response))["error"]!.ToJsonString().Should().Be("""{"code":"404","message":"Resource not found"}""");
    }

    [Fact]
    public async Task Chat_UnknownDeployment_Is404DeploymentNotFound()
    {
        using var response = await PostAsync("openai/deployments/nope/chat/completions?api-version=2024-10-21", Chat());

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadJsonAsync(response))["error"]!["code"]!.GetValue<string>().Should().Be("DeploymentNotFound");
    }

    [Fact]
    public async Task Chat_NonStreaming_HasAzuresFilterResultsAndAlphabeticalKeys()
    {
        _fake.Enqueue(FakeReply.Text("Hello from Azure"));

        using var response = await PostAsync(ChatPath, Chat());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await ReadJsonAsync(response);
        body.Select(p => p.Key).Should().BeInAscendingOrder(StringComparer.Ordinal);
        body["prompt_filter_results"]![0]!["content_filter_results"]!["hate"]!["severity"]!.GetValue<string>().Should().Be("safe");
        var choice = body["choices"]![0]!;
        choice["content_filter_results"]!["violence"]!["filtered"]!.GetValue<bool>().Should().BeFalse();
        choice["message"]!["content"]!.GetValue<string>().Should().Be("Hello from Azure");
    }

    [Fact]
    public async Task Chat_Streaming_OpensWithAnEmptyPromptFilterChunkAndEndsWithDone()
    {
        _fake.Enqueue(FakeReply.Text("two words").WithUsage(9, 2));

        using var response = await PostAsync(ChatPath, Chat(stream: true));
        var events = await SseReader.ReadDataAsync(response, Timeout);

        var first = JsonNode.Parse(events[0])!;
        first["choices"]!.AsArray().Should().BeEmpty();
        (first["id"]!.GetValue<string>(), first["created"]!.GetValue<int>(), first["model"]!.GetValue<string>()).Should().Be(("", 0, ""));
        first["prompt_filter_results"]!.AsArray().Should().ContainSingle();
        var chunks = events[1..^1].Select(e => JsonNode.Parse(e)!.AsObject()).ToList();
        chunks.Where(c => c["choices"]!.AsArray().Count > 0)
            .Should().OnlyContain(c => c["choices"]![0]!["content_filter_results"] != null && c["id"]!.GetValue<string>().StartsWith("chatcmpl-", StringComparison.Ordinal));
        chunks[^1]["usage"]!["total_tokens"]!.GetValue<int>().Should().Be(11);
        events[^1].Should().Be("[DONE]");
    }

    [Fact]
    public async Task Chat_V1Api_NeedsNoApiVersionAndChecksTheModelAsDeployment()
    {
        _fake.Enqueue(FakeReply.Text("v1 answer"));

        using var known = await PostAsync("openai/v1/chat/completions", Chat());
        using var unknown = await PostAsync("openai/v1/chat/completions", new JsonObject { ["model"] = "nope", ["messages"] = new JsonArray() });

        known.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadJsonAsync(known))["choices"]![0]!["message"]!["content"]!.GetValue<string>().Should().Be("v1 answer");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Models_ListsTheResourcesModelsWithApiVersionOnly()
    {
        using var listed = await SendAsync(HttpMethod.Get, "openai/models?api-version=2024-10-21", body: null);
        using var noVersion = await SendAsync(HttpMethod.Get, "openai/models", body: null);

        listed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadJsonAsync(listed))["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Should().Contain("gpt-test");
        noVersion.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Chat_OpenAIPaths_StillGoToTheOpenAIWire()
    {
        _fake.Enqueue(FakeReply.Text("openai"));

        using var response = await PostAsync("v1/chat/completions", Chat(), apiKey: null, authorization: "Bearer sk-test");

        response.StatusCode.Should().Be(HttpStatusCode.OK, "the Azure wire claims only Azure's paths");
    }

    private static JsonObject Chat(bool stream = false)
    {
        var body = new JsonObject { ["model"] = "gpt-test", ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }) };
        if (stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return body;
    }

    private Task<HttpResponseMessage> PostAsync(string path, JsonObject body, string? apiKey = "azure-key", string? authorization = null) =>
        SendAsync(HttpMethod.Post, path, body, apiKey, authorization);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, string? apiKey = "azure-key", string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("api-key", apiKey);
        }

        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Timeout);
    }

    private async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Timeout))!.AsObject();
}

using System.Net;
using System.Text.Json.Nodes;
using ByokAgent.Testing;
using ByokAgent.Testing.Accounts;

namespace ByokAgent.Tests.Testing;

public sealed partial class FakeProviderTests
{
    [Theory]
    [InlineData("GET", "/v1/models/gpt-test")]
    [InlineData("GET", "/api/v1/key")]
    [InlineData("GET", "/user/balance")]
    [InlineData("POST", "/v1/chat/completions")]
    [InlineData("POST", "/v1/messages")]
    [InlineData("POST", "/openai/deployments/chat-prod/chat/completions?api-version=2024-10-21")]
    [InlineData("POST", "/model/us.amazon.nova-micro-v1:0/converse")]
    [InlineData("GET", "/no/such/route")]
    public async Task Intercept_RawReply_AnswersAnyRouteByteForByteAndIsRecorded(string method, string path)
    {
        _provider.Intercept = _ => FakeReply.Error(401, """{"error":"Unauthorized"}""").WithHeader("x-trap", "yes");
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_provider.BaseUri, path));
        if (method == "POST")
        {
            request.Content = JsonContent(new JsonObject { ["model"] = "gpt-test", ["messages"] = new JsonArray() });
        }

        using var response = await _http.SendAsync(request, Timeout);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Timeout)).Should().Be("""{"error":"Unauthorized"}""");
        response.Headers.GetValues("x-trap").Should().Equal("yes");
        _provider.Requests.Should().ContainSingle().Which.Path.Should().Be(path.Split('?')[0]);
        _provider.PendingReplies.Should().Be(0);
    }

    [Fact]
    public async Task Intercept_ReturnsNull_TheWiresAnswerAsUsual()
    {
        _provider.Intercept = request => request.Path.EndsWith("/user/balance", StringComparison.Ordinal) ? AccountReplies.DeepSeekBalance(isAvailable: false) : null;
        _provider.Enqueue(FakeReply.Text("queued"));

        using var balance = await _http.GetAsync(new Uri(_provider.BaseUri, "/user/balance"), Timeout);
        using var chat = await PostChatAsync(new JsonObject { ["model"] = "gpt-test" });

        (await ReadJsonAsync(balance))["is_available"]!.GetValue<bool>().Should().BeFalse();
        (await ReadJsonAsync(chat))["choices"]![0]!["message"]!["content"]!.GetValue<string>().Should().Be("queued");
    }

    [Fact]
    public async Task Intercept_TextReplyOnAChatRoute_IsRenderedInThatWiresFormat()
    {
        _provider.Intercept = _ => FakeReply.Text("intercepted");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_provider.BaseUri, "/v1/messages"))
        {
            Content = JsonContent(new JsonObject { ["model"] = "claude-test", ["max_tokens"] = 1, ["messages"] = new JsonArray() }),
        };

        using var response = await _http.SendAsync(request, Timeout);

        var body = await ReadJsonAsync(response);
        body["type"]!.GetValue<string>().Should().Be("message");
        body["content"]![0]!["text"]!.GetValue<string>().Should().Be("intercepted");
    }

    [Fact]
    public async Task Intercept_TextReplyOnANonChatRoute_Fails500SayingWhy()
    {
        _provider.Intercept = _ => FakeReply.Text("nonsense");

        using var response = await _http.GetAsync("models", Timeout);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await ReadJsonAsync(response))["error"]!["message"]!.GetValue<string>().Should().Contain("not a chat route");
    }

    [Fact]
    public async Task Intercept_Throws_Fails500NamingTheException()
    {
        _provider.Intercept = _ => throw new InvalidOperationException("bad script");

        using var response = await PostChatAsync(new JsonObject { ["model"] = "gpt-test" });

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await ReadJsonAsync(response))["error"]!["message"]!.GetValue<string>().Should().Contain("Intercept threw InvalidOperationException: bad script");
    }

    [Fact]
    public async Task AccountRoutes_HappyPath_ServeTheRecordedShapes()
    {
        using var balance = await _http.GetAsync(new Uri(_provider.BaseUri, "/user/balance"), Timeout);
        using var key = await _http.GetAsync(new Uri(_provider.BaseUri, "/api/v1/key"), Timeout);

        var balanceBody = await ReadJsonAsync(balance);
        balanceBody["is_available"]!.GetValue<bool>().Should().BeTrue();
        balanceBody["balance_infos"]![0]!["total_balance"]!.GetValue<string>().Should().Be("110.00");
        var keyBody = await ReadJsonAsync(key);
        keyBody["data"]!["limit_remaining"]!.GetValue<double>().Should().Be(74.5);
        keyBody["data"]!["is_free_tier"]!.GetValue<bool>().Should().BeFalse();
    }
}

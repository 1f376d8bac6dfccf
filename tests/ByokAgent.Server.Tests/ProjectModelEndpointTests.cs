using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ByokAgent.Projects;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Server.Tests;

/// <summary>
/// <c>/v1/project/llm</c>: a config is saved only after the provider accepted it (422 with the exact line otherwise), is
/// shown without its key, and can be removed.
/// </summary>
public sealed class ProjectModelEndpointTests(ServerFactory server) : IClassFixture<ServerFactory>, IAsyncLifetime
{
    private const string QuotaBody = """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}}""";

    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData("invalid_key", "invalid_key", "Invalid key. Validation failed.")]
    [InlineData("invalid_model", "invalid_model", "Invalid model name. Validation failed.")]
    [InlineData("quota_exceeded", "quota_exceeded", "You exceeded your current quota")]
    [InlineData("provider_rate_limited", "rate_limited", "Rate limited by OpenAI: retry in 7 s.")]
    [InlineData("provider_error", "provider_error", "OpenAI answered 500 InternalServerError: The server had an error while processing your request.")]
    [InlineData("provider_unreachable", "unreachable", "Could not reach OpenAI at http://127.0.0.1:1")]
    public async Task Put_ProviderRefuses_Is422WithTheExactLine_AndSavesNothing(string code, string failure, string line)
    {
        var project = await server.CreateProjectAsync();
        var (model, host) = ("gpt-test", _fake.OpenAIBaseUri.ToString());
        switch (code)
        {
            case "invalid_key":
                _fake.Intercept = _ => FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{ServerFactory.ProviderKey}}}.","type":"invalid_request_error","code":"invalid_api_key"}}""");
                break;
            case "invalid_model":
                model = "gpt-does-not-exist";
                break;
            case "quota_exceeded":
                _fake.Enqueue(FakeReply.Error(429, QuotaBody));
                break;
            case "provider_rate_limited":
                _fake.Enqueue(FakeReply.Error(429, """{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}""", new Dictionary<string, string> { ["retry-after"] = "7" }));
                break;
            case "provider_error":
                _fake.Enqueue(FakeReply.Error(500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}"""));
                break;
            default:
                // Nothing listens on port 1 of the loopback: the connection is refused at once.
                host = "http://127.0.0.1:1/v1/";
                break;
        }

        var response = await project.Client.PutAsJsonAsync("/v1/project/llm", new { provider = "openai", api_key = ServerFactory.ProviderKey, api_host = host, model });

        var error = await response.ShouldBeErrorAsync(HttpStatusCode.UnprocessableEntity, code);
        error.Text("message").Should().StartWith(line);
        if (failure is "invalid_key" or "invalid_model" or "quota_exceeded")
        {
            error.Text("message").Should().Be(line, "the validation lines users know are exact");
        }

        error.Text("failure").Should().Be(failure);
        (await Configs.ListAsync(project.Id)).Should().BeEmpty();
        await (await project.Client.GetAsync("/v1/project/llm")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "model_not_configured");
        server.Responses.AllText.Should().NotContain(ServerFactory.ProviderKey);
    }

    [Fact]
    public async Task Put_GoodKey_IsSavedAndUsed_GetNeverShowsTheKey_DeleteRemovesIt()
    {
        var project = await server.CreateProjectAsync();
        _fake.Responder = _ => FakeReply.Text("pong");

        var saved = await (await project.Client.PutAsJsonAsync("/v1/project/llm", Body("gpt-test"))).ShouldBeAsync(HttpStatusCode.OK);

        var expected = new JsonObject
        {
            ["provider"] = "openai",
            ["model"] = "gpt-test",
            ["api_host"] = _fake.OpenAIBaseUri.ToString(),
            ["extras"] = new JsonObject(),
            ["has_provider_key"] = true,
            ["source"] = "project",
            ["status"] = "valid",
        };
        JsonNode.DeepEquals(saved, expected).Should().BeTrue(saved.ToJsonString());
        _fake.Requests.Should().OnlyContain(r => r.Header("Authorization") == $"Bearer {ServerFactory.ProviderKey}", "validation used the key that was sent");
        var shown = await (await project.Client.GetAsync("/v1/project/llm")).ShouldBeAsync(HttpStatusCode.OK);
        JsonNode.DeepEquals(shown, expected).Should().BeTrue(shown.ToJsonString());
        (await Configs.GetDefaultAsync(project.Id))!.ApiKey.Should().Be(ServerFactory.ProviderKey);

        var turn = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("ping?"))).ShouldBeAsync(HttpStatusCode.OK);
        turn.Text("message").Should().Be("pong");
        _fake.Requests[^1].Header("Authorization").Should().Be($"Bearer {ServerFactory.ProviderKey}");

        var deleted = await project.Client.DeleteAsync("/v1/project/llm");
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent, "the deployment has no default model to fall back to");
        (await Configs.ListAsync(project.Id)).Should().BeEmpty();
        await (await project.Client.GetAsync("/v1/project/llm")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "model_not_configured");
        await (await project.Client.DeleteAsync("/v1/project/llm")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "model_not_configured");
        await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("ping?"))).ShouldBeErrorAsync(HttpStatusCode.UnprocessableEntity, "model_not_configured");
        server.Responses.AllText.Should().NotContain(ServerFactory.ProviderKey);
    }

    [Fact]
    public async Task Put_WithoutAKey_ValidatesAndKeepsTheStoredKey()
    {
        var project = await server.CreateProjectAsync();
        _fake.Responder = _ => FakeReply.Text("pong");
        await (await project.Client.PutAsJsonAsync("/v1/project/llm", Body("gpt-test"))).ShouldBeAsync(HttpStatusCode.OK);
        var before = _fake.Requests.Count;

        var changed = await (await project.Client.PutAsJsonAsync("/v1/project/llm", new { provider = "openai", api_host = _fake.OpenAIBaseUri.ToString(), model = "gpt-test-mini" })).ShouldBeAsync(HttpStatusCode.OK);

        changed.Text("model").Should().Be("gpt-test-mini");
        changed["has_provider_key"]!.GetValue<bool>().Should().BeTrue();
        _fake.Requests.Skip(before).Should().NotBeEmpty().And.OnlyContain(r => r.Header("Authorization") == $"Bearer {ServerFactory.ProviderKey}");
        var stored = (await Configs.ListAsync(project.Id)).Should().ContainSingle().Subject;
        stored.Model.Should().Be("gpt-test-mini");
        (await Configs.GetDefaultAsync(project.Id))!.ApiKey.Should().Be(ServerFactory.ProviderKey);
    }

    [Fact]
    public async Task Put_IncompleteOrUnknownProvider_IsRefusedBeforeAnyRequest()
    {
        var project = await server.CreateProjectAsync();

        await (await project.Client.PutAsJsonAsync("/v1/project/llm", new { api_key = ServerFactory.ProviderKey, model = "gpt-test" })).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_body");
        await (await project.Client.PutAsync("/v1/project/llm", ApiJson.Raw("""{"provider": "openai", "model": ["gpt-test"]}"""))).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_body");
        await (await project.Client.PutAsJsonAsync("/v1/project/llm", new { provider = "no-such-provider", api_key = ServerFactory.ProviderKey, model = "m" })).ShouldBeErrorAsync(HttpStatusCode.UnprocessableEntity, "invalid_config");

        _fake.Requests.Should().BeEmpty();
        (await Configs.ListAsync(project.Id)).Should().BeEmpty();
        server.Responses.AllText.Should().NotContain(ServerFactory.ProviderKey);
    }

    private IModelConfigStore Configs => server.Services.GetRequiredService<IModelConfigStore>();

    private object Body(string model) => new { provider = "openai", api_key = ServerFactory.ProviderKey, api_host = _fake.OpenAIBaseUri.ToString(), model };
}

using System.Net;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ByokAgent.Server.Tests;

/// <summary>Every failure answers <c>{ "error": { "code", "message" } }</c> with the right status, whatever went wrong.</summary>
public sealed class ErrorShapeTests(ServerFactory server) : IClassFixture<ServerFactory>, IAsyncLifetime
{
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData("""{"message": "hi",""")]
    [InlineData("not json at all")]
    [InlineData("""{"message": 5}""")]
    [InlineData("""{"message": "hi", "stream": "yes"}""")]
    [InlineData("""{"message": "hi", "session_id": {"id": 1}}""")]
    [InlineData("""["message", "hi"]""")]
    public async Task Turn_MalformedJsonOrWrongTypes_Is400InvalidBody(string body)
    {
        var project = await server.CreateProjectOnAsync(_fake);

        await (await project.Client.PostAsync("/v1/agent", ApiJson.Raw(body))).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_body");
        _fake.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"message": ""}""")]
    [InlineData("""{"message": "   "}""")]
    [InlineData("""{"message": null, "stream": true}""")]
    [InlineData("")]
    public async Task Turn_WithoutAMessage_Is400MissingMessage(string body)
    {
        var project = await server.CreateProjectOnAsync(_fake);

        await (await project.Client.PostAsync("/v1/agent", ApiJson.Raw(body))).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "missing_message");
        _fake.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Turn_UnknownFields_AreIgnored()
    {
        var project = await server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(FakeReply.Text("fine"));

        var response = await project.Client.PostAsync("/v1/agent", ApiJson.Raw("""{"message": "hi", "temperature": 0.2, "metadata": {"a": [1, 2]}, "Stream": false}"""));

        (await response.ShouldBeAsync(HttpStatusCode.OK)).Text("message").Should().Be("fine");
    }

    [Fact]
    public async Task Turn_MessageOverTheLimit_Is413MessageTooLarge()
    {
        var project = await server.CreateProjectOnAsync(_fake);

        await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn(new string('a', 100_001)))).ShouldBeErrorAsync(HttpStatusCode.RequestEntityTooLarge, "message_too_large");
        await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn(new string('a', 3 * 1024 * 1024)))).ShouldBeErrorAsync(HttpStatusCode.RequestEntityTooLarge, "message_too_large");
        _fake.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer sk-byok_not-a-real-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task V1_WithoutAValidKey_Is401InvalidApiKey(string? authorization)
    {
        using var client = server.CreateClient(apiKey: null);
        foreach (var (method, path) in new[] { ("POST", "/v1/agent"), ("GET", "/v1/sessions"), ("GET", "/v1/project/llm"), ("PUT", "/v1/project/llm"), ("GET", "/v1/files"), ("DELETE", "/v1/files/a.txt") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "POST" or "PUT" ? ApiJson.Turn("hi") : null };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            var response = await client.SendAsync(request);

            await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
            response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
        }
    }

    [Fact]
    public async Task V1_WithoutAKey_Is401EvenWhenTheBodyIsMalformed()
    {
        using var client = server.CreateClient(apiKey: null);

        await (await client.PostAsync("/v1/agent", ApiJson.Raw("""{"message": 5}"""))).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        await (await client.PutAsync("/v1/project/llm", ApiJson.Raw("not json"))).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        await (await client.PostAsync("/V1/Agent", ApiJson.Turn("routing ignores case; so must the key check"))).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task V1_WithTheKeyOfADeletedProject_Is401()
    {
        var project = await server.CreateProjectAsync();
        await server.Services.GetRequiredService<ByokAgent.Projects.IProjectStore>().DeleteAsync(project.Id);

        await (await project.Client.GetAsync("/v1/sessions")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Theory]
    [InlineData("/nope")]
    [InlineData("/v1/nope")]
    [InlineData("/v1/sessions/a/b/c")]
    public async Task UnknownRoute_Is404NotFound_InTheApiShape(string path)
    {
        var project = await server.CreateProjectAsync();

        await (await project.Client.GetAsync(path)).ShouldBeErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethodOnAKnownRoute_Is405MethodNotAllowed_WithTheAllowedMethods()
    {
        var project = await server.CreateProjectAsync();

        var response = await project.Client.DeleteAsync("/v1/agent");

        await response.ShouldBeErrorAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        response.Content.Headers.Allow.Should().Equal("POST");
    }

    [Theory]
    [InlineData("/v1/sessions?limit=ten")]
    [InlineData("/v1/files?recursive=maybe")]
    public async Task QueryValueOfTheWrongType_Is400InvalidBody(string path)
    {
        var project = await server.CreateProjectAsync();

        await (await project.Client.GetAsync(path)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_body");
    }

    [Fact]
    public async Task Request_DuringShutdown_Is503ShuttingDown()
    {
        var gate = new ShutdownGate();
        await using var stopping = ServerFactory.With(new Dictionary<string, string?>(), services: services => services.AddHostedService(_ => gate));
        var project = await stopping.CreateProjectAsync();
        stopping.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var response = await project.Client.GetAsync("/v1/sessions");
        gate.Release.TrySetResult();

        await response.ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "shutting_down");
        response.Headers.ConnectionClose.Should().BeTrue();
    }
}

using System.Net;
using System.Net.Http.Json;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;
using Microsoft.Extensions.Logging;

namespace ByokAgent.Server.Tests;

/// <summary>
/// Keys never come back out (no response, header or log line carries the provider key or the project key), and the logs
/// never carry what users wrote.
/// </summary>
public sealed class SecretHygieneTests(ServerFactory server) : IClassFixture<ServerFactory>, IAsyncLifetime
{
    private const string Message = "The launch code is AZURE-FALCON-7731, keep it quiet";

    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task AWholeWorkday_LeavesNoKeyInAnyResponseOrLog_AndNoMessageTextInTheLogs()
    {
        var project = await server.CreateProjectAsync();
        _fake.Responder = _ => FakeReply.Text("pong");
        await (await project.Client.PutAsJsonAsync("/v1/project/llm", new { provider = "openai", api_key = ServerFactory.ProviderKey, api_host = _fake.OpenAIBaseUri.ToString(), model = "gpt-test" })).ShouldBeAsync(HttpStatusCode.OK);
        await (await project.Client.GetAsync("/v1/project/llm")).ShouldBeAsync(HttpStatusCode.OK);
        _fake.Responder = null;

        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("files_write_file", """{"path":"code.txt","content":"AZURE-FALCON-7731"}""", "call_code")),
            FakeReply.Text("Stored."));
        var session = (await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn(Message))).ShouldBeAsync(HttpStatusCode.OK)).Text("session_id");
        _fake.Enqueue(FakeReply.Text("Streaming back."));
        using (var streamed = await project.Client.PostAsync($"/v1/sessions/{session}/messages", ApiJson.Turn(Message, stream: true)))
        {
            (await SseReader.ReadAllAsync(streamed))[^1].Name.Should().Be("done");
        }

        // The provider quotes the key back in its refusal; the API passes the provider's words on, scrubbed.
        _fake.Enqueue(FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{ServerFactory.ProviderKey}}}. Find your key at platform.openai.com.","type":"invalid_request_error","code":"invalid_api_key"}}"""));
        var refused = await project.Client.PostAsync($"/v1/sessions/{session}/messages", ApiJson.Turn(Message));
        var error = await refused.ShouldBeErrorAsync(HttpStatusCode.BadGateway, "provider_error");
        error.Text("failure").Should().Be("invalid_key");
        error.Text("detail").Should().Contain("Incorrect API key provided");
        _fake.Enqueue(FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{ServerFactory.ProviderKey}}}.","type":"invalid_request_error","code":"invalid_api_key"}}"""));
        using (var streamedRefusal = await project.Client.PostAsync($"/v1/sessions/{session}/messages", ApiJson.Turn(Message, stream: true)))
        {
            (await SseReader.ReadAllAsync(streamedRefusal)).Should().ContainSingle().Which.Text("failure").Should().Be("invalid_key");
        }

        await (await project.Client.GetAsync($"/v1/sessions/{session}?limit=50")).ShouldBeAsync(HttpStatusCode.OK);
        (await project.Client.GetStringAsync("/v1/files/code.txt")).Should().Be("AZURE-FALCON-7731");
        await (await project.Client.DeleteAsync("/v1/project/llm")).ShouldBeAsync(HttpStatusCode.NoContent);

        var responses = server.Responses.AllText;
        responses.Should().Contain("Incorrect API key provided", "the recorder saw the refusals");
        responses.Should().NotContain(ServerFactory.ProviderKey).And.NotContain(project.ApiKey);
        var logs = server.Logs.AllText;
        logs.Should().Contain($"POST /v1/sessions/{session}/messages -> 502", "every request is logged");
        logs.Should().NotContain(ServerFactory.ProviderKey).And.NotContain(project.ApiKey);
        var requestLines = server.Logs.LinesOf("ByokAgent.Server.Operations.RequestLogging");
        requestLines.Should().HaveCount(9).And.OnlyContain(l => !l.Contains('?') && !l.Contains("AZURE-FALCON-7731"), "request lines carry no query string and no body");
        // Trace is where content may go by design (STYLE.md); nothing above it carries what the user or the tools wrote.
        server.Logs.TextAtOrAbove(LogLevel.Debug).Should().NotContain("AZURE-FALCON-7731");
    }
}

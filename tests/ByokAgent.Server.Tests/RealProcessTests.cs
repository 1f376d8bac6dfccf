using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;

namespace ByokAgent.Server.Tests;

/// <summary>
/// The built server as an operator runs it (<c>dotnet ByokAgent.Server.dll --urls ...</c>, settings from the environment,
/// Kestrel's own limits), driven over a real socket the way curl would, then stopped with SIGTERM.
/// </summary>
public sealed class RealProcessTests : IAsyncLifetime
{
    private const string Secret = "launch code ORANGE-HERON-4402";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-server-process-").FullName;
    private readonly ResponseLog _responses = new();
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task RealServer_ServesTheApiOverHttp_AndStopsCleanlyOnSigterm()
    {
        var project = await OfflineProjects.CreateAsync(_dataDirectory, "curl");
        await using var server = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string>
        {
            ["ByokAgent__Providers__MaxRetries"] = "0",
            ["ByokAgent__Plugins__Disabled__0"] = "browser",
            ["ByokAgent__Server__MaxJsonBodyBytes"] = "65536",
            ["ByokAgent__Files__MaxFileBytes"] = "4096",
            ["Logging__LogLevel__Default"] = "Information",
        });
        using var anonymous = Client(server, apiKey: null);
        using var curl = Client(server, project.ApiKey);

        (await (await anonymous.GetAsync("/healthz")).ShouldBeAsync(HttpStatusCode.OK)).Text("status").Should().Be("ok");
        (await (await anonymous.GetAsync("/readyz")).ShouldBeAsync(HttpStatusCode.OK)).Text("status").Should().Be("ready");
        (await (await anonymous.GetAsync("/openapi/v1.json")).ShouldBeAsync(HttpStatusCode.OK))["paths"]!.AsObject().Select(p => p.Key).Should().Contain(["/v1/agent", "/v1/sessions/{sessionId}/messages", "/v1/project/llm", "/v1/files/{path}"]);
        await (await anonymous.GetAsync("/v1/sessions")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        await (await anonymous.GetAsync("/nope")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "not_found");

        _fake.Responder = _ => FakeReply.Text("pong");
        var model = await (await curl.PutAsJsonAsync("/v1/project/llm", new { provider = "openai", api_key = ServerFactory.ProviderKey, api_host = _fake.OpenAIBaseUri.ToString(), model = "gpt-test" })).ShouldBeAsync(HttpStatusCode.OK);
        model.Text("status").Should().Be("valid");
        _fake.Responder = null;

        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("files_write_file", """{"path":"reports/q3.md","content":"# Q3\nup and to the right"}""", "call_q3")),
            FakeReply.Text("Wrote reports/q3.md."));
        var turn = await (await curl.PostAsync("/v1/agent", ApiJson.Turn($"Write the Q3 report. {Secret}"))).ShouldBeAsync(HttpStatusCode.OK);
        turn["tool_calls"]![0]!.Text("name").Should().Be("files_write_file");
        (await curl.GetStringAsync("/v1/files/reports/q3.md")).Should().Be("# Q3\nup and to the right");
        var session = turn.Text("session_id");

        _fake.Enqueue(FakeReply.Text("Streamed over a real socket."));
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sessions/{session}/messages") { Content = ApiJson.Turn($"Stream it. {Secret}", stream: true) })
        using (var streamed = await curl.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            streamed.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
            var events = await SseReader.ReadAllAsync(streamed);
            string.Concat(events.Where(e => e.Name == "token").Select(e => e.Text("content"))).Should().Be("Streamed over a real socket.");
            events[^1].Name.Should().Be("done");
        }

        await (await curl.PostAsync("/v1/agent", ApiJson.Raw("""{"message": "hi","""))).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_body");
        await (await curl.PostAsync("/v1/agent", ApiJson.Raw("""{"message": 5}"""))).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_body");
        // Bodies over Kestrel's limits: refused in the API's shape, and the connection (whose body was left unread) is closed.
        foreach (var (path, content, code) in new (string, HttpContent, string)[]
        {
            ("/v1/agent", ApiJson.Turn(new string('x', 200_000)), "message_too_large"),
            ("/v1/agent", Chunked(ApiJson.Turn(new string('x', 200_000))), "message_too_large"),
            ("/v1/files/big.bin", Chunked(new ByteArrayContent(new byte[64 * 1024])), "file_too_large"),
            ("/v1/files/big.bin", new ByteArrayContent(new byte[8 * 1024]), "file_too_large"),
        })
        {
            using var request = new HttpRequestMessage(path.StartsWith("/v1/files", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, path) { Content = content };
            var refused = await curl.SendAsync(request);
            await refused.ShouldBeErrorAsync(HttpStatusCode.RequestEntityTooLarge, code);
            refused.Headers.ConnectionClose.Should().BeTrue($"{path} left its body unread");
        }

        await (await curl.GetAsync("/v1/files/big.bin")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "file_not_found");

        var history = await (await curl.GetAsync($"/v1/sessions/{session}")).ShouldBeAsync(HttpStatusCode.OK);
        history["message_count"]!.GetValue<int>().Should().Be(6);
        await (await curl.DeleteAsync($"/v1/sessions/{session}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await curl.GetAsync($"/v1/sessions/{session}")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "session_not_found");

        (await server.StopAsync()).Should().Be(0, server.Output);
        server.Output.Should().Contain("POST /v1/agent -> 200", "request lines are logged").And.Contain("PUT /v1/files/big.bin -> 413");
        server.Output.Should().NotContain(ServerFactory.ProviderKey).And.NotContain(project.ApiKey).And.NotContain("ORANGE-HERON");
        _responses.AllText.Should().NotContain(ServerFactory.ProviderKey).And.NotContain(project.ApiKey);
    }

    private HttpClient Client(ServerProcess server, string? apiKey)
    {
        var client = new HttpClient(new ResponseRecorder(_responses) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    // The same bytes without Content-Length: only the server's running byte count can stop them.
    private static StreamContent Chunked(HttpContent inner)
    {
        var content = new StreamContent(inner.ReadAsStream());
        content.Headers.ContentType = inner.Headers.ContentType ?? new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}

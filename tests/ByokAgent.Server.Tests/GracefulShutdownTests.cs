using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;

namespace ByokAgent.Server.Tests;

/// <summary>Stopping the real server (SIGTERM) lets a running turn finish and store its answer before the process exits.</summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-server-shutdown-").FullName;
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Sigterm_DuringATurn_FinishesTheTurn_ThenExits()
    {
        var project = await OfflineProjects.CreateAsync(_dataDirectory, "shutdown");
        await using var server = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string>
        {
            ["ByokAgent__Providers__MaxRetries"] = "0",
            ["ByokAgent__Plugins__Disabled__0"] = "browser",
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);

        _fake.Responder = _ => FakeReply.Text("pong");
        await (await client.PutAsJsonAsync("/v1/project/llm", new { provider = "openai", api_key = ServerFactory.ProviderKey, api_host = _fake.OpenAIBaseUri.ToString(), model = "gpt-test" })).ShouldBeAsync(HttpStatusCode.OK);
        _fake.Responder = null;
        var validationRequests = _fake.Requests.Count;

        // The provider holds the answer for 2 s: the stop arrives while the turn is running.
        _fake.Enqueue(FakeReply.Text("Finished despite the shutdown.").WithLatency(TimeSpan.FromSeconds(2)));
        var turn = client.PostAsync("/v1/agent", ApiJson.Turn("Take your time."));
        await _fake.WaitForRequestsAsync(validationRequests + 1).WaitAsync(TimeSpan.FromSeconds(30));
        var stopped = server.StopAsync();

        var answer = await (await turn).ShouldBeAsync(HttpStatusCode.OK);
        answer.Text("message").Should().Be("Finished despite the shutdown.");
        (await stopped).Should().Be(0, server.Output);

        // The answer was stored before the process exited: a restarted server shows the whole exchange.
        await using var restarted = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string> { ["ByokAgent__Plugins__Disabled__0"] = "browser" });
        using var again = new HttpClient { BaseAddress = restarted.BaseAddress };
        again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        var session = await (await again.GetAsync($"/v1/sessions/{answer.Text("session_id")}")).ShouldBeAsync(HttpStatusCode.OK);
        session["message_count"]!.GetValue<int>().Should().Be(2);
    }
}

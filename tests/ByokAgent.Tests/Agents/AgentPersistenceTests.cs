using System.Text;
using ByokAgent.Agents;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Sessions;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Agents;

public sealed class AgentPersistenceTests : IAsyncLifetime
{
    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _host = TestRuntime.Create();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task OpenSession_WithAStoredId_ContinuesTheConversationInANewRuntime()
    {
        _fake.Enqueue(FakeReply.Text("Noted: blue."), FakeReply.Text("You like blue."));
        var first = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));
        await first.RunAsync("I like blue.");

        // A second runtime over the same data directory stands in for a restarted process.
        await using var restarted = new ServiceCollection().AddByokAgentForTests(_host.DataDirectory);
        var runtime = restarted.GetRequiredService<AgentRuntime>();
        var resumed = await runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = first.ProjectId, SessionId = first.Id, ModelConfig = TestRuntime.ConfigFor(_fake) });
        var result = await resumed.RunAsync("What do I like?");

        result.Text.Should().Be("You like blue.");
        resumed.History.Select(m => m.Content).Should().Equal("I like blue.", "Noted: blue.", "What do I like?", "You like blue.");
        var sent = _fake.Requests[1].Json!["messages"]!.AsArray().Skip(1).Select(m => m!["content"]!.ToString());
        sent.Should().Equal("I like blue.", "Noted: blue.", "What do I like?");
    }

    [Fact]
    public async Task RunAsync_ProviderFails_StoresNothing()
    {
        _fake.Enqueue(FakeReply.Text("kept"), FakeReply.Error(503, """{"error":{"message":"overloaded"}}"""));
        var session = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));
        await session.RunAsync("one");

        await session.Invoking(s => s.RunAsync("two")).Should().ThrowAsync<ProviderException>();

        var stored = await Store.LoadMessagesAsync(session.ProjectId, session.Id);
        stored.Select(m => m.Message.Text).Should().Equal("one", "kept");
        (await Store.LoadUsageAsync(session.ProjectId, session.Id)).Should().ContainSingle();
    }

    [Fact]
    public async Task RunAsync_ToolTurn_StoresCallsResultsAndUsageTogether()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("weather_get_weather", """{"city":"Bern"}""", "call_b")).WithUsage(10, 2),
            FakeReply.Text("Bern is sunny.").WithUsage(20, 3));
        var session = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake), [KernelPluginFactory.CreateFromObject(new WeatherPlugin(), "weather")]);

        await session.RunAsync("Weather in Bern?");

        var stored = await Store.LoadMessagesAsync(session.ProjectId, session.Id);
        stored.Select(m => m.Message.Role).Should().Equal("user", "assistant", "tool", "assistant");
        stored[1].Message.Payload.Should().Contain("call_b").And.Contain("Bern");
        stored[2].Message.Text.Should().Be("Sunny and 21 C in Bern");
        var usage = (await Store.LoadUsageAsync(session.ProjectId, session.Id)).Should().ContainSingle().Subject;
        usage.Should().BeEquivalentTo(new { Provider = "openai", Model = "gpt-test", InputTokens = 30L, OutputTokens = 5L, TotalTokens = 35L });
        (await Store.GetAsync(session.ProjectId, session.Id))!.Title.Should().Be("Weather in Bern?");
    }

    [Fact]
    public async Task RunAsync_SessionChangedByAnotherWriter_FailsWithConflictAndKeepsHistory()
    {
        _fake.Enqueue(FakeReply.Text("from A"), FakeReply.Text("from B"));
        var a = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));
        var b = await _host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = a.ProjectId, SessionId = a.Id, ModelConfig = TestRuntime.ConfigFor(_fake) });

        await a.RunAsync("A writes first");
        var late = () => b.RunAsync("B writes on a stale version");

        await late.Should().ThrowAsync<SessionConflictException>();
        b.History.Should().BeEmpty();
        (await Store.LoadMessagesAsync(a.ProjectId, a.Id)).Select(m => m.Message.Text).Should().Equal("A writes first", "from A");
    }

    [Fact]
    public async Task LongConversation_SendsAReducedHistoryWithoutSplittingToolCalls_AndStoresEverything()
    {
        await using var host = TestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Agent:MaxHistoryMessages"] = "4" });
        var session = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake), [KernelPluginFactory.CreateFromObject(new WeatherPlugin(), "weather")]);
        for (var i = 0; i < 6; i++)
        {
            _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("weather_get_weather", $$"""{"city":"C{{i}}"}""", $"call_{i}")), FakeReply.Text($"answer {i}"));
            await session.RunAsync($"question {i}");
        }

        var last = _fake.Requests[^1].Json!["messages"]!.AsArray();
        last.Count.Should().BeLessThan(4 * 6 + 1, "old exchanges are dropped from what the model sees");
        var roles = last.Select(m => m!["role"]!.GetValue<string>()).ToList();
        roles[0].Should().Be("system");
        roles[1].Should().NotBe("tool", "a tool result is never sent without the call that asked for it");
        var callIds = last.Where(m => m!["tool_calls"] is not null).SelectMany(m => m!["tool_calls"]!.AsArray()).Select(c => c!["id"]!.GetValue<string>()).ToHashSet();
        last.Where(m => m!["role"]!.GetValue<string>() == "tool").Select(m => m!["tool_call_id"]!.GetValue<string>()).Should().OnlyContain(id => callIds.Contains(id));
        (await host.Services.GetRequiredService<ISessionStore>().LoadMessagesAsync(session.ProjectId, session.Id)).Should().HaveCount(6 * 4);
    }

    [Fact]
    public async Task CreateSession_WithoutAConfig_UsesTheProjectsDefaultThenTheFallback()
    {
        var projects = _host.Services.GetRequiredService<IProjectStore>();
        var configs = _host.Services.GetRequiredService<IModelConfigStore>();
        var project = (await projects.CreateAsync("with-model")).Project;
        await configs.AddAsync(project.Id, TestRuntime.ConfigFor(_fake, model: "stored-model"), makeDefault: true);
        _fake.Enqueue(FakeReply.Text("from the stored config"));

        var session = await _host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = project.Id });
        await session.RunAsync("hi");

        session.Model.Should().Be("stored-model");
        _fake.Requests.Single().Header("Authorization").Should().Be($"Bearer {TestRuntime.ApiKey}", "the stored key is decrypted for the call");

        var bare = (await projects.CreateAsync("without-model")).Project;
        var open = () => _host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = bare.Id });
        (await open.Should().ThrowAsync<ModelConfigException>()).Which.Message.Should().Contain("No model is configured");

        await using var withFallback = TestRuntime.Create(new Dictionary<string, string?>
        {
            ["ByokAgent:DefaultModel:Provider"] = "openai-compatible",
            ["ByokAgent:DefaultModel:ApiHost"] = _fake.OpenAIBaseUri.ToString(),
            ["ByokAgent:DefaultModel:Model"] = "fallback-model",
        });
        (await withFallback.Runtime.CreateSessionAsync()).Model.Should().Be("fallback-model");

        await using var switchedOff = TestRuntime.Create(new Dictionary<string, string?>
        {
            ["ByokAgent:DefaultModel:Enabled"] = "false",
            ["ByokAgent:DefaultModel:Provider"] = "openai-compatible",
            ["ByokAgent:DefaultModel:Model"] = "fallback-model",
        });
        await switchedOff.Invoking(h => h.Runtime.CreateSessionAsync()).Should().ThrowAsync<ModelConfigException>();
    }

    [Fact]
    public async Task OpenSession_OfAnotherProjectsSession_IsNotFound()
    {
        _fake.Enqueue(FakeReply.Text("private"));
        var mine = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));
        await mine.RunAsync("secret plans");
        var other = (await _host.Services.GetRequiredService<IProjectStore>().CreateAsync("other")).Project;

        var peek = () => _host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = other.Id, SessionId = mine.Id, ModelConfig = TestRuntime.ConfigFor(_fake) });

        await peek.Should().ThrowAsync<SessionNotFoundException>();
    }

    [Fact]
    public async Task AfterFailingTurnsThatEchoTheKey_NoLogNorDatabaseFileHoldsIt()
    {
        var configs = _host.Services.GetRequiredService<IModelConfigStore>();
        var project = await _host.Services.GetRequiredService<IProjectStore>().GetOrCreateDefaultAsync();
        await configs.AddAsync(project.Id, TestRuntime.ConfigFor(_fake), makeDefault: true);
        var echo = $$$"""{"error":{"message":"Incorrect API key provided: {{{TestRuntime.ApiKey}}}"}}""";
        _fake.Enqueue(FakeReply.Error(401, echo), FakeReply.Error(401, echo), FakeReply.Text("fine"));

        var session = await _host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = project.Id });
        var failure = await session.Invoking(s => s.RunAsync("one")).Should().ThrowAsync<ProviderException>();
        await foreach (var _ in session.RunStreamingAsync("two"))
        {
        }

        await session.RunAsync("three");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(TestRuntime.ApiKey));
        failure.Which.ToString().Should().NotContain(TestRuntime.ApiKey);
        _host.Logs.AllText.Should().NotContain(TestRuntime.ApiKey).And.NotContain(base64);
        foreach (var file in Directory.EnumerateFiles(_host.DataDirectory))
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            text.Should().NotContain(TestRuntime.ApiKey, file).And.NotContain(base64, file);
        }
    }

    private ISessionStore Store => _host.Services.GetRequiredService<ISessionStore>();
}

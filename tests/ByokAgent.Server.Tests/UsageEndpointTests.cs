using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;

namespace ByokAgent.Server.Tests;

/// <summary><c>GET /v1/usage</c>, the turns' <c>usage</c> and <c>budget_exceeded</c>, through the real host.</summary>
public sealed class UsageEndpointTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Prices = new()
    {
        ["ByokAgent:Usage:Prices:openai/gpt-test:InputPerMillion"] = "1",
        ["ByokAgent:Usage:Prices:openai/gpt-test:OutputPerMillion"] = "2",
        ["ByokAgent:Usage:Prices:openai/gpt-test:CachedInputPerMillion"] = "0.5",
    };

    private FakeProvider _fake = null!;
    private ServerFactory _server = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _server = ServerFactory.With(Prices);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task GetUsage_AfterWholeAndStreamedTurns_ReportsExactlyTheTokensTheProviderReported()
    {
        var project = await _server.CreateProjectOnAsync(_fake);
        FakeReply[] script =
        [
            FakeReply.ToolCalls(new FakeToolCall("files_write_file", """{"path":"a.md","content":"x"}""", "call_1")).WithUsage(100, 10, 64),
            FakeReply.Text("Saved.").WithUsage(150, 20, 128),
            FakeReply.Text("Streamed answer.").WithUsage(70, 30, 0),
        ];
        _fake.Enqueue(script);

        var whole = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("Save a.md"))).ShouldBeAsync(HttpStatusCode.OK);
        var streamed = await SseReader.ReadAllAsync(await project.Client.PostAsync("/v1/agent", ApiJson.Turn("And now?", stream: true)));

        var usage = whole["usage"]!;
        (Long(usage, "input_tokens"), Long(usage, "output_tokens"), Long(usage, "tokens_used"), Long(usage, "cached_input_tokens")).Should().Be((250L, 30L, 280L, 192L));
        // (250 - 192) x 1 + 192 x 0.5 + 30 x 2 = 214 per million.
        usage["estimated_cost"]!.GetValue<decimal>().Should().Be(0.000214m);
        var done = streamed.Single(e => e.Name == "done");
        (Long(done.Data["usage"]!, "input_tokens"), Long(done.Data["usage"]!, "cached_input_tokens")).Should().Be((70L, 0L));
        done.Data["usage"]!["estimated_cost"]!.GetValue<decimal>().Should().Be(0.00013m);

        var body = await (await project.Client.GetAsync("/v1/usage")).ShouldBeAsync(HttpStatusCode.OK);

        long input = script.Sum(r => r.Usage.PromptTokens), output = script.Sum(r => r.Usage.CompletionTokens), cached = script.Sum(r => r.Usage.CachedPromptTokens);
        body.Text("object").Should().Be("usage");
        body.Text("project_id").Should().Be(project.Id);
        body["estimated"]!.GetValue<bool>().Should().BeTrue();
        body.Text("currency").Should().Be("USD");
        var totals = body["totals"]!;
        (Long(totals, "turns"), Long(totals, "input_tokens"), Long(totals, "output_tokens"), Long(totals, "cached_input_tokens"), Long(totals, "total_tokens"))
            .Should().Be((2L, input, output, cached, input + output));
        totals["estimated_cost"]!.GetValue<decimal>().Should().Be(0.000344m);
        var day = body["by_day"]!.AsArray().Should().ContainSingle().Subject!;
        day.Text("day").Should().Be(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Long(day["usage"]!, "total_tokens").Should().Be(input + output);
        var model = body["by_model"]!.AsArray().Should().ContainSingle().Subject!;
        (model.Text("provider"), model.Text("model"), Long(model["usage"]!, "total_tokens")).Should().Be(("openai", "gpt-test", input + output));
        var sessions = body["by_session"]!.AsArray();
        sessions.Select(s => s!.Text("session_id")).Should().BeEquivalentTo([whole.Text("session_id"), done.Text("session_id")]);
        sessions.Sum(s => Long(s!["usage"]!, "total_tokens")).Should().Be(input + output);
        body["budgets"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task GetUsage_IsScopedToTheKeysProject_AndKeptWhenTheSessionIsDeleted()
    {
        var spender = await _server.CreateProjectOnAsync(_fake);
        var other = await _server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(FakeReply.Text("ok").WithUsage(40, 2));
        var turn = await (await spender.Client.PostAsync("/v1/agent", ApiJson.Turn("hi"))).ShouldBeAsync(HttpStatusCode.OK);
        (await spender.Client.DeleteAsync($"/v1/sessions/{turn.Text("session_id")}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var mine = await (await spender.Client.GetAsync("/v1/usage")).ShouldBeAsync(HttpStatusCode.OK);
        var theirs = await (await other.Client.GetAsync("/v1/usage")).ShouldBeAsync(HttpStatusCode.OK);

        Long(mine["totals"]!, "total_tokens").Should().Be(42, "what a project spent stays counted after its session is deleted");
        Long(theirs["totals"]!, "total_tokens").Should().Be(0);
        theirs["by_session"]!.AsArray().Should().BeEmpty();
        await (await _server.CreateClient(apiKey: null).GetAsync("/v1/usage")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Theory]
    [InlineData("?from=yesterday", "\"from\" must be a date")]
    [InlineData("?to=2026-13-01", "\"to\" must be a date")]
    [InlineData("?from=2026-03-01T00:00:00", "\"from\" must be a date")]
    [InlineData("?from=2026-03-10&to=2026-03-01", "\"to\" is before \"from\"")]
    public async Task GetUsage_BadRange_Is400InvalidQuery(string query, string message)
    {
        var project = await _server.CreateProjectAsync();

        var error = await (await project.Client.GetAsync($"/v1/usage{query}")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_query");

        error["message"]!.GetValue<string>().Should().Contain(message);
    }

    [Fact]
    public async Task GetUsage_Range_DatesIncludeTheWholeLastDay_TimesAreExclusive()
    {
        var project = await _server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(FakeReply.Text("ok").WithUsage(5, 5));
        await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("hi"))).ShouldBeAsync(HttpStatusCode.OK);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var byDate = await (await project.Client.GetAsync($"/v1/usage?from={today}&to={today}")).ShouldBeAsync(HttpStatusCode.OK);
        var past = await (await project.Client.GetAsync("/v1/usage?from=2001-01-01&to=2001-01-31")).ShouldBeAsync(HttpStatusCode.OK);
        var upToMidnight = await (await project.Client.GetAsync($"/v1/usage?from=2001-01-01&to={today}T00:00:00Z")).ShouldBeAsync(HttpStatusCode.OK);

        Long(byDate["totals"]!, "total_tokens").Should().Be(10);
        byDate.Text("from").Should().StartWith(today);
        Long(past["totals"]!, "total_tokens").Should().Be(0);
        past.Text("to").Should().StartWith("2001-02-01");
        Long(upToMidnight["totals"]!, "total_tokens").Should().Be(0);
    }

    [Fact]
    public async Task OverBudget_TurnAndStreamAre429BudgetExceeded_BeforeASessionOpens_AndNothingReachesTheProvider()
    {
        await using var server = ServerFactory.With(new Dictionary<string, string?>
        {
            ["ByokAgent:Usage:Budgets:Projects:capped:DailyTokens"] = "12",
        });
        var capped = await server.CreateProjectOnAsync(_fake, "capped");
        var free = await server.CreateProjectOnAsync(_fake, "free");
        _fake.Enqueue(FakeReply.Text("first").WithUsage(10, 2), FakeReply.Text("free").WithUsage(10, 2));
        await (await capped.Client.PostAsync("/v1/agent", ApiJson.Turn("first"))).ShouldBeAsync(HttpStatusCode.OK);

        var refused = await (await capped.Client.PostAsync("/v1/agent", ApiJson.Turn("second"))).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "budget_exceeded");
        var streamed = await (await capped.Client.PostAsync("/v1/agent", ApiJson.Turn("third", stream: true))).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "budget_exceeded");
        await (await free.Client.PostAsync("/v1/agent", ApiJson.Turn("other project"))).ShouldBeAsync(HttpStatusCode.OK);

        refused["message"]!.GetValue<string>().Should().Contain("daily token budget is used up: 12 tokens used today (UTC) of a limit of 12 tokens").And.Contain("resets at");
        refused["failure"]!.GetValue<string>().Should().Be("daily_tokens");
        streamed["failure"]!.GetValue<string>().Should().Be("daily_tokens");
        _fake.Requests.Should().HaveCount(2, "only the first turn and the other project's reached the provider");
        var sessions = await (await capped.Client.GetAsync("/v1/sessions")).ShouldBeAsync(HttpStatusCode.OK);
        sessions["data"]!.AsArray().Should().ContainSingle("a refused turn opens no session");

        var usage = await (await capped.Client.GetAsync("/v1/usage")).ShouldBeAsync(HttpStatusCode.OK);
        var budget = usage["budgets"]!.AsArray().Should().ContainSingle().Subject!;
        (budget.Text("budget"), budget["limit"]!.GetValue<decimal>(), budget["used"]!.GetValue<decimal>(), budget["remaining"]!.GetValue<decimal>(), budget["exhausted"]!.GetValue<bool>())
            .Should().Be(("daily_tokens", 12m, 12m, 0m, true));
    }

    private static long Long(JsonNode node, string property) => node[property]!.GetValue<long>();
}

using System.Text.Json.Nodes;
using ByokAgent.Testing;

namespace ByokAgent.Cli.Tests;

/// <summary><c>byok usage</c> and the budget error line, as real processes on one data directory.</summary>
public sealed class UsageCommandTests : IAsyncLifetime
{
    private const string Key = "sk-cli-usage-test-5d2f8a1c9e7b3f60";
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-cli-usage-").FullName;
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Usage_AfterStreamedAndWholeTurns_ReportsExactlyTheTokensTheProviderReported()
    {
        FakeReply[] script = [FakeReply.Text("streamed").WithUsage(30, 6, 8), FakeReply.Text("whole").WithUsage(20, 4)];
        _fake.Enqueue(script);
        var prices = new Dictionary<string, string>
        {
            ["ByokAgent__Usage__Prices__m1__InputPerMillion"] = "1",
            ["ByokAgent__Usage__Prices__m1__OutputPerMillion"] = "2",
        };
        (await AskAsync("first")).ExitCode.Should().Be(0);
        (await AskAsync("second", "--no-stream")).ExitCode.Should().Be(0);

        var json = await ByokProcess.RunAsync(["usage", "--json"], prices, dataDirectory: _dataDirectory);
        var table = await ByokProcess.RunAsync(["usage", "--by", "model"], prices, dataDirectory: _dataDirectory);

        json.ExitCode.Should().Be(0, json.StandardError);
        var report = JsonNode.Parse(json.StandardOutput)!;
        report["estimated"]!.GetValue<bool>().Should().BeTrue();
        var totals = report["totals"]!;
        long input = script.Sum(r => r.Usage.PromptTokens), output = script.Sum(r => r.Usage.CompletionTokens), cached = script.Sum(r => r.Usage.CachedPromptTokens);
        (Long(totals, "turns"), Long(totals, "input_tokens"), Long(totals, "output_tokens"), Long(totals, "cached_input_tokens"), Long(totals, "total_tokens"))
            .Should().Be((2L, input, output, cached, input + output));
        totals["estimated_cost"]!.GetValue<decimal>().Should().Be(0.00007m, "50 input x 1 + 10 output x 2 per million");
        report["by_model"]!.AsArray().Should().ContainSingle().Which!["model"]!.GetValue<string>().Should().Be("m1");
        report["by_session"]!.AsArray().Should().HaveCount(2);

        table.ExitCode.Should().Be(0, table.StandardError);
        table.StandardOutput.Should().MatchRegex(@"openai/m1\s+2\s+50\s+8\s+10\s+60\s+0\.00007");
        table.StandardOutput.Should().MatchRegex(@"TOTAL\s+2\s+50\s+8\s+10\s+60");
        table.StandardOutput.Should().Contain("Costs are estimates");
        table.AllOutput.Should().NotContain(Key);
    }

    [Theory]
    [InlineData(new[] { "usage", "--by", "week" }, "week")]
    [InlineData(new[] { "usage", "--from", "last-week" }, "\"from\" must be a date")]
    [InlineData(new[] { "usage", "--project", "missing" }, "missing")]
    public async Task Usage_BadOption_IsOneClearErrorAndExit2(string[] arguments, string mentioned)
    {
        var result = await ByokProcess.RunAsync(arguments, dataDirectory: _dataDirectory);

        result.ExitCode.Should().Be(2, result.AllOutput);
        result.StandardError.Should().Contain(mentioned);
        result.StandardOutput.Should().NotContain("TOTAL", "no report is printed");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ask_OverBudget_PrintsOneErrorLine_ExitsWith1_AndCallsNoProvider(bool stream)
    {
        var budget = new Dictionary<string, string> { ["ByokAgent__Usage__Budgets__DailyTokens"] = "0" };

        var result = await AskAsync("hi", stream ? null : "--no-stream", budget);

        result.ExitCode.Should().Be(1, result.AllOutput);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: The project's daily token budget is used up: 0 tokens used today (UTC) of a limit of 0 tokens. It resets at ");
        result.StandardOutput.Should().BeEmpty();
        _fake.Requests.Should().BeEmpty();

        var usage = await ByokProcess.RunAsync(["usage"], budget, dataDirectory: _dataDirectory);
        usage.StandardOutput.Should().Contain("daily token budget: 0 tokens used of 0 tokens, 0 tokens left (USED UP: turns are refused)");
    }

    [Fact]
    public async Task ReplUsage_ShowsTheConversationTheProjectsDayAndMonth_AndTheBudgetLeft()
    {
        _fake.Enqueue(FakeReply.Text("Hi there.").WithUsage(30, 6, 8));
        var environment = new Dictionary<string, string>
        {
            ["ByokAgent__DefaultModel__Provider"] = "openai",
            ["ByokAgent__DefaultModel__ApiKey"] = Key,
            ["ByokAgent__DefaultModel__ApiHost"] = _fake.OpenAIBaseUri.ToString(),
            ["ByokAgent__DefaultModel__Model"] = "m1",
            ["ByokAgent__Usage__Prices__m1__InputPerMillion"] = "1",
            ["ByokAgent__Usage__Prices__m1__OutputPerMillion"] = "2",
            ["ByokAgent__Usage__Budgets__DailyTokens"] = "100",
        };

        var result = await ByokProcess.RunAsync([], environment, "hello\n/usage\n", dataDirectory: _dataDirectory);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Contain("This conversation: 36 tokens (30 in, 6 out) over 1 turn, 8 input tokens from the provider's cache; est. cost 0.000042 USD.");
        result.StandardOutput.Should().Contain("Project default: today (UTC) 36 tokens, est. cost 0.000042 USD; this month 36 tokens, est. cost 0.000042 USD.");
        result.StandardOutput.Should().Contain("daily token budget: 36 tokens used of 100 tokens, 64 tokens left; resets ");
    }

    private Task<ByokResult> AskAsync(string message, string? option = null, IDictionary<string, string>? environment = null) =>
        ByokProcess.RunAsync(
            ["ask", message, "--provider", "openai", "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m1", "--api-key", Key, .. option is null ? Array.Empty<string>() : [option]],
            environment,
            dataDirectory: _dataDirectory);

    private static long Long(JsonNode node, string property) => node[property]!.GetValue<long>();
}

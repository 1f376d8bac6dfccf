using ByokAgent.Tests.TestSupport;
using ByokAgent.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByokAgent.Tests.Usage;

/// <summary><c>ByokAgent:Usage</c>: prices and budgets are validated at start, found by provider/model, and overridden per project.</summary>
public sealed class UsageOptionsTests
{
    [Theory]
    [InlineData("ByokAgent:Usage:Prices:gpt-4o:InputPerMillion", "-1", "ByokAgent:Usage:Prices:gpt-4o")]
    [InlineData("ByokAgent:Usage:Prices:gpt-4o:CachedInputPerMillion", "-0.5", "ByokAgent:Usage:Prices:gpt-4o")]
    [InlineData("ByokAgent:Usage:Budgets:DailyTokens", "-5", "ByokAgent:Usage:Budgets")]
    [InlineData("ByokAgent:Usage:Budgets:Projects:reports:MonthlyCost", "-0.4", "ByokAgent:Usage:Budgets:Projects:reports")]
    [InlineData("ByokAgent:Usage:Currency", "dollars", "Currency")]
    public async Task InvalidSettings_FailAtStart_NamingTheSetting(string key, string value, string named)
    {
        await using var host = TestRuntime.Create(new Dictionary<string, string?> { [key] = value });

        var act = () => host.Services.GetRequiredService<IOptions<UsageOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(named);
    }

    [Fact]
    public async Task NonNumericLimit_FailsAtStart()
    {
        await using var host = TestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Usage:Budgets:DailyTokens"] = "lots" });

        var act = () => host.Services.GetRequiredService<IOptions<UsageOptions>>().Value;

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("DailyTokens");
    }

    [Fact]
    public async Task PriceTable_ProviderAndModelWinOverTheModelAlone_KeysIgnoreCase()
    {
        await using var host = TestRuntime.Create(new Dictionary<string, string?>
        {
            ["ByokAgent:Usage:Prices:gpt-4o:InputPerMillion"] = "2.5",
            ["ByokAgent:Usage:Prices:gpt-4o:OutputPerMillion"] = "10",
            ["ByokAgent:Usage:Prices:OpenRouter/GPT-4o:InputPerMillion"] = "3",
            ["ByokAgent:Usage:Prices:OpenRouter/GPT-4o:OutputPerMillion"] = "12",
        });
        var prices = host.Services.GetRequiredService<PriceTable>();

        prices.Find("openai", "gpt-4o")!.InputPerMillion.Should().Be(2.5m);
        prices.Find("openrouter", "gpt-4o")!.InputPerMillion.Should().Be(3m);
        prices.Find("openai", "gpt-4o-mini").Should().BeNull();
        prices.Cost("openai", "gpt-4o", 1_000_000, 100_000, 0).Should().Be(3.5m);
        prices.Cost("openai", "gpt-4o", 1_000_000, 0, 400_000).Should().Be(2.5m, "cached input costs the input price when no cached price is set");
        prices.Cost("openai", "unknown", 1, 1, 0).Should().BeNull();
        prices.Currency.Should().Be("USD");
    }

    [Fact]
    public void Budgets_DefaultThenByNameThenById_EachLimitOnItsOwn()
    {
        var options = new BudgetOptions { DailyTokens = 100, MonthlyCost = 5 };
        options.Projects["reports"] = new BudgetLimits { DailyTokens = 50 };
        options.Projects["prj_1"] = new BudgetLimits { MonthlyCost = 1 };

        options.For("prj_1", "reports").Should().BeEquivalentTo(new BudgetLimits { DailyTokens = 50, MonthlyCost = 1 });
        options.For("prj_2", "REPORTS").Should().BeEquivalentTo(new BudgetLimits { DailyTokens = 50, MonthlyCost = 5 });
        options.For("prj_3", "other").Should().BeEquivalentTo(new BudgetLimits { DailyTokens = 100, MonthlyCost = 5 });
        new BudgetOptions().For("prj_3", "other").Any.Should().BeFalse();
    }
}

using ByokAgent.Providers;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByokAgent.Tests.Providers.Resilience;

/// <summary>The retry and timeout settings of <c>ByokAgent:Providers</c>: defaults, and a clear error for each bad value.</summary>
public sealed class ProviderOptionsRetryTests
{
    [Fact]
    public async Task Defaults_AreBoundedAndSensible()
    {
        await using var runtime = TestRuntime.Create();

        var options = runtime.Services.GetRequiredService<IOptions<ProviderOptions>>().Value;

        options.RequestTimeout.Should().Be(TimeSpan.FromSeconds(120));
        options.TotalRequestTimeout.Should().Be(TimeSpan.FromMinutes(5));
        options.RetryBaseDelay.Should().Be(TimeSpan.FromSeconds(1));
        options.MaxRetryDelay.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData("TotalRequestTimeout", "00:00:30", "TotalRequestTimeout (00:00:30) must be at least RequestTimeout (00:02:00)")]
    [InlineData("TotalRequestTimeout", "03:00:00", "TotalRequestTimeout")]
    [InlineData("MaxRetries", "11", "MaxRetries")]
    [InlineData("MaxRetries", "-1", "MaxRetries")]
    [InlineData("RetryBaseDelay", "00:05:00", "RetryBaseDelay")]
    [InlineData("MaxRetryDelay", "01:00:00", "MaxRetryDelay")]
    [InlineData("MaxRetryDelay", "-00:00:01", "MaxRetryDelay")]
    public async Task BadValue_FailsWithAMessageNamingTheSetting(string setting, string value, string expected)
    {
        await using var runtime = TestRuntime.Create(new Dictionary<string, string?> { [$"ByokAgent:Providers:{setting}"] = value });

        var reading = () => runtime.Services.GetRequiredService<IOptions<ProviderOptions>>().Value;

        reading.Should().Throw<OptionsValidationException>().WithMessage($"*{expected}*");
    }
}

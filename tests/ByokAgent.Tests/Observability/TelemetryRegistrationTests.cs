using ByokAgent.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ByokAgent.Tests.Observability;

public sealed class TelemetryRegistrationTests
{
    [Fact]
    public void AddByokAgentTelemetry_Disabled_RegistersNoProviders()
    {
        using var services = Build(new() { ["ByokAgent:Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4317" });

        services.GetService<TracerProvider>().Should().BeNull("telemetry is off unless Enabled is true");
        services.GetService<MeterProvider>().Should().BeNull();
    }

    [Fact]
    public void AddByokAgentTelemetry_Enabled_BuildsProvidersWithAnOtlpExporter()
    {
        using var services = Build(new()
        {
            ["ByokAgent:Telemetry:Enabled"] = "true",
            ["ByokAgent:Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4318",
            ["ByokAgent:Telemetry:OtlpProtocol"] = "http/protobuf",
        });

        services.StartByokAgentTelemetry();

        services.GetService<TracerProvider>().Should().NotBeNull();
        services.GetService<MeterProvider>().Should().NotBeNull();
        services.GetRequiredService<IOptions<TelemetryOptions>>().Value.OtlpEndpoint.Should().Be(new Uri("http://127.0.0.1:4318"));
    }

    [Fact]
    public void AddByokAgentTelemetry_EmptyEndpointAsShipped_IsValidAndExportsNowhere()
    {
        using var services = Build(new() { ["ByokAgent:Telemetry:Enabled"] = "true", ["ByokAgent:Telemetry:OtlpEndpoint"] = "" });

        services.StartByokAgentTelemetry();

        services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Enabled.Should().BeTrue();
        services.GetService<TracerProvider>().Should().NotBeNull();
    }

    [Theory]
    [InlineData("ByokAgent:Telemetry:OtlpEndpoint", "collector:4317", "OtlpEndpoint must be an absolute http")]
    [InlineData("ByokAgent:Telemetry:OtlpEndpoint", "ftp://collector/", "OtlpEndpoint must be an absolute http")]
    [InlineData("ByokAgent:Telemetry:OtlpProtocol", "udp", "OtlpProtocol must be grpc or http/protobuf")]
    [InlineData("ByokAgent:Telemetry:ServiceName", "", "ServiceName")]
    public void Options_BadSetting_FailsWithTheSettingNamed(string key, string value, string expected)
    {
        using var services = Build(new() { [key] = value });

        var reading = () => services.GetRequiredService<IOptions<TelemetryOptions>>().Value;

        reading.Should().Throw<OptionsValidationException>().WithMessage($"*{expected}*");
    }

    [Fact]
    public void StartByokAgentTelemetry_BadSetting_FailsBeforeAnythingRuns()
    {
        using var services = Build(new() { ["ByokAgent:Telemetry:Enabled"] = "true", ["ByokAgent:Telemetry:OtlpEndpoint"] = "not-a-url" });

        var starting = () => services.StartByokAgentTelemetry();

        starting.Should().Throw<OptionsValidationException>().WithMessage("*ByokAgent:Telemetry:OtlpEndpoint must be an absolute http*");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddByokAgentTelemetry(configuration);
        return services.BuildServiceProvider();
    }
}

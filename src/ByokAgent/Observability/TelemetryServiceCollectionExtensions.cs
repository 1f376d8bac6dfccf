using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ByokAgent.Observability;

/// <summary>Registers OpenTelemetry for ByokAgent: its traces and metrics, HttpClient instrumentation, and an OTLP exporter.</summary>
public static class TelemetryServiceCollectionExtensions
{
    // Semantic Kernel's own GenAI diagnostics can be switched on by an environment variable; the sensitive variant
    // records prompts and completions. The AppContext switch wins over the variable, so it is pinned off here.
    private const string SemanticKernelSensitiveSwitch = "Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnosticsSensitive";

    /// <summary>
    /// When <c>ByokAgent:Telemetry:Enabled</c> is true: traces from <see cref="ByokTelemetry.SourceName"/> and
    /// <see cref="ByokTelemetry.ChatSourceName"/>, metrics from the same meters, HttpClient spans and metrics, and an OTLP
    /// exporter when <c>ByokAgent:Telemetry:OtlpEndpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">Settings (<c>ByokAgent:Telemetry</c>, and the standard <c>OTEL_*</c> variables).</param>
    /// <param name="tracing">More tracing for the host (e.g. ASP.NET Core instrumentation).</param>
    /// <param name="metrics">More metrics for the host.</param>
    /// <remarks>
    /// Message content, tool arguments and results, keys and URL query strings are never exported: sensitive data stays off
    /// in every component, and <see cref="TelemetryRedactionProcessor"/> drops what any component might still set.
    /// A host without the generic host (the CLI) calls <see cref="StartByokAgentTelemetry"/> after building its services.
    /// </remarks>
    public static IServiceCollection AddByokAgentTelemetry(this IServiceCollection services, IConfiguration configuration, Action<TracerProviderBuilder>? tracing = null, Action<MeterProviderBuilder>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        AppContext.SetSwitch(SemanticKernelSensitiveSwitch, false);
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(options.ServiceName);
                }
            })
            .WithTracing(traces =>
            {
                // First, so every exporter added after it (here, by the host or a test) sees redacted spans only.
                traces.AddProcessor(new TelemetryRedactionProcessor())
                    .AddSource(ByokTelemetry.SourceName, ByokTelemetry.ChatSourceName)
                    .AddHttpClientInstrumentation();
                tracing?.Invoke(traces);
                if (OtlpTarget(options, configuration, "v1/traces") is { } target)
                {
                    traces.AddOtlpExporter(target.Configure);
                }
            })
            .WithMetrics(meters =>
            {
                meters.AddMeter(ByokTelemetry.MeterName, ByokTelemetry.ChatSourceName).AddHttpClientInstrumentation();
                metrics?.Invoke(meters);
                if (OtlpTarget(options, configuration, "v1/metrics") is { } target)
                {
                    meters.AddOtlpExporter(target.Configure);
                }
            });
        return services;
    }

    /// <summary>
    /// Checks the settings and starts the tracer and meter providers, as a generic host does itself (ValidateOnStart and
    /// its hosted service); the providers are a no-op when telemetry is off.
    /// </summary>
    /// <exception cref="OptionsValidationException">A <c>ByokAgent:Telemetry</c> setting is invalid.</exception>
    public static IServiceProvider StartByokAgentTelemetry(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _ = services.GetService<IOptions<TelemetryOptions>>()?.Value;
        _ = services.GetService<TracerProvider>();
        _ = services.GetService<MeterProvider>();
        return services;
    }

    // The setting wins; without it the standard variables configure the exporter themselves; with neither, no exporter.
    private static OtlpTarget? OtlpTarget(TelemetryOptions options, IConfiguration configuration, string signalPath)
    {
        if (options.OtlpEndpoint is { IsAbsoluteUri: true } endpoint)
        {
            var protocol = options.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;

            // An endpoint set in code is used as given; over HTTP each signal has its own path (the variables add it themselves).
            var signalEndpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/{signalPath}") : endpoint;
            return new OtlpTarget(exporter =>
            {
                exporter.Endpoint = signalEndpoint;
                exporter.Protocol = protocol;
            });
        }

        return string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ? null : new OtlpTarget(_ => { });
    }
}

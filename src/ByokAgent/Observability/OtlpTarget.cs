using OpenTelemetry.Exporter;

namespace ByokAgent.Observability;

/// <summary>How one signal's OTLP exporter is configured.</summary>
internal sealed record OtlpTarget(Action<OtlpExporterOptions> Configure);

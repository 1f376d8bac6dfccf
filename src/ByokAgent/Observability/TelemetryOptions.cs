using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Observability;

/// <summary>OpenTelemetry export settings: <c>ByokAgent:Telemetry</c>.</summary>
/// <remarks>The standard <c>OTEL_EXPORTER_OTLP_*</c> and <c>OTEL_SERVICE_NAME</c> environment variables work too; the settings here win over them.</remarks>
public sealed class TelemetryOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ByokAgent:Telemetry";

    /// <summary>Turns traces and metrics on (off by default: an unobserved runtime pays nothing).</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the OTLP exporter sends (e.g. <c>http://collector:4317</c>); empty: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> if set, else no exporter.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>, as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> spells them.</summary>
    [RegularExpression("^(grpc|http/protobuf)$", ErrorMessage = "ByokAgent:Telemetry:OtlpProtocol must be grpc or http/protobuf.")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> resource attribute; <c>OTEL_SERVICE_NAME</c> wins when it is set.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ServiceName { get; set; } = "byok-agent";

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // An empty value (as appsettings.json ships it) means "not set".
        if (OtlpEndpoint is { OriginalString.Length: > 0 } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("ByokAgent:Telemetry:OtlpEndpoint must be an absolute http:// or https:// address.", [nameof(OtlpEndpoint)]);
        }
    }
}

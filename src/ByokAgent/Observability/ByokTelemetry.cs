namespace ByokAgent.Observability;

/// <summary>The names under which ByokAgent emits traces and metrics, for hosts that subscribe to them.</summary>
/// <remarks>
/// <para>Traces: one <c>invoke_agent</c> span per turn from <see cref="SourceName"/>, with a <c>chat</c> span per model call
/// (from Microsoft.Extensions.AI's <see cref="ChatSourceName"/>) and an <c>execute_tool</c> span per tool call under it.</para>
/// <para>Message text, tool arguments and results, and keys are never recorded, whatever the listener asks for.</para>
/// <para>Model-call spans and <c>gen_ai.client.*</c> metrics are added only to sessions opened while something listens to
/// <see cref="SourceName"/> or <see cref="MeterName"/>, so an unobserved runtime pays nothing for them.</para>
/// </remarks>
public static class ByokTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of turns (<c>invoke_agent</c>) and tool calls (<c>execute_tool</c>).</summary>
    public const string SourceName = "ByokAgent";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of turns, tokens, errors, tool latency and browser contexts.</summary>
    public const string MeterName = "ByokAgent";

    /// <summary>Microsoft.Extensions.AI's default source and meter: <c>chat</c> spans, <c>gen_ai.client.token.usage</c> and <c>gen_ai.client.operation.duration</c>.</summary>
    public const string ChatSourceName = "Experimental.Microsoft.Extensions.AI";
}

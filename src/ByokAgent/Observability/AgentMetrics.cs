using System.Diagnostics;
using System.Diagnostics.Metrics;
using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Providers;

namespace ByokAgent.Observability;

/// <summary>
/// The runtime's own instruments on the <see cref="ByokTelemetry.MeterName"/> meter: turns, tokens, errors by class and
/// tool latency. Tags are low-cardinality (provider, model, outcome, tool name): never a session id or any content.
/// </summary>
/// <remarks>Each record checks <see cref="Instrument.Enabled"/> first, so nothing is built when no listener is attached.</remarks>
internal static class AgentMetrics
{
    private static readonly Meter Meter = new(ByokTelemetry.MeterName);

    private static readonly Counter<long> Turns = Meter.CreateCounter<long>(
        "byok.agent.turns", "{turn}", "Agent turns run, by provider, model and outcome (ok, error, cancelled).");

    private static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "byok.agent.tokens", "{token}", "Tokens the provider reported for completed turns, by provider, model and gen_ai.token.type (input, output).");

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "byok.agent.errors", "{error}", "Failed turns by error.type (the agent error code) and byok.provider.failure (the provider failure class).");

    private static readonly Histogram<double> ToolDuration = Meter.CreateHistogram(
        "byok.agent.tool.duration",
        "s",
        "How long each tool call took, by gen_ai.tool.name (error.type set when it failed).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    /// <summary>Whether anything listens to the runtime's metrics (used to decide whether to instrument model calls).</summary>
    public static bool IsObserved => Turns.Enabled || Tokens.Enabled || Errors.Enabled || ToolDuration.Enabled;

    public static void TurnCompleted(AgentTurnResult result)
    {
        var provider = GenAiProviderNames.Of(result.Provider);
        if (Turns.Enabled)
        {
            Turns.Add(1, new TagList { { GenAiAttributes.ProviderName, provider }, { GenAiAttributes.RequestModel, result.Model }, { GenAiAttributes.Outcome, "ok" } });
        }

        if (Tokens.Enabled)
        {
            Tokens.Add(result.Usage.InputTokens, new TagList { { GenAiAttributes.ProviderName, provider }, { GenAiAttributes.RequestModel, result.Model }, { GenAiAttributes.TokenType, "input" } });
            Tokens.Add(result.Usage.OutputTokens, new TagList { { GenAiAttributes.ProviderName, provider }, { GenAiAttributes.RequestModel, result.Model }, { GenAiAttributes.TokenType, "output" } });
        }
    }

    public static void TurnFailed(string providerId, string model, Exception exception)
    {
        var cancelled = exception is OperationCanceledException;
        var provider = GenAiProviderNames.Of(providerId);
        if (Turns.Enabled)
        {
            Turns.Add(1, new TagList { { GenAiAttributes.ProviderName, provider }, { GenAiAttributes.RequestModel, model }, { GenAiAttributes.Outcome, cancelled ? "cancelled" : "error" } });
        }

        if (!cancelled && Errors.Enabled)
        {
            var tags = new TagList { { GenAiAttributes.ProviderName, provider }, { GenAiAttributes.RequestModel, model }, { GenAiAttributes.ErrorType, AgentErrorCodes.For(exception) } };
            if (exception is ProviderException provided)
            {
                tags.Add(GenAiAttributes.ProviderFailure, FailureName(provided.Failure));
            }

            Errors.Add(1, tags);
        }
    }

    public static void ToolCalled(string toolName, TimeSpan duration, bool failed)
    {
        if (!ToolDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { GenAiAttributes.ToolName, toolName } };
        if (failed)
        {
            tags.Add(GenAiAttributes.ErrorType, "tool_error");
        }

        ToolDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>The snake-case name of a failure class, as the API's <c>error.failure</c> spells it.</summary>
    public static string FailureName(ProviderFailure failure) => failure switch
    {
        ProviderFailure.InvalidKey => "invalid_key",
        ProviderFailure.InvalidModel => "invalid_model",
        ProviderFailure.QuotaExceeded => "quota_exceeded",
        ProviderFailure.RateLimited => "rate_limited",
        ProviderFailure.Unreachable => "unreachable",
        _ => "provider_error",
    };
}

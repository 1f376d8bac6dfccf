using System.Diagnostics;
using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Providers;

namespace ByokAgent.Observability;

/// <summary>
/// The <c>invoke_agent</c> span of one turn (the root of the turn's trace, or a child of the host's request span) and the
/// turn metrics. Model calls (<c>chat</c>) and tool calls (<c>execute_tool</c>) nest under it.
/// </summary>
/// <remarks>
/// <para>The span is named exactly <c>invoke_agent</c>: Microsoft.Extensions.AI's function invocation then treats it as the
/// agent span, starts its <c>execute_tool</c> spans from this source, and checks it (never set here) for sensitive data.</para>
/// <para>With no listener <see cref="Start"/> returns <see langword="null"/> and no tag is built. Never message text.</para>
/// </remarks>
internal static class TurnTelemetry
{
    private static readonly ActivitySource Source = new(ByokTelemetry.SourceName, typeof(TurnTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Whether anything listens to the runtime's traces or metrics: sessions opened now get model-call telemetry.</summary>
    public static bool IsObserved => Source.HasListeners() || AgentMetrics.IsObserved;

    /// <summary>The turn's span, or <see langword="null"/> when nobody listens or it is sampled out.</summary>
    public static Activity? Start(string sessionId, string projectId, ModelConfig config, bool streaming)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(GenAiAttributes.InvokeAgent, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GenAiAttributes.OperationName, GenAiAttributes.InvokeAgent);
            activity.SetTag(GenAiAttributes.AgentName, "byok");
            activity.SetTag(GenAiAttributes.ProviderName, GenAiProviderNames.Of(config.Provider));
            activity.SetTag(GenAiAttributes.RequestModel, config.Model);
            activity.SetTag(GenAiAttributes.ConversationId, sessionId);
            activity.SetTag(GenAiAttributes.ProjectId, projectId);
            activity.SetTag(GenAiAttributes.Streaming, streaming);
        }

        return activity;
    }

    public static void Completed(Activity? activity, AgentTurnResult result)
    {
        AgentMetrics.TurnCompleted(result);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GenAiAttributes.InputTokens, result.Usage.InputTokens);
            activity.SetTag(GenAiAttributes.OutputTokens, result.Usage.OutputTokens);
            activity.SetTag(GenAiAttributes.ToolCalls, result.ToolCalls.Count);
            activity.SetTag(GenAiAttributes.Outcome, "ok");
        }
    }

    public static void Failed(Activity? activity, ModelConfig config, Exception exception)
    {
        AgentMetrics.TurnFailed(config.Provider, config.Model, exception);
        if (activity is null)
        {
            return;
        }

        if (exception is OperationCanceledException)
        {
            activity.SetTag(GenAiAttributes.Outcome, "cancelled");
            return;
        }

        // The code, never the exception's message: a provider's or a tool's words may quote a body, a prompt or a key.
        var code = AgentErrorCodes.For(exception);
        activity.SetTag(GenAiAttributes.Outcome, "error");
        activity.SetTag(GenAiAttributes.ErrorType, code);
        if (exception is ProviderException provided)
        {
            activity.SetTag(GenAiAttributes.ProviderFailure, AgentMetrics.FailureName(provided.Failure));
        }

        activity.SetStatus(ActivityStatusCode.Error, code);
    }

    /// <summary>Ends the turn's span (if any) and forgets it.</summary>
    public static void End(ref Activity? activity)
    {
        activity?.Dispose();
        activity = null;
    }
}

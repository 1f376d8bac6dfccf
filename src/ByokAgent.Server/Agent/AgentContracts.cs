using System.Text.Json.Serialization;
using ByokAgent.Agents;

namespace ByokAgent.Server.Agent;

/// <summary>The body of <c>POST /v1/agent</c> and <c>POST /v1/sessions/{id}/messages</c>; unknown fields are ignored.</summary>
public sealed record AgentRequest(string? Message, string? SessionId, bool? Stream);

/// <summary>A completed turn, shaped like the hosted agent APIs users know (<c>object: "agent.response"</c>).</summary>
public sealed record AgentResponse(
    string Id,
    string Object,
    string Status,
    string SessionId,
    string Message,
    IReadOnlyList<ToolCallResponse> ToolCalls,
    UsageResponse Usage,
    MetaResponse Meta)
{
    public static AgentResponse From(AgentTurnResult result, string projectId) => new(
        $"resp_{Guid.CreateVersion7():N}",
        "agent.response",
        "completed",
        result.SessionId,
        result.Text,
        [.. result.ToolCalls.Select(ToolCallResponse.From)],
        UsageResponse.From(result.Usage),
        new MetaResponse((long)result.Duration.TotalMilliseconds, projectId, result.Provider, result.Model));
}

/// <summary>One tool call of a turn.</summary>
public sealed record ToolCallResponse(string Id, string Name, string Arguments, string Result, [property: JsonPropertyName("is_error")] bool IsError)
{
    public static ToolCallResponse From(AgentToolCall call) => new(call.Id, call.Name, call.Arguments, call.Result, call.IsError);
}

/// <summary>Tokens of a turn; <c>estimated_cost</c> is an estimate from the server's price table (null: the model has no price).</summary>
public sealed record UsageResponse(long InputTokens, long OutputTokens, long TokensUsed, long CachedInputTokens, decimal? EstimatedCost)
{
    public static UsageResponse From(AgentUsage usage) => new(usage.InputTokens, usage.OutputTokens, usage.TotalTokens, usage.CachedInputTokens, usage.EstimatedCost);
}

/// <summary>Where and how long a turn ran.</summary>
public sealed record MetaResponse(long DurationMs, string ProjectId, string Provider, string Model);

using System.Threading.Channels;
using ByokAgent.Agents.Events;
using Microsoft.Extensions.AI;

namespace ByokAgent.Agents.Turns;

/// <summary>What one running turn has seen so far: tool calls, usage, and where its events go.</summary>
/// <remarks>Tools may run concurrently within a round, so the mutable parts are guarded.</remarks>
internal sealed class AgentTurn(ChannelWriter<AgentEvent>? events)
{
    private readonly Lock _gate = new();
    private readonly List<AgentToolCall> _toolCalls = [];
    private long _inputTokens;
    private long _outputTokens;
    private long _totalTokens;

    /// <summary>Set when the tool-round limit stopped a tool call; the session then asks for a final answer without tools.</summary>
    public bool ToolRoundLimitReached { get; set; }

    public IReadOnlyList<AgentToolCall> ToolCalls
    {
        get
        {
            lock (_gate)
            {
                return [.. _toolCalls];
            }
        }
    }

    public AgentUsage Usage => new(Interlocked.Read(ref _inputTokens), Interlocked.Read(ref _outputTokens), Interlocked.Read(ref _totalTokens));

    public void Emit(AgentEvent agentEvent) => events?.TryWrite(agentEvent);

    public void RecordToolCall(AgentToolCall call)
    {
        lock (_gate)
        {
            _toolCalls.Add(call);
        }

        Emit(new AgentToolEndEvent(call));
    }

    public void AddUsage(UsageDetails? usage)
    {
        if (usage is null)
        {
            return;
        }

        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        Interlocked.Add(ref _inputTokens, input);
        Interlocked.Add(ref _outputTokens, output);
        Interlocked.Add(ref _totalTokens, usage.TotalTokenCount ?? input + output);
    }
}

using System.Threading.Channels;
using ByokAgent.Agents.Events;
using ByokAgent.Usage;
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
    private long _cachedInputTokens;
    private ModelPrice? _price;

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

    public AgentUsage Usage
    {
        get
        {
            var input = Interlocked.Read(ref _inputTokens);
            var output = Interlocked.Read(ref _outputTokens);
            var cached = Interlocked.Read(ref _cachedInputTokens);

            // Cost is linear in tokens, so the sum's cost is the sum of each call's.
            return new AgentUsage(input, output, Interlocked.Read(ref _totalTokens))
            {
                CachedInputTokens = cached,
                EstimatedCost = Volatile.Read(ref _price)?.Cost(input, output, cached),
            };
        }
    }

    public void Emit(AgentEvent agentEvent) => events?.TryWrite(agentEvent);

    public void RecordToolCall(AgentToolCall call)
    {
        lock (_gate)
        {
            _toolCalls.Add(call);
        }

        Emit(new AgentToolEndEvent(call));
    }

    /// <summary>Adds one model call's usage; <paramref name="price"/> is the session model's (<see langword="null"/>: no estimate).</summary>
    public void AddUsage(UsageDetails? usage, ModelPrice? price = null)
    {
        if (price is not null)
        {
            Volatile.Write(ref _price, price);
        }

        if (usage is null)
        {
            return;
        }

        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        Interlocked.Add(ref _inputTokens, input);
        Interlocked.Add(ref _outputTokens, output);
        Interlocked.Add(ref _totalTokens, usage.TotalTokenCount ?? input + output);
        Interlocked.Add(ref _cachedInputTokens, usage.CachedInputTokenCount ?? 0);
    }
}

using ByokAgent.Providers;
using Microsoft.SemanticKernel;

namespace ByokAgent.Agents;

/// <summary>Which session to open, for which project, on which model.</summary>
public sealed record AgentSessionRequest
{
    /// <summary>The project; <see langword="null"/> is the default project (the local CLI's).</summary>
    public string? ProjectId { get; init; }

    /// <summary>A stored session to continue; <see langword="null"/> starts a new one.</summary>
    public string? SessionId { get; init; }

    /// <summary>The model to use; <see langword="null"/> is the project's default config, else the deployment's fallback.</summary>
    public ModelConfig? ModelConfig { get; init; }

    /// <summary>Plugins for this session only, beside the registered ones.</summary>
    public IEnumerable<KernelPlugin>? Plugins { get; init; }
}

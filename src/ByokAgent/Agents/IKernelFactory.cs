using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace ByokAgent.Agents;

/// <summary>Builds the Semantic Kernel <see cref="Kernel"/> an agent session runs on.</summary>
public interface IKernelFactory
{
    /// <summary>A kernel whose chat service is <paramref name="chatClient"/> with automatic kernel-function invocation.</summary>
    Kernel Create(IChatClient chatClient, IEnumerable<KernelPlugin> plugins);
}

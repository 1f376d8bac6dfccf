using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace ByokAgent.Agents;

/// <summary>Builds the Semantic Kernel <see cref="Kernel"/> an agent session runs on.</summary>
public interface IKernelFactory
{
    /// <summary>A kernel whose chat service is <paramref name="chatClient"/> with automatic kernel-function invocation.</summary>
    /// <param name="chatClient">The provider's client.</param>
    /// <param name="plugins">The tools of the session.</param>
    /// <param name="secrets">Values masked in everything the kernel logs (the config's key and secret extras).</param>
    Kernel Create(IChatClient chatClient, IEnumerable<KernelPlugin> plugins, IReadOnlyCollection<string> secrets);
}

using Microsoft.SemanticKernel;

namespace ByokAgent.Agents;

/// <summary>Names tools the way the model sees them.</summary>
internal static class ToolNames
{
    // Semantic Kernel's IChatClient path advertises kernel functions as "plugin_function"; events and results use the
    // same name, so what a user reads matches what the model called.
    public static string Of(KernelFunction function) =>
        string.IsNullOrEmpty(function.PluginName) ? function.Name : $"{function.PluginName}_{function.Name}";
}

using System.Collections.Concurrent;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Providers.Quirks;

/// <summary>Tools named exactly as the recorded fixtures call them, recording each call.</summary>
/// <remarks>
/// Semantic Kernel advertises a kernel function as <c>plugin_function</c>, so the fixture's <c>get_weather</c> is plugin
/// <c>get</c> with function <c>weather</c>. That keeps the replayed bodies verbatim instead of renaming their calls.
/// </remarks>
internal sealed class FixtureTools
{
    private readonly ConcurrentQueue<string> _calls = new();

    /// <summary>Every call so far as <c>name(argument)</c>, in order.</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>A plugin with one tool named <paramref name="toolName"/> taking one string <paramref name="parameter"/> (or none).</summary>
    public KernelPlugin Tool(string toolName, string? parameter = null) => Tools((toolName, parameter)).Single();

    /// <summary>Plugins holding these tools, grouped by the plugin part of their names (<c>get_weather</c> and <c>get_time</c> share <c>get</c>).</summary>
    public KernelPlugin[] Tools(params (string Name, string? Parameter)[] tools) =>
    [
        .. tools.GroupBy(tool => PluginName(tool.Name), StringComparer.Ordinal)
            .Select(plugin => KernelPluginFactory.CreateFromFunctions(plugin.Key, plugin.Select(tool => Function(tool.Name, tool.Parameter)))),
    ];

    private static string PluginName(string toolName)
    {
        var split = toolName.IndexOf('_', StringComparison.Ordinal);
        return split > 0 ? toolName[..split] : throw new ArgumentException($"'{toolName}' has no '_' to split into plugin and function.", nameof(toolName));
    }

    private KernelFunction Function(string toolName, string? parameter)
    {
        KernelParameterMetadata[] parameters = parameter is null ? [] : [new(parameter) { ParameterType = typeof(string), IsRequired = true }];
        return KernelFunctionFactory.CreateFromMethod(
            (KernelArguments arguments) =>
            {
                var value = parameter is null ? string.Empty : arguments[parameter]?.ToString();
                _calls.Enqueue($"{toolName}({value})");
                return $"{toolName} says {value}".TrimEnd();
            },
            toolName[(PluginName(toolName).Length + 1)..],
            "A tool named as in a recorded provider fixture.",
            parameters);
    }
}

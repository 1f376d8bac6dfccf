using ByokAgent.Providers;
using Microsoft.SemanticKernel;

namespace ByokAgent.Agents;

/// <summary>The agent's system prompt: a file in <c>prompts/</c>, written in Semantic Kernel's <c>{{$variable}}</c> syntax.</summary>
/// <remarks>The file is read and parsed once; rendering is per session. Variables: <c>date</c>, <c>provider</c>, <c>model</c>, <c>tools</c>.</remarks>
internal sealed class SystemPrompt
{
    private readonly Lazy<IPromptTemplate> _template;

    public SystemPrompt(AgentOptions options)
    {
        var path = Path.IsPathRooted(options.SystemPromptFile)
            ? options.SystemPromptFile
            : Path.Combine(AppContext.BaseDirectory, options.SystemPromptFile);
        _template = new Lazy<IPromptTemplate>(() => Load(path));
    }

    public async Task<string> RenderAsync(Kernel kernel, ModelConfig config, CancellationToken cancellationToken)
    {
        var tools = kernel.Plugins.Count == 0 ? "none" : string.Join(", ", kernel.Plugins.Select(p => p.Name));
        var arguments = new KernelArguments
        {
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["provider"] = config.Descriptor.DisplayName,
            ["model"] = config.Model,
            ["tools"] = tools,
        };
        return (await _template.Value.RenderAsync(kernel, arguments, cancellationToken).ConfigureAwait(false)).Trim();
    }

    private static IPromptTemplate Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"System prompt file not found: {path}. Set ByokAgent:Agent:SystemPromptFile.", path);
        }

        var config = new PromptTemplateConfig(File.ReadAllText(path)) { Name = "system" };
        return new KernelPromptTemplateFactory().Create(config);
    }
}

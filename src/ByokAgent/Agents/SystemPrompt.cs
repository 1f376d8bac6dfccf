using System.Globalization;
using ByokAgent.Providers;
using Microsoft.SemanticKernel;

namespace ByokAgent.Agents;

/// <summary>The agent's system prompt, written in Semantic Kernel's <c>{{$variable}}</c> syntax.</summary>
/// <remarks>
/// Built in from <c>prompts/system.md</c> (embedded), or read from <see cref="AgentOptions.SystemPromptFile"/>. Parsed
/// once; rendered per session with the variables <c>date</c>, <c>provider</c>, <c>model</c> and <c>tools</c>.
/// </remarks>
internal sealed class SystemPrompt(AgentOptions options)
{
    private const string EmbeddedName = "ByokAgent.Prompts.system.md";

    private readonly Lazy<IPromptTemplate> _template = new(() => Parse(ReadText(options.SystemPromptFile)));

    public async Task<string> RenderAsync(Kernel kernel, ModelConfig config, CancellationToken cancellationToken)
    {
        var arguments = new KernelArguments
        {
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["provider"] = config.Descriptor.DisplayName,
            ["model"] = config.Model,
            ["tools"] = kernel.Plugins.Count == 0 ? "none" : string.Join(", ", kernel.Plugins.Select(p => p.Name)),
        };
        return (await _template.Value.RenderAsync(kernel, arguments, cancellationToken).ConfigureAwait(false)).Trim();
    }

    private static string ReadText(string? file)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            using var stream = typeof(SystemPrompt).Assembly.GetManifestResourceStream(EmbeddedName)
                ?? throw new InvalidOperationException($"The built-in system prompt ({EmbeddedName}) is missing from the assembly.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        var path = Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"System prompt file not found: {path} (ByokAgent:Agent:SystemPromptFile).", path);
    }

    private static IPromptTemplate Parse(string text) =>
        new KernelPromptTemplateFactory().Create(new PromptTemplateConfig(text) { Name = "system" });
}

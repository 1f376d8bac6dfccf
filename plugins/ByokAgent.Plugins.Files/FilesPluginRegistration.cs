using ByokAgent.Agents.Plugins;
using ByokAgent.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace ByokAgent.Plugins.Files;

/// <summary>Registers the file plugin (<c>files_*</c> tools) for every agent session.</summary>
public static class FilesPluginRegistration
{
    /// <summary>The plugin name the model sees as the prefix of its tools, and the name settings use to turn it off.</summary>
    public const string Name = "files";

    /// <summary>
    /// Gives every session its project's file tools: <c>files_list_files</c>, <c>files_read_file</c>,
    /// <c>files_write_file</c>, <c>files_append_file</c>, <c>files_delete_file</c>, <c>files_move_file</c>,
    /// <c>files_search_files</c>, <c>files_file_info</c> (off per deployment or project through <c>ByokAgent:Plugins:Disabled</c>).
    /// </summary>
    /// <remarks>The files are the session's project's, through the registered <see cref="IFileStore"/>; calling this twice adds the plugin once.</remarks>
    public static ByokAgentBuilder AddFilesPlugin(this ByokAgentBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(service => service.ImplementationInstance is AgentPluginRegistration { Name: Name }))
        {
            return builder;
        }

        // The tool descriptions are built once; each session stores its own tools, bound to its project.
        builder.Services.AddKeyedSingleton(Name, (_, _) => KernelPluginFactory.CreateFromObject(new FileToolFunctions(), Name));
        return builder.AddPlugin(Name, context =>
        {
            context.Set(new FilesPlugin(
                context.Services.GetRequiredService<IFileStore>(),
                context.ProjectId,
                context.Services.GetRequiredService<IOptions<FileStoreOptions>>().Value,
                context.Services.GetRequiredService<ILogger<FilesPlugin>>()));
            return context.Services.GetRequiredKeyedService<KernelPlugin>(Name);
        });
    }
}

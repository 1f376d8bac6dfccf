namespace ByokAgent.Plugins.Files;

/// <summary>Registers the file plugin (<c>files_*</c> tools) for every agent session.</summary>
public static class FilesPluginRegistration
{
    /// <summary>The plugin name the model sees as the prefix of its tools, and the name settings use to turn it off.</summary>
    public const string Name = "files";

    /// <summary>Gives every session its project's file tools (off per deployment or project through <c>ByokAgent:Plugins:Disabled</c>).</summary>
    public static ByokAgentBuilder AddFilesPlugin(this ByokAgentBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}

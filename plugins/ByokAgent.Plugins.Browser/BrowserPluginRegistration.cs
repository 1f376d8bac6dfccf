namespace ByokAgent.Plugins.Browser;

/// <summary>Registers the browser plugin (<c>browser_*</c> tools) for every agent session.</summary>
public static class BrowserPluginRegistration
{
    /// <summary>The plugin name the model sees as the prefix of its tools, and the name settings use to turn it off.</summary>
    public const string Name = "browser";

    /// <summary>Gives every session the browser tools (off per deployment or project through <c>ByokAgent:Plugins:Disabled</c>).</summary>
    public static ByokAgentBuilder AddBrowserPlugin(this ByokAgentBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}

namespace ByokAgent.Agents.Plugins;

/// <summary>
/// Which registered plugins sessions get, bound from <c>ByokAgent:Plugins</c>: every plugin is on unless named here.
/// </summary>
/// <example>
/// <code>
/// "Plugins": { "Disabled": [ "browser" ], "Projects": { "reports": { "Disabled": [ "files" ] } } }
/// </code>
/// or from the environment: <c>ByokAgent__Plugins__Disabled__0=browser</c>.
/// </example>
public sealed class AgentPluginOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:Plugins";

    /// <summary>Plugin names (<c>browser</c>, <c>files</c>, <c>clock</c>…) turned off for the whole deployment.</summary>
    public IList<string> Disabled { get; } = [];

    /// <summary>Per project (by name or id): plugins turned off for that project only.</summary>
    public IDictionary<string, ProjectPluginOptions> Projects { get; } = new Dictionary<string, ProjectPluginOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether sessions of the project get the plugin.</summary>
    public bool IsEnabled(string pluginName, string projectId, string projectName) =>
        !Contains(Disabled, pluginName)
        && !(Projects.TryGetValue(projectName, out var byName) && Contains(byName.Disabled, pluginName))
        && !(Projects.TryGetValue(projectId, out var byId) && Contains(byId.Disabled, pluginName));

    private static bool Contains(IEnumerable<string> names, string name) =>
        names.Any(n => string.Equals(n.Trim(), name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Plugin switches for one project.</summary>
public sealed class ProjectPluginOptions
{
    /// <summary>Plugin names turned off for this project.</summary>
    public IList<string> Disabled { get; } = [];
}

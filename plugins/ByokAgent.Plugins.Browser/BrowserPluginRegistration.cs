using ByokAgent.Files;
using ByokAgent.Plugins.Browser.Pooling;
using ByokAgent.Plugins.Browser.Safety;
using ByokAgent.Plugins.Browser.Sessions;
using ByokAgent.Plugins.Browser.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace ByokAgent.Plugins.Browser;

/// <summary>Registers the browser plugin (<c>browser_*</c> tools) for every agent session.</summary>
public static class BrowserPluginRegistration
{
    /// <summary>The plugin name the model sees as the prefix of its tools, and the name settings use to turn it off.</summary>
    public const string Name = "browser";

    /// <summary>Gives every session the browser tools (off per deployment or project through <c>ByokAgent:Plugins:Disabled</c>).</summary>
    /// <remarks>
    /// Settings come from <c>ByokAgent:Browser</c> (<see cref="BrowserOptions"/>) and <c>BYOK_BROWSER_ALLOW_HOSTS</c>, then
    /// <paramref name="configure"/>. One Chromium serves the whole runtime, started at the first browser tool call; each
    /// session gets its own context, closed when the session is disposed or idle.
    /// </remarks>
    public static ByokAgentBuilder AddBrowserPlugin(this ByokAgentBuilder builder, Action<BrowserOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BrowserOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<BrowserOptions>, BrowserOptionsSetup>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<BrowserPool>();
        services.TryAddSingleton<AddressGuard>();
        // The tool descriptions are built once; each session stores its own tools (and its browser context, opened lazily).
        services.AddKeyedSingleton(Name, (_, _) => KernelPluginFactory.CreateFromObject(new BrowserToolFunctions(), Name));
        return builder.AddPlugin(Name, context =>
        {
            var (tools, session) = CreateForSession(context.Services, context.ProjectId, context.SessionId);
            context.OnSessionEnd(session);
            context.Set(tools);
            return context.Services.GetRequiredKeyedService<KernelPlugin>(Name);
        });
    }

    /// <summary>The tools of one session and the browser behind them (the caller disposes the browser when the session ends).</summary>
    internal static (BrowserTools Tools, SessionBrowser Session) CreateForSession(IServiceProvider services, string projectId, string sessionId)
    {
        var guard = services.GetRequiredService<AddressGuard>();
        var time = services.GetRequiredService<TimeProvider>();
        var session = new SessionBrowser(
            services.GetRequiredService<BrowserPool>(),
            guard,
            services.GetRequiredService<IOptions<BrowserOptions>>().Value,
            new BrowserFiles(services.GetRequiredService<IFileStore>(), projectId),
            sessionId,
            time,
            services.GetRequiredService<ILoggerFactory>());
        return (new BrowserTools(session, guard, time), session);
    }
}

using ByokAgent.Plugins.Browser.Safety;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByokAgent.Plugins.Browser;

/// <summary>
/// Binds <see cref="BrowserOptions"/> from <c>ByokAgent:Browser</c> and appends the hosts of <c>BYOK_BROWSER_ALLOW_HOSTS</c>.
/// </summary>
/// <remarks>
/// The application's <see cref="IConfiguration"/> is optional here (unlike <c>BindConfiguration</c>, which requires it):
/// an embedding program that registers none still gets the defaults. The variable is read from the configuration first
/// (hosts add the environment to it, and tests can set it there) and from the process environment otherwise.
/// </remarks>
internal sealed class BrowserOptionsSetup(IServiceProvider services) : IConfigureOptions<BrowserOptions>
{
    public void Configure(BrowserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = services.GetService<IConfiguration>();
        configuration?.GetSection(BrowserOptions.SectionName).Bind(options);
        var fromEnvironment = configuration?[BrowserOptions.AllowHostsEnvironmentVariable]
            ?? Environment.GetEnvironmentVariable(BrowserOptions.AllowHostsEnvironmentVariable);
        foreach (var host in AllowedHosts.ParseList(fromEnvironment))
        {
            options.AllowHosts.Add(host);
        }
    }
}

using System.ComponentModel.DataAnnotations;
using ByokAgent.Plugins.Browser.Safety;

namespace ByokAgent.Plugins.Browser;

/// <summary>How the browser plugin runs Chromium, bound from <c>ByokAgent:Browser</c>.</summary>
/// <remarks>
/// The environment variable <c>BYOK_BROWSER_ALLOW_HOSTS</c> (comma-separated host names) is appended to
/// <see cref="AllowHosts"/>, so a deployment can open a host without editing its settings file.
/// </remarks>
public sealed class BrowserOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:Browser";

    /// <summary>The environment variable whose comma-separated hosts are appended to <see cref="AllowHosts"/>.</summary>
    public const string AllowHostsEnvironmentVariable = "BYOK_BROWSER_ALLOW_HOSTS";

    /// <summary>The Chromium executable to launch. Default <c>/usr/bin/chromium</c> (Debian's package): Playwright cannot download browsers here.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ExecutablePath { get; set; } = "/usr/bin/chromium";

    /// <summary>Whether Chromium runs without a window. Default on (servers have no display).</summary>
    public bool Headless { get; set; } = true;

    /// <summary>
    /// Hosts the browser may visit although they are (or resolve to) loopback, private or link-local addresses, such as
    /// an intranet wiki. Exact host names or IP literals (<c>wiki.corp</c>, <c>10.0.0.7</c>, <c>::1</c>), no ports or
    /// wildcards. Empty by default: only public hosts.
    /// </summary>
    public IList<string> AllowHosts { get; } = [];

    /// <summary>Time a navigation (open, back, a click that loads a page) may take. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan NavigationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time any other action (click, type, snapshot, screenshot) may take before it is reported as timed out. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest <c>browser_wait_for</c> may wait. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time Chromium may take to start. Default 30 s (a cold start on a small machine takes several seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LaunchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A session's browser (its pages, cookies and storage) is closed after this long without a browser tool call; the
    /// next call starts a fresh one. Default 10 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Sessions that may hold a browser at once (one Chromium context each); past it, browser tools answer that the browser is busy. Default 8.</summary>
    [Range(1, 256)]
    public int MaxContexts { get; set; } = 8;

    /// <summary>Tabs one session may have open. Default 5.</summary>
    [Range(1, 64)]
    public int MaxPagesPerContext { get; set; } = 5;

    /// <summary>Characters of a page snapshot returned per call; the rest is offered as a continuation. Default 8000.</summary>
    [Range(500, 200_000)]
    public int SnapshotMaxChars { get; set; } = 8000;

    /// <summary>Characters of page text (<c>browser_read_text</c>, <c>browser_links</c>, <c>browser_find</c>) returned per call. Default 8000.</summary>
    [Range(500, 200_000)]
    public int TextMaxChars { get; set; } = 8000;

    /// <summary>The browser window size in CSS pixels (what screenshots show). Default 1280.</summary>
    [Range(200, 4000)]
    public int ViewportWidth { get; set; } = 1280;

    /// <summary>The browser window height in CSS pixels. Default 720.</summary>
    [Range(200, 4000)]
    public int ViewportHeight { get; set; } = 720;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var host in AllowHosts)
        {
            if (!AllowedHosts.IsValidEntry(host))
            {
                yield return new ValidationResult(
                    $"ByokAgent:Browser:AllowHosts (or {AllowHostsEnvironmentVariable}) has '{host}', which is not a host name or IP address (write 'intranet.local' or '10.0.0.7', without scheme, port or path).",
                    [nameof(AllowHosts)]);
            }
        }
    }
}

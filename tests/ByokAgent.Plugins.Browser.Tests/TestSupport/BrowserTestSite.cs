using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ByokAgent.Plugins.Browser.Tests.TestSupport;

/// <summary>
/// A small real web site on Kestrel (127.0.0.1, a free port) for the browser to visit: a login form guarding a page,
/// a link maze, a slow page, redirects to private addresses, a download, a very long page, cookies, and a page that hangs.
/// </summary>
/// <remarks>
/// Tests reach it as <c>http://localhost:PORT/</c>: the browser's allow-list opens the name <c>localhost</c> only, so
/// the same server addressed as <c>127.0.0.1</c> stands in for "a private address" and must never be reached.
/// </remarks>
public sealed class BrowserTestSite : IAsyncDisposable
{
    public const string UserName = "ada";
    public const string Password = "lovelace";
    public const string Secret = "The launch code is 7-4-1-9.";
    public const string ReportCsv = "name,score\nada,10\ncharles,7\n";
    public const int LongPageWords = 20_000;

    private const string SessionCookie = "site_session";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _logins = new();
    private readonly string _sessionToken = Guid.NewGuid().ToString("N");
    private readonly TaskCompletionSource _hangStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrowserTestSite(WebApplication app) => _app = app;

    /// <summary><c>http://localhost:PORT/</c>: the allow-listed way in.</summary>
    public Uri BaseUri { get; private set; } = null!;

    public int Port { get; private set; }

    /// <summary>The same server by IP literal: a loopback address the browser must refuse.</summary>
    public Uri PrivateUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>Completes when a page of <c>/hang</c> has entered its endless loop (it reports just before).</summary>
    public Task HangStarted => _hangStarted.Task;

    /// <summary>User names of the logins the site received, in order.</summary>
    public IReadOnlyCollection<string> Logins => _logins;

    public static async Task<BrowserTestSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var site = new BrowserTestSite(builder.Build());
        site.MapPages();
        await site._app.StartAsync();
        var address = site._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        site.Port = new Uri(address).Port;
        site.BaseUri = new Uri($"http://localhost:{site.Port}/");
        return site;
    }

    /// <summary>An address on the site (allow-listed host name).</summary>
    public string Url(string path) => new Uri(BaseUri, path).ToString();

    /// <summary>How many requests reached <paramref name="path"/>, by any host name.</summary>
    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Page(string title, string body) =>
        Results.Content($"<!doctype html><html><head><meta charset=utf-8><title>{title}</title></head><body>{body}</body></html>", "text/html; charset=utf-8");

    private void MapPages()
    {
        _app.Use(async (context, next) =>
        {
            _hits.AddOrUpdate(context.Request.Path.Value ?? "/", 1, (_, n) => n + 1);
            await next(context);
        });

        _app.MapGet("/", () => Page("Test Site Home", """
            <h1>Welcome to the test site</h1>
            <nav><a href="/login">Log in</a> <a href="/maze/0">Enter the maze</a> <a href="/downloads">Downloads</a></nav>
            <p>This site exists for browser tests.</p>
            """));
        MapLogin();
        MapMaze();
        MapSafetyPages();
        MapContentPages();
    }

    private void MapLogin()
    {
        _app.MapGet("/login", () => Page("Log in", """
            <h1>Members only</h1>
            <form method="post" action="/login">
              <label>Username <input name="user" autocomplete="off"></label>
              <label>Password <input name="password" type="password"></label>
              <button type="submit">Sign in</button>
            </form>
            """));
        _app.MapPost("/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var user = form["user"].ToString();
            _logins.Enqueue(user);
            if (user != UserName || form["password"] != Password)
            {
                return Page("Log in", "<h1>Members only</h1><p>Wrong username or password.</p><a href=\"/login\">Try again</a>");
            }

            context.Response.Cookies.Append(SessionCookie, _sessionToken, new CookieOptions { HttpOnly = true, Path = "/" });
            return Results.Redirect("/members", permanent: false, preserveMethod: false);
        });
        _app.MapGet("/members", (HttpContext context) =>
            context.Request.Cookies[SessionCookie] == _sessionToken
                ? Page("Members area", $"<h1>Members area</h1><p>Welcome back, {UserName}.</p><p id=secret>{Secret}</p>")
                : Results.Redirect("/login"));
    }

    private void MapMaze()
    {
        // Five rooms; each has two dead ends and one way on, in a different position per room.
        _app.MapGet("/maze/{room:int}", (int room) =>
        {
            if (room >= 5)
            {
                return Page("Maze exit", "<h1>The exit</h1><p>You found the exit: treasure-42.</p>");
            }

            var doors = new[]
            {
                "<a href=\"/maze/dead-end\">Dark corridor</a>",
                "<a href=\"/maze/dead-end\">Narrow stairs</a>",
                $"<a href=\"/maze/{room + 1}\">Door to room {room + 1}</a>",
            };
            var rotated = doors.Skip(room % 3).Concat(doors.Take(room % 3));
            return Page($"Maze room {room}", $"<h1>Room {room}</h1><ul>{string.Concat(rotated.Select(d => $"<li>{d}</li>"))}</ul>");
        });
        _app.MapGet("/maze/dead-end", () => Page("Dead end", "<h1>Dead end</h1><p>Go back.</p>"));
        _app.MapGet("/popup", () => Page("Popup launcher", "<a href=\"/maze/5\" target=\"_blank\">Open the exit in a new tab</a>"));
    }

    private void MapSafetyPages()
    {
        _app.MapGet("/slow", async (HttpContext context) =>
        {
            // Ends when the browser gives up on the page (the request is aborted), or after a long while.
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }

            return Page("Slow page", "<p>Finally.</p>");
        });
        _app.MapGet("/redirect-private", () => Results.Redirect($"{PrivateUri}private-target"));
        _app.MapGet("/redirect-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        _app.MapGet("/private-target", () => Page("Private", "<p>Internal data that must not be read.</p>"));
        _app.MapGet("/private-pixel", () => Results.Bytes([0x47, 0x49, 0x46], "image/gif"));
        _app.MapGet("/embeds-private", () => Page("Embeds", $"<p>A page with a private image.</p><img src=\"{PrivateUri}private-pixel\" alt=\"pixel\">"));
        // The report is sent from the same synchronous script that then loops: once it arrives, the page is stuck.
        _app.MapGet("/hang", () => Page("Hanging page", "<p>This page stops answering.</p><script>addEventListener('load', () => setTimeout(() => { fetch('/hang-started'); for (;;) {} }, 0));</script>"));
        _app.MapGet("/hang-started", () =>
        {
            _hangStarted.TrySetResult();
            return Results.Ok();
        });
    }

    private void MapContentPages()
    {
        _app.MapGet("/downloads", () => Page("Downloads", "<h1>Reports</h1><a href=\"/files/report.csv\">report.csv</a>"));
        _app.MapGet("/files/report.csv", (HttpContext context) =>
        {
            context.Response.Headers.ContentDisposition = "attachment; filename=\"report.csv\"";
            return Results.Text(ReportCsv, "text/csv");
        });
        _app.MapGet("/long", () =>
        {
            var words = new StringBuilder();
            for (var i = 0; i < LongPageWords; i++)
            {
                words.Append(i % 200 == 0 ? "</p><p>" : " ").Append("word").Append(i);
            }

            return Page("Long page", $"<h1>A very long page</h1><p>{words}</p><p>The end of the long page.</p>");
        });
        _app.MapGet("/cookies/set", (HttpContext context, string value) =>
        {
            context.Response.Cookies.Append("flavour", value, new CookieOptions { Path = "/" });
            return Page("Cookie set", $"<p>Cookie set to {WebUtility.HtmlEncode(value)}.</p>");
        });
        _app.MapGet("/cookies/show", (HttpContext context) =>
            Page("Cookies", $"<p>Cookie: {WebUtility.HtmlEncode(context.Request.Cookies["flavour"] ?? "none")}</p>"));
        _app.MapGet("/widgets", () => Page("Widgets", """
            <h1>Widgets</h1>
            <label>Colour <select id="colour" onchange="document.getElementById('chosen').textContent = 'Chosen: ' + this.value">
              <option value="r">Red</option><option value="g">Green</option><option value="b">Blue</option></select></label>
            <p id="chosen">Chosen: r</p>
            <label>Search <input id="q" onkeydown="if (event.key === 'Enter') document.getElementById('echo').textContent = 'Searched for ' + this.value"></label>
            <p id="echo"></p>
            <button onclick="setTimeout(() => { const p = document.createElement('p'); p.textContent = 'Results ready'; document.body.appendChild(p); }, 300)">Load results</button>
            """));
    }
}

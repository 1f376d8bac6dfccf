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

namespace ByokAgent.Benchmarks.Browser;

/// <summary>A local page for the browser to load: a title, a navigation, a form and a few paragraphs (about 2 KB of HTML).</summary>
internal sealed class BenchSite : IAsyncDisposable
{
    private static readonly string Html = BuildPage();

    private readonly WebApplication _app;

    private BenchSite(WebApplication app, Uri pageUri)
    {
        _app = app;
        PageUri = pageUri;
    }

    /// <summary><c>http://localhost:PORT/article</c> (the browser's allow-list opens <c>localhost</c>).</summary>
    public Uri PageUri { get; }

    public static async Task<BenchSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/article", () => Results.Content(Html, "text/html; charset=utf-8"));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Port;
        return new BenchSite(app, new Uri($"http://localhost:{port}/article"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string BuildPage()
    {
        var paragraphs = new StringBuilder();
        for (var i = 1; i <= 8; i++)
        {
            paragraphs.Append("<h2>Section ").Append(i).Append("</h2><p>Paragraph ").Append(i)
                .Append(" of the benchmark article, with <a href=\"/article#s").Append(i).Append("\">a link</a> and some words to read.</p>");
        }

        return $"""
            <!doctype html><html><head><meta charset=utf-8><title>Benchmark article</title></head><body>
            <nav><a href="/">Home</a> <a href="/article">Article</a> <a href="/about">About</a></nav>
            <h1>Benchmark article</h1>
            <form><label>Search <input name="q"></label><button>Go</button></form>
            {paragraphs}
            </body></html>
            """;
    }
}

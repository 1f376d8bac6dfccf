using System.Net.Http.Headers;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>
/// The real server application (<see cref="ByokServer"/> through <c>Program</c>) in memory, on a data directory of its own,
/// with the browser plugin off, no provider retries, every log line captured and every response recorded.
/// </summary>
/// <remarks>
/// Settings are passed with <c>UseSetting</c>, which reaches the application as command-line arguments, so even the
/// settings read while services are registered (the storage provider) see them.
/// </remarks>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    /// <summary>The provider key every test project's model config uses; it must never come back out.</summary>
    public const string ProviderKey = "sk-provider-server-tests-8c1e5a7f3b9d2e6a4f0c";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _ownsDataDirectory;

    /// <summary>A server with the test defaults (the shape xunit needs for a class fixture).</summary>
    public ServerFactory()
        : this(null, null, null)
    {
    }

    private ServerFactory(IDictionary<string, string?>? settings, string? dataDirectory, Action<IServiceCollection>? services)
    {
        _services = services;
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("byok-server-").FullName;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ByokAgent:Storage:DataDirectory"] = DataDirectory,
            ["ByokAgent:Providers:MaxRetries"] = "0",
            // Chromium is out of these tests' scope; the files and clock plugins stay on as in production.
            ["ByokAgent:Plugins:Disabled:0"] = "browser",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[name] = value;
        }
    }

    public string DataDirectory { get; }

    public CapturedLogs Logs { get; } = new();

    public ResponseLog Responses { get; } = new();

    /// <summary>A server with <paramref name="settings"/> on top of the test defaults (e.g. <c>ByokAgent:Server:RequestsPerMinute</c>).</summary>
    /// <param name="settings">The settings, by configuration key.</param>
    /// <param name="dataDirectory">A data directory shared with another instance; <see langword="null"/>: a fresh one, removed on dispose.</param>
    /// <param name="services">Services added after the application's own (test hooks).</param>
    public static ServerFactory With(IDictionary<string, string?> settings, string? dataDirectory = null, Action<IServiceCollection>? services = null) =>
        new(settings, dataDirectory, services);

    /// <summary>A new project with its own key and a client that sends it.</summary>
    public async Task<TestProject> CreateProjectAsync(string? name = null)
    {
        var created = await Services.GetRequiredService<IProjectStore>().CreateAsync(name ?? $"p-{Guid.NewGuid():N}");
        return new TestProject(created.Project.Id, created.ApiKey, CreateClient(created.ApiKey));
    }

    /// <summary>A new project whose model is <paramref name="fake"/>'s OpenAI wire, stored as its default config.</summary>
    public async Task<TestProject> CreateProjectOnAsync(FakeProvider fake, string? name = null)
    {
        var project = await CreateProjectAsync(name);
        await Services.GetRequiredService<IModelConfigStore>().AddAsync(project.Id, ModelFor(fake), makeDefault: true);
        return project;
    }

    /// <summary>A recording client that sends <paramref name="apiKey"/> as its bearer key (none when <see langword="null"/>).</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateDefaultClient(new ResponseRecorder(Responses));
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (name, value) in _settings)
        {
            builder.UseSetting(name, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturedLogs>(null, LogLevel.Trace));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>The OpenAI config pointing at <paramref name="fake"/>, with <see cref="ProviderKey"/>.</summary>
    private static ModelConfig ModelFor(FakeProvider fake) => new()
    {
        Provider = "openai",
        ApiKey = ProviderKey,
        ApiHost = fake.OpenAIBaseUri.ToString(),
        Model = "gpt-test",
    };
}

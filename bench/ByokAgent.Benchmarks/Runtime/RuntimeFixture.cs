using System.ComponentModel;
using System.Net.Http.Headers;
using System.Text;
using ByokAgent.Agents;
using ByokAgent.Providers;
using ByokAgent.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>A tiny plugin for the tool round trip: one function, no I/O.</summary>
public sealed class MathPlugin
{
    [KernelFunction("add")]
    [Description("Adds two integers.")]
    public static int Add(int a, int b) => a + b;
}

/// <summary>
/// FakeProvider + the real runtime (AddByokAgent, temp SQLite data dir, MaxRetries=0, no browser plugin) + a bare
/// HttpClient that replays the exact request bodies the runtime sent, so the baseline is the same wire request.
/// </summary>
internal sealed class RuntimeFixture : IAsyncDisposable
{
    public const string ApiKey = "sk-bench-4f9a2c7e1b8d6a3f5c0e9b7d";
    public const string Message = "Say hi.";

    private readonly ServiceProvider _services;
    private readonly string _dataDirectory;

    private RuntimeFixture(FakeProvider fake, ServiceProvider services, string dataDirectory, bool tools)
    {
        Fake = fake;
        _services = services;
        _dataDirectory = dataDirectory;
        Runtime = services.GetRequiredService<AgentRuntime>();
        Config = new ModelConfig { Provider = "openai", ApiKey = ApiKey, ApiHost = fake.OpenAIBaseUri.ToString(), Model = "gpt-test" };
        Plugins = tools ? [KernelPluginFactory.CreateFromType<MathPlugin>("math")] : [];
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = fake.OpenAIBaseUri };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public FakeProvider Fake { get; }

    public AgentRuntime Runtime { get; }

    public ModelConfig Config { get; }

    public IReadOnlyList<KernelPlugin> Plugins { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _services;

    /// <summary>The chat request bodies of one runtime turn (one without tools; two with the tool round trip), non-streamed.</summary>
    public IReadOnlyList<string> TurnBodies { get; private set; } = [];

    /// <summary>The chat request body of one streamed runtime turn (first request).</summary>
    public string StreamBody { get; private set; } = string.Empty;

    public static async Task<RuntimeFixture> CreateAsync(bool tools)
    {
        var fake = await FakeProvider.StartAsync();
        fake.Responder = tools
            ? r => r.Body.Contains("\"role\":\"tool\"", StringComparison.Ordinal)
                ? FakeReply.Text("The sum is 5.")
                : FakeReply.ToolCalls(new FakeToolCall("math_add", "{\"a\":2,\"b\":3}", "call_1"))
            : _ => FakeReply.Text("hi");
        var dataDirectory = Directory.CreateTempSubdirectory("byok-runtime-bench-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ByokAgent:Providers:MaxRetries"] = "0",
            ["ByokAgent:Storage:DataDirectory"] = dataDirectory,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddByokAgent(configuration);
        var fixture = new RuntimeFixture(fake, services.BuildServiceProvider(), dataDirectory, tools);
        await fixture.CaptureAsync();
        return fixture;
    }

    public Task<AgentSession> OpenAsync() =>
        Runtime.OpenSessionAsync(new AgentSessionRequest { ModelConfig = Config, Plugins = Plugins });

    /// <summary>Runs a warm-up turn and a streamed turn, and keeps the bodies they sent for the bare baseline.</summary>
    private async Task CaptureAsync()
    {
        await using (var warm = await OpenAsync())
        {
            await warm.RunAsync(Message);
        }

        var before = Fake.Requests.Count;
        await using (var session = await OpenAsync())
        {
            await session.RunAsync(Message);
        }

        TurnBodies = [.. Fake.Requests.Skip(before).Where(IsChat).Select(r => r.Body)];
        before = Fake.Requests.Count;
        await using (var session = await OpenAsync())
        {
            await foreach (var _ in session.RunStreamingAsync(Message))
            {
            }
        }

        StreamBody = Fake.Requests.Skip(before).First(IsChat).Body;
    }

    private static bool IsChat(RecordedRequest r) => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal);

    /// <summary>The baseline: POST the body, read the whole JSON reply.</summary>
    public async Task<int> BarePostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("chat/completions", content);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return bytes.Length;
    }

    /// <summary>The streaming baseline: POST, read SSE lines; returns ticks at the first content data line, drains the rest.</summary>
    public async Task<long> BareStreamAsync(long start)
    {
        using var content = new StringContent(StreamBody, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = content };
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        long first = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (first == 0 && line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("\"content\":\"", StringComparison.Ordinal))
            {
                first = System.Diagnostics.Stopwatch.GetTimestamp() - start;
            }
        }

        return first;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

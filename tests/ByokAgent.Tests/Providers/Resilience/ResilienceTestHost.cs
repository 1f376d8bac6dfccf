using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Providers.Resilience;

/// <summary>A FakeProvider and the real runtime with retries on and waits made short, its logs captured.</summary>
internal sealed class ResilienceTestHost : IAsyncDisposable
{
    private ResilienceTestHost(FakeProvider fake, TestRuntime runtime)
    {
        Fake = fake;
        Runtime = runtime;
    }

    public FakeProvider Fake { get; }

    public TestRuntime Runtime { get; }

    public IChatClientFactory Factory => Runtime.Services.GetRequiredService<IChatClientFactory>();

    /// <summary>Retries as configured by default (2), but a 10 ms base backoff and a 5 s cap, plus these settings.</summary>
    public static async Task<ResilienceTestHost> StartAsync(CancellationToken cancellationToken, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["ByokAgent:Providers:MaxRetries"] = "2",
            ["ByokAgent:Providers:RetryBaseDelay"] = "00:00:00.010",
            ["ByokAgent:Providers:MaxRetryDelay"] = "00:00:05",
        };
        foreach (var (key, value) in settings)
        {
            values[$"ByokAgent:Providers:{key}"] = value;
        }

        var fake = await FakeProvider.StartAsync(cancellationToken);
        return new ResilienceTestHost(fake, TestRuntime.Create(values));
    }

    /// <summary>A config of an OpenAI-wire provider at the fake (<paramref name="hostPath"/> is its base path).</summary>
    public ModelConfig Config(string provider = "openai", string hostPath = "v1", string model = "gpt-test") => new()
    {
        Provider = provider,
        ApiKey = TestRuntime.ApiKey,
        ApiHost = new Uri(Fake.BaseUri, hostPath).ToString(),
        Model = model,
    };

    public IChatClient Client(ModelConfig? config = null) => Factory.Create(config ?? Config());

    /// <summary>The retry warnings logged so far.</summary>
    public IReadOnlyList<string> RetryLogs => [.. Runtime.Logs.Lines.Where(line => line.Contains("ProviderResilience", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

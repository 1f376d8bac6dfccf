using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.TestSupport;

/// <summary>A small plugin whose calls the tests can see, including one that fails with a secret in its message.</summary>
internal sealed class WeatherPlugin
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    [KernelFunction("get_weather"), Description("Gets the weather for a city.")]
    public string GetWeather([Description("The city")] string city)
    {
        Interlocked.Increment(ref _calls);
        return $"Sunny and 21 C in {city}";
    }

    [KernelFunction("broken"), Description("Always fails.")]
    public string Broken()
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException($"database password {TestRuntime.ApiKey} rejected\n   at Secret.Stack.Frame() in /src/secret.cs:line 42");
    }
}

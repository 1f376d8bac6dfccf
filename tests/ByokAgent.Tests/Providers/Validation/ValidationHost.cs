using System.Globalization;
using ByokAgent.Providers;
using ByokAgent.Providers.Validation;
using ByokAgent.Testing;
using ByokAgent.Tests.Providers.Errors;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Providers.Validation;

/// <summary>A FakeProvider and the real runtime's <see cref="IModelValidator"/> (as <c>AddByokAgent</c> registers it).</summary>
/// <remarks>Chats that nothing else answers get a one-word reply, as a provider with a good key and model would.</remarks>
internal sealed class ValidationHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private ValidationHost(FakeProvider fake, TestRuntime runtime)
    {
        Fake = fake;
        Runtime = runtime;
        Fake.Responder = _ => FakeReply.Text("pong");
    }

    public FakeProvider Fake { get; }

    public TestRuntime Runtime { get; }

    public IModelValidator Validator => Runtime.Services.GetRequiredService<IModelValidator>();

    /// <summary>Guards every call: a hang fails the test instead of blocking the run.</summary>
    public CancellationToken Timeout => _timeout.Token;

    /// <param name="validationTimeout">The <c>ByokAgent:Validation:Timeout</c> each validation request gets.</param>
    public static async Task<ValidationHost> StartAsync(TimeSpan? validationTimeout = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ByokAgent:Validation:Timeout"] = (validationTimeout ?? TimeSpan.FromSeconds(10)).ToString("c", CultureInfo.InvariantCulture),
        };
        return new(await FakeProvider.StartAsync(), TestRuntime.Create(settings));
    }

    /// <summary>Validates <paramref name="target"/>'s config on the fake (the model or deployment exists unless told otherwise).</summary>
    public Task<ModelValidationResult> ValidateAsync(ProviderTarget target, bool modelExists = true)
    {
        if (modelExists)
        {
            target.Arrange(Fake);
        }

        return ValidateAsync(target.ConfigFor(Fake));
    }

    public Task<ModelValidationResult> ValidateAsync(ModelConfig config) => Validator.ValidateAsync(config, cancellationToken: Timeout);

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Fake.DisposeAsync();
        _timeout.Dispose();
    }
}

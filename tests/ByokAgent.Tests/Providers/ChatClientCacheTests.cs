using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Providers;

/// <summary>One provider client per distinct config: sessions on the same config share it, any other field gets its own.</summary>
public sealed class ChatClientCacheTests
{
    [Fact]
    public async Task SameConfig_SharesOneClient_AnyDifferentField_GetsItsOwn()
    {
        await using var fake = await FakeProvider.StartAsync();
        await using var host = TestRuntime.Create();
        var factory = host.Services.GetRequiredService<IChatClientFactory>();
        var config = TestRuntime.ConfigFor(fake);

        var first = factory.Create(config);
        var again = factory.Create(config with { });
        var otherKey = factory.Create(config with { ApiKey = "sk-other-0123456789abcdef" });
        var otherModel = factory.Create(config with { Model = "gpt-other" });
        var otherHeader = factory.Create(config with { Headers = new Dictionary<string, string> { ["X-Title"] = "byok" } });

        again.Should().BeSameAs(first);
        new[] { otherKey, otherModel, otherHeader }.Should().OnlyContain(client => !ReferenceEquals(client, first));
        otherKey.Should().NotBeSameAs(otherModel);
    }

    [Fact]
    public async Task SessionsOnOneConfig_EachSendWithTheirOwnKey_AfterAKeyChange()
    {
        await using var fake = await FakeProvider.StartAsync();
        fake.Responder = _ => FakeReply.Text("hi");
        await using var host = TestRuntime.Create();
        var config = TestRuntime.ConfigFor(fake);

        await (await host.Runtime.CreateSessionAsync(config)).RunAsync("one");
        await (await host.Runtime.CreateSessionAsync(config with { ApiKey = "sk-rotated-0123456789abcdef" })).RunAsync("two");

        fake.Requests.Select(r => r.Headers["Authorization"]).Should().Equal($"Bearer {config.ApiKey}", "Bearer sk-rotated-0123456789abcdef");
    }
}

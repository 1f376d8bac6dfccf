using ByokAgent.Providers;
using ByokAgent.Sessions;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Security;

/// <summary>Paths by which a key could slip past redaction, each closed.</summary>
public sealed class KeyHygieneTests
{
    private const string Key = "sk-hygiene-7d1e4b9a2c6f3e8d5a0b";

    [Fact]
    public async Task KeyPastedWithSpaces_IsTrimmed_AndItsEchoIsStillRedacted()
    {
        await using var fake = await FakeProvider.StartAsync();
        fake.Enqueue(FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}."}}"""));
        await using var host = TestRuntime.Create();
        var config = TestRuntime.ConfigFor(fake) with { ApiKey = $"  {Key} \t" };

        var error = await (await host.Runtime.CreateSessionAsync(config)).Invoking(s => s.RunAsync("hi")).Should().ThrowAsync<ProviderException>();

        config.ApiKey.Should().Be(Key);
        fake.Requests.Single().Header("Authorization").Should().Be($"Bearer {Key}");
        error.Which.ToString().Should().NotContain(Key).And.Contain("[redacted]");
        host.Logs.AllText.Should().NotContain(Key);
    }

    [Fact]
    public void SecretExtraWithSpaces_BothFormsAreRedacted()
    {
        var config = new ModelConfig
        {
            Provider = "bedrock",
            Model = "m",
            Extras = new Dictionary<string, string> { ["region"] = "us-east-1", ["access_key_id"] = "AKIAEXAMPLE", ["secret_access_key"] = " wJalrXUtnFEMIEXAMPLE " },
        };

        config.Secrets().Should().Contain("wJalrXUtnFEMIEXAMPLE");
    }

    [Fact]
    public async Task ToolThatReturnsTheKey_NeitherTheModelNorTheStoreSeesIt()
    {
        await using var fake = await FakeProvider.StartAsync();
        fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("leaky_reveal", "{}", "call_l")), FakeReply.Text("done"));
        await using var host = TestRuntime.Create();
        var session = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(fake) with { ApiKey = Key }, [KernelPluginFactory.CreateFromObject(new LeakyPlugin(), "leaky")]);

        var result = await session.RunAsync("reveal");

        result.ToolCalls.Single().Result.Should().Be("the key is [redacted]");
        fake.Requests[1].Body.Should().NotContain(Key).And.Contain("[redacted]");
        var stored = await host.Services.GetRequiredService<ISessionStore>().LoadMessagesAsync(session.ProjectId, session.Id);
        stored.Should().OnlyContain(m => !m.Message.Payload.Contains(Key, StringComparison.Ordinal));
    }

    private sealed class LeakyPlugin
    {
        [KernelFunction("reveal")]
        public static string Reveal() => $"the key is {Key}";
    }
}

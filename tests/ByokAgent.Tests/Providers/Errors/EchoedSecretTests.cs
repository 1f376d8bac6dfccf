using System.Text;
using ByokAgent.Providers;
using ByokAgent.Security;
using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>
/// Some providers and proxies quote the key back in their error text ("Incorrect API key provided: sk-…"): whatever the
/// provider, the secret must not reach the user's line, the kept detail, or the exception's text.
/// </summary>
public sealed class EchoedSecretTests : IAsyncLifetime
{
    private ErrorReplayHost _host = null!;

    public static TheoryData<string> Providers => new(ProviderTargets.All.Select(target => target.Id));

    public async Task InitializeAsync() => _host = await ErrorReplayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Chat_401EchoingTheKey_IsAnInvalidKeyWithTheKeyScrubbed(string provider)
    {
        var target = ProviderTargets.Get(provider);
        var secrets = Secrets(target);
        _host.AnswerEverything(EchoingReply(target, 401, $"Incorrect API key provided: {string.Join(" / ", secrets)}."));

        var error = await _host.ChatFailureAsync(target);

        error.Failure.Should().Be(ProviderFailure.InvalidKey);
        error.ProviderMessage.Should().Contain(SecretRedactor.Mask);
        AssertNoSecret(secrets, error);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Chat_500EchoingTheKeyEncoded_HasNoFormOfTheKeyInTheUserLine(string provider)
    {
        var target = ProviderTargets.Get(provider);
        var secrets = Secrets(target);
        var encoded = secrets.Select(secret => $"{Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))} {Uri.EscapeDataString(secret)}");
        _host.AnswerEverything(EchoingReply(target, 500, $"upstream rejected credentials {string.Join(" ", encoded)}"));

        var error = await _host.ChatFailureAsync(target);

        error.Failure.Should().Be(ProviderFailure.ProviderError);
        error.Message.Should().StartWith($"{target.DisplayName} answered 500").And.Contain(SecretRedactor.Mask, "the provider's words are part of the line");
        AssertNoSecret(secrets, error);
        foreach (var secret in secrets)
        {
            error.ToString().Should().NotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))).And.NotContain(Uri.EscapeDataString(secret));
        }
    }

    private string[] Secrets(ProviderTarget target)
    {
        var secrets = target.ConfigFor(_host.Fake).Secrets().ToArray();
        secrets.Should().NotBeEmpty("every target carries a key or an AWS secret");
        return secrets;
    }

    private static void AssertNoSecret(IEnumerable<string> secrets, ProviderException error)
    {
        foreach (var secret in secrets)
        {
            error.Message.Should().NotContain(secret);
            (error.ProviderMessage ?? string.Empty).Should().NotContain(secret);
            error.ToString().Should().NotContain(secret, "the exception text (with its inner exceptions) ends up in logs");
        }
    }

    /// <summary>An error in the provider's own envelope whose message is <paramref name="message"/>.</summary>
    private static FakeReply EchoingReply(ProviderTarget target, int status, string message) => target.Id switch
    {
        "bedrock" => BedrockReplies.Error(status, status == 401 ? "UnrecognizedClientException" : "InternalServerException", message),
        "anthropic" => FakeReply.Error(status, $$$"""{"type":"error","error":{"type":"{{{(status == 401 ? "authentication_error" : "api_error")}}}","message":{{{Quoted(message)}}}},"request_id":"req_011CTestEcho"}"""),
        _ => FakeReply.Error(status, $$$"""{"error":{"message":{{{Quoted(message)}}},"type":"invalid_request_error","param":null,"code":null}}"""),
    };

    private static string Quoted(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}

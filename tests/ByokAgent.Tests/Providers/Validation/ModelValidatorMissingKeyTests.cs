using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Tests.Providers.Errors;

namespace ByokAgent.Tests.Providers.Validation;

/// <summary>
/// A config saved without a key: where the provider always needs one the validator says so without sending anything;
/// where a key is optional (local servers, Bedrock's AWS credentials) the provider's own answer decides.
/// </summary>
public sealed class ModelValidatorMissingKeyTests : IAsyncLifetime
{
    private ValidationHost _host = null!;

    public static TheoryData<string> ProvidersThatRequireAKey => new(KeyRequiringIds);

    private static IEnumerable<string> KeyRequiringIds =>
        ProviderTargets.All.Where(target => ProviderCatalog.Get(target.Id).RequiresApiKey).Select(target => target.Id);

    public async Task InitializeAsync() => _host = await ValidationHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void ProvidersThatRequireAKey_AreAllButLocalServersAndBedrock()
    {
        KeyRequiringIds.Should().HaveCount(10).And.NotContain(["openai-compatible", "bedrock"]);
    }

    [Theory]
    [MemberData(nameof(ProvidersThatRequireAKey))]
    public async Task ValidateAsync_NoKeyWhereOneIsRequired_IsAnInvalidKeyWithoutAnyRequest(string provider)
    {
        var target = ProviderTargets.Get(provider) with { Key = null };

        var result = await _host.ValidateAsync(target);

        (result.Failure, result.Message).Should().Be((ProviderFailure.InvalidKey, ProviderFailureMessages.InvalidKey));
        result.Detail.Should().Be($"No API key was given for {target.DisplayName}.");
        result.StatusCode.Should().BeNull();
        _host.Fake.Requests.Should().BeEmpty("a request without a key can only fail");
    }

    [Fact]
    public async Task ValidateAsync_BlankKey_CountsAsNoKey()
    {
        var target = ProviderTargets.Get("openai") with { Key = " \t " };

        var result = await _host.ValidateAsync(target);

        (result.Failure, result.Message).Should().Be((ProviderFailure.InvalidKey, ProviderFailureMessages.InvalidKey));
        _host.Fake.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("openai-compatible/invalid_key")]
    [InlineData("openai-compatible/missing_key")]
    public async Task ValidateAsync_LocalServerThatEnforcesAKey_NoKeyGiven_IsAnInvalidKey(string fixture)
    {
        var expected = ErrorFixtureCases.Get(fixture);
        _host.Fake.Intercept = request => request.Header("Authorization") is null ? ErrorFixtures.Reply(fixture) : null;

        var result = await _host.ValidateAsync(ProviderTargets.Get("openai-compatible") with { Key = null });

        (result.Failure, result.Message, result.Detail).Should().Be((ProviderFailure.InvalidKey, ProviderFailureMessages.InvalidKey, expected.Detail));
        result.StatusCode.Should().Be(401);
    }

    [Fact]
    public async Task ValidateAsync_BedrockWithoutAnyCredentials_IsAConfigErrorBeforeAnyRequest()
    {
        var target = ProviderTargets.Get("bedrock") with { Extras = new Dictionary<string, string> { ["region"] = "us-east-1" } };

        var validate = () => _host.ValidateAsync(target);

        (await validate.Should().ThrowAsync<ModelConfigException>()).Which.Field.Should().Be("api_key");
        _host.Fake.Requests.Should().BeEmpty();
    }
}

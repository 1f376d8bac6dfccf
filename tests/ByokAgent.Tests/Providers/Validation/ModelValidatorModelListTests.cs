using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Testing;
using ByokAgent.Tests.Providers.Errors;

namespace ByokAgent.Tests.Providers.Validation;

/// <summary>
/// Providers whose plan checks the model against a list (OpenRouter's public list, DeepSeek's, a local server's) decide an
/// unknown model from the list, without spending a generation; local servers get the benefit of the doubt from a chat.
/// </summary>
public sealed class ModelValidatorModelListTests : IAsyncLifetime
{
    private ValidationHost _host = null!;

    public async Task InitializeAsync() => _host = await ValidationHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("openrouter", "OpenRouter does not list the model 'openai/gpt-4o-mini'.")]
    [InlineData("deepseek", "DeepSeek does not list the model 'deepseek-chat'.")]
    public async Task ValidateAsync_ModelNotInTheProvidersList_IsAnInvalidModelWithoutAChat(string provider, string detail)
    {
        var result = await _host.ValidateAsync(ProviderTargets.Get(provider), modelExists: false);

        (result.Failure, result.Message, result.Detail).Should().Be((ProviderFailure.InvalidModel, ProviderFailureMessages.InvalidModel, detail));
        _host.Fake.Requests.Should().OnlyContain(request => request.Method == "GET", "the lists are free; a generation is not");
    }

    [Fact]
    public async Task ValidateAsync_OpenRouterModelWithATypo_SuggestsTheListedOne()
    {
        _host.Fake.Models.Add("openai/gpt-4o-mini");

        var result = await _host.ValidateAsync(ProviderTargets.Get("openrouter") with { Model = "openai/gpt-4o-minii" }, modelExists: false);

        result.Failure.Should().Be(ProviderFailure.InvalidModel);
        result.Detail.Should().Be("OpenRouter does not list the model 'openai/gpt-4o-minii'. Did you mean openai/gpt-4o-mini?");
    }

    [Fact]
    public async Task ValidateAsync_KeyIsCheckedBeforeTheModelList()
    {
        var badKey = ErrorFixtures.Reply("openrouter/invalid_key");
        _host.Fake.Intercept = request => request.Path.EndsWith("/key", StringComparison.Ordinal) ? badKey : null;

        var result = await _host.ValidateAsync(ProviderTargets.Get("openrouter"), modelExists: false);

        result.Failure.Should().Be(ProviderFailure.InvalidKey, "OpenRouter's model list is public, so only /key proves the key");
        _host.Fake.Requests.Should().ContainSingle().Which.Path.Should().Be("/api/v1/key");
    }

    [Fact]
    public async Task ValidateAsync_LocalServerAnswersForAnUnlistedModel_IsValidWithAWarning()
    {
        var target = ProviderTargets.Get("openai-compatible");

        var result = await _host.ValidateAsync(target, modelExists: false);

        result.IsValid.Should().BeTrue("several local servers answer to any model name");
        result.AllWarnings.Should().ContainSingle().Which.Should().Contain(target.Model);
        _host.Fake.Requests.Select(request => $"{request.Method} {request.Path}").Should().Equal("GET /v1/models", "POST /v1/chat/completions");
    }

    [Theory]
    [InlineData("openai-compatible/unknown_model")]
    [InlineData("openai-compatible/unknown_model_ollama")]
    [InlineData("openai-compatible/unknown_model_lmstudio")]
    public async Task ValidateAsync_LocalServerRefusesAnUnlistedModel_IsAnInvalidModelInTheServersWords(string fixture)
    {
        var expected = ErrorFixtureCases.Get(fixture);
        var chatRefusal = ErrorFixtures.Reply(fixture);
        _host.Fake.Intercept = request => request.Method == "POST" ? chatRefusal : null;

        var result = await _host.ValidateAsync(ProviderTargets.Get("openai-compatible"), modelExists: false);

        (result.Failure, result.Message, result.Detail).Should().Be((ProviderFailure.InvalidModel, ProviderFailureMessages.InvalidModel, expected.Detail));
    }

    [Fact]
    public async Task ValidateAsync_LocalServerWithoutAModelList_IsValidOnceAChatWorks()
    {
        var noList = FakeReply.Error(404, """{"detail":"Not Found"}""");
        _host.Fake.Intercept = request => request.Method == "GET" ? noList : null;

        var result = await _host.ValidateAsync(ProviderTargets.Get("openai-compatible"));

        result.IsValid.Should().BeTrue();
        result.AllWarnings.Should().ContainSingle().Which.Should().Contain("no model list");
    }
}

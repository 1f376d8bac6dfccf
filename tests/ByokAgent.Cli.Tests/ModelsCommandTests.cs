using ByokAgent.Providers.Errors;
using ByokAgent.Testing;

namespace ByokAgent.Cli.Tests;

/// <summary>
/// <c>byok models</c> as a user runs it: every provider's real-format failures are refused with the exact line and
/// nothing saved; a good key is saved and becomes the default.
/// </summary>
public sealed class ModelsCommandTests : IAsyncLifetime
{
    private const string Key = "sk-models-cli-5e2c8a1f9d3b7e4a6c0f";
    private const string Deployment = "chat-prod";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-cli-models-").FullName;
    private FakeProvider _fake = null!;

    public static TheoryData<string> Providers => new()
    {
        "openai", "anthropic", "gemini", "openrouter", "orcarouter", "qwen", "deepseek", "minimax", "zai", "azure-openai", "bedrock", "openai-compatible",
    };

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _fake.Models.Add("m-1");
        _fake.Models.Add(Deployment);
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Add_RealFailuresAreRefusedWithTheExactLine_AndAGoodKeyIsSavedAsTheDefault(string provider)
    {
        foreach (var (fixture, line) in new[]
        {
            ("invalid_key", ProviderFailureMessages.InvalidKey),
            ("unknown_model", ProviderFailureMessages.InvalidModel),
            ("quota_exhausted", ProviderFailureMessages.QuotaExceeded),
        })
        {
            var reply = FakeReply.FromFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "errors", provider, $"{fixture}.http"));
            _fake.Intercept = _ => reply;

            var refused = await RunAsync(AddArguments(provider));

            refused.ExitCode.Should().Be(2, $"{provider} {fixture}: {refused.StandardError}");
            refused.StandardError.Split('\n')[0].Should().Be(line, $"{provider} {fixture}");
            refused.StandardError.Should().Contain("Nothing was saved.");
            (refused.StandardOutput + refused.StandardError).Should().NotContain(Key);
        }

        _fake.Intercept = null;
        _fake.Responder = _ => FakeReply.Text("pong");
        var saved = await RunAsync(AddArguments(provider));
        saved.ExitCode.Should().Be(0, saved.StandardError);
        saved.StandardOutput.Should().Contain("(default)");

        var list = await RunAsync(["models", "list"]);
        var rows = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows.Should().HaveCount(2, "the header and the one config saved: the refused ones left nothing");
        rows[1].Should().Contain(provider).And.Contain(" yes ").And.EndWith("valid");
        list.StandardOutput.Should().NotContain(Key);
        AssertKeyNotInDataDirectory();
    }

    [Fact]
    public async Task Add_SkipValidation_SavesUncheckedAndSaysSoLoudly_WithoutAskingTheProvider()
    {
        var result = await RunAsync(["models", "add", "openai", "--api-key", Key, "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m-1", "--skip-validation"]);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardError.Should().Contain("NOT VALIDATED");
        _fake.Requests.Should().BeEmpty();
        (await RunAsync(["models", "list"])).StandardOutput.Should().Contain("unchecked");
    }

    [Fact]
    public async Task Validate_KeyRevokedAfterSaving_MarksTheConfigInvalid_UntilItValidatesAgain()
    {
        var added = await RunAsync(["models", "add", "openai", "--api-key", Key, "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m-1"], responder: true);
        added.ExitCode.Should().Be(0, added.StandardError);

        _fake.Intercept = _ => FakeReply.Error(401, """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""");
        var revoked = await RunAsync(["ask", "hello", "--no-stream"]);
        revoked.ExitCode.Should().Be(1);
        revoked.StandardError.Should().Contain($"error: {ProviderFailureMessages.InvalidKey}").And.Contain("OpenAI: Incorrect API key provided.");
        (await RunAsync(["models", "list"])).StandardOutput.Should().Contain($"INVALID: {ProviderFailureMessages.InvalidKey}");

        _fake.Intercept = null;
        var again = await RunAsync(["models", "validate"], responder: true);
        again.ExitCode.Should().Be(0, again.StandardError);
        (await RunAsync(["models", "list"])).StandardOutput.Should().NotContain("INVALID").And.Contain("valid");
    }

    [Fact]
    public async Task Ask_QuotaExhaustedDuringATurn_SaysExactlyThat_WithoutAStackTrace()
    {
        _fake.Enqueue(FakeReply.Error(429, """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}}"""));

        var result = await RunAsync(["ask", "hello", "--provider", "openai", "--api-key", Key, "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m-1"]);

        result.ExitCode.Should().Be(1);
        result.StandardError.Should().Contain($"error: {ProviderFailureMessages.QuotaExceeded}\n");
        result.StandardError.Should().NotContain("   at ").And.NotContain(Key);
    }

    [Fact]
    public async Task Add_OpenAICompatibleHostWithoutV1_Answering404_SuggestsTheFix()
    {
        // Ollama's native server answers a plain-text 404 on every OpenAI path not under /v1.
        var host = new Uri(_fake.BaseUri, "ollama").ToString();
        _fake.Intercept = _ => FakeReply.Error(404, "404 page not found", contentType: "text/plain");

        var result = await RunAsync(["models", "add", "openai-compatible", "--api-host", host, "--model", "llama3"]);

        result.ExitCode.Should().Be(1, result.StandardError);
        result.StandardError.Should().Contain("hint: OpenAI-compatible servers usually serve the API under /v1").And.Contain($"{host.TrimEnd('/')}/v1");
    }

    [Fact]
    public async Task Add_CheckTools_ModelAnswersWithoutCallingTheTool_WarnsButSaves()
    {
        _fake.Enqueue(FakeReply.Text("pong"), FakeReply.Text("I would rather not call tools."));

        var result = await RunAsync(["models", "add", "openai", "--api-key", Key, "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m-1", "--check-tools"]);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardError.Should().Contain("warning: The model answered without calling a tool when asked to");
        result.StandardOutput.Should().Contain("Saved ");
        var probe = _fake.Requests[^1];
        probe.Json!["tools"]!.AsArray().Should().ContainSingle();
        probe.Json!["tool_choice"]!.ToString().Should().Be("required");
    }

    [Fact]
    public async Task Add_CheckTools_ModelCallsTheTool_NoWarning()
    {
        _fake.Enqueue(FakeReply.Text("pong"), FakeReply.ToolCalls(new FakeToolCall("report_ready", "{}", "call_1")));

        var result = await RunAsync(["models", "add", "openai", "--api-key", Key, "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m-1", "--check-tools"]);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardError.Should().NotContain("warning");
    }

    [Fact]
    public async Task Providers_ListsTheCatalogWithDefaultHostsAndRequiredSettings()
    {
        var result = await RunAsync(["models", "providers"]);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Contain("https://api.openai.com/v1").And.Contain("deployment*").And.Contain("region*");
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(13);
    }

    [Fact]
    public async Task DefaultAndRemove_WorkOnStoredIds_AndAnUnknownIdIsAClearError()
    {
        await RunAsync(["models", "add", "openai", "--api-key", Key, "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m-1", "--skip-validation"]);
        var second = await RunAsync(["models", "add", "openai", "--api-key", Key, "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "gpt-test", "--skip-validation"]);
        var secondId = second.StandardOutput.Split(' ')[1].TrimEnd(':');

        (await RunAsync(["models", "default", secondId])).ExitCode.Should().Be(0);
        (await RunAsync(["models", "list"])).StandardOutput.Split('\n').Single(l => l.StartsWith(secondId, StringComparison.Ordinal)).Should().Contain(" yes ");

        (await RunAsync(["models", "remove", secondId])).ExitCode.Should().Be(0);
        var missing = await RunAsync(["models", "remove", secondId]);
        missing.ExitCode.Should().Be(2);
        missing.StandardError.Should().Contain($"No model config '{secondId}'");
    }

    private async Task<ByokResult> RunAsync(string[] arguments, bool responder = false)
    {
        if (responder)
        {
            _fake.Responder = _ => FakeReply.Text("pong");
        }

        return await ByokProcess.RunAsync(arguments, dataDirectory: _dataDirectory);
    }

    private string[] AddArguments(string provider)
    {
        string[] common = ["models", "add", provider, "--api-key", Key, "--model", "m-1"];
        return provider switch
        {
            "anthropic" => [.. common, "--api-host", _fake.BaseUri.ToString()],
            "azure-openai" => [.. common, "--api-host", _fake.BaseUri.ToString(), "--set", $"deployment={Deployment}"],
            "bedrock" => [.. common, "--api-host", _fake.BaseUri.ToString(), "--set", "region=us-east-1"],
            "gemini" => [.. common, "--api-host", new Uri(_fake.BaseUri, "v1beta/openai/").ToString()],
            "openrouter" => [.. common, "--api-host", new Uri(_fake.BaseUri, "api/v1").ToString()],
            "qwen" => [.. common, "--api-host", new Uri(_fake.BaseUri, "compatible-mode/v1").ToString()],
            "deepseek" => [.. common, "--api-host", _fake.BaseUri.ToString()],
            "zai" => [.. common, "--api-host", new Uri(_fake.BaseUri, "api/coding/paas/v4/").ToString()],
            _ => [.. common, "--api-host", _fake.OpenAIBaseUri.ToString()],
        };
    }

    private void AssertKeyNotInDataDirectory()
    {
        foreach (var file in Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            reader.ReadToEnd().Should().NotContain(Key, $"{file} must hold the key only encrypted");
        }
    }
}

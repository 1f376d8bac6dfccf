using ByokAgent.Providers.Errors;
using ByokAgent.Testing;

namespace ByokAgent.Cli.Tests;

public sealed class AskCommandTests : IAsyncLifetime
{
    private const string Key = "sk-cli-test-7c1e9a4b2d8f6e3a";
    private FakeProvider _fake = null!;

    public static TheoryData<string, string> OpenAIFamily => new()
    {
        { "openai", "v1/" },
        { "gemini", "v1beta/openai/" },
        { "openrouter", "api/v1" },
        { "orcarouter", "v1" },
        { "qwen", "compatible-mode/v1" },
        { "deepseek", "" },
        { "minimax", "v1" },
        { "zai", "api/coding/paas/v4/" },
        { "openai-compatible", "v1" },
    };

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [MemberData(nameof(OpenAIFamily))]
    public async Task Ask_EachOpenAIFamilyProvider_PrintsTheServersReply(string provider, string path)
    {
        _fake.Enqueue(FakeReply.Text($"Hello from {provider}."));

        var result = await ByokProcess.RunAsync(["ask", "Say hello", "--provider", provider, "--api-host", $"{_fake.BaseUri}{path}", "--model", "m-1", "--api-key", Key]);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Be($"Hello from {provider}.\n");
        var request = _fake.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be($"/{path.TrimEnd('/')}/chat/completions".Replace("//", "/", StringComparison.Ordinal));
        request.Header("Authorization").Should().Be($"Bearer {Key}");
        request.Json!["model"]!.GetValue<string>().Should().Be("m-1");
        request.Json!["stream"]!.GetValue<bool>().Should().BeTrue("byok ask streams by default");
    }

    [Fact]
    public async Task Ask_ConfigFromEnvironment_Works()
    {
        _fake.Enqueue(FakeReply.Text("from env"));

        var result = await ByokProcess.RunAsync(["ask", "hi"], new Dictionary<string, string>
        {
            ["BYOK_PROVIDER"] = "openai-compatible",
            ["BYOK_API_HOST"] = _fake.OpenAIBaseUri.ToString(),
            ["BYOK_MODEL"] = "local-model",
            ["BYOK_API_KEY"] = Key,
        });

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Be("from env\n");
        _fake.Requests.Single().Header("Authorization").Should().Be($"Bearer {Key}");
    }

    [Fact]
    public async Task Ask_DashReadsTheMessageFromStandardInput_AndNoStreamWorks()
    {
        _fake.Enqueue(FakeReply.Text("piped"));

        var result = await ByokProcess.RunAsync(
            ["ask", "-", "--no-stream", "--provider", "openai-compatible", "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m"],
            standardInput: "question from a pipe");

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Be("piped\n");
        var request = _fake.Requests.Single();
        request.Json!["messages"]!.AsArray()[^1]!["content"]!.ToString().Should().Be("question from a pipe");
        request.Header("Authorization").Should().BeNull("a keyless local server gets no credentials");
        request.Json!["stream"]?.GetValue<bool>().Should().NotBe(true);
    }

    [Fact]
    public async Task Ask_ProviderRejectsTheKey_PrintsTheInvalidKeyLineThenTheProvidersWordsWithoutTheKeyAndFails()
    {
        _fake.Enqueue(FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}.","type":"invalid_request_error","code":"invalid_api_key"}}"""));

        var result = await ByokProcess.RunAsync(["ask", "hi", "--provider", "openai", "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "gpt", "--api-key", Key]);

        result.ExitCode.Should().Be(1);
        result.StandardOutput.Should().BeEmpty();
        result.SessionId.Should().StartWith("ses_");
        result.ErrorLines.Should().Equal(
            $"error: {ProviderFailureMessages.InvalidKey}",
            "  OpenAI: Incorrect API key provided: [redacted].");
        result.AllOutput.Should().NotContain(Key);
    }

    [Theory]
    [InlineData(new[] { "ask", "hi" }, "No model configured")]
    [InlineData(new[] { "ask", "hi", "--provider", "nope", "--model", "m" }, "Unknown provider 'nope'")]
    [InlineData(new[] { "ask", "hi", "--provider", "openai", "--model", "m" }, "Missing api_key for OpenAI")]
    [InlineData(new[] { "ask", "hi", "--provider", "openai", "--model", "m", "--api-key", "k", "--api-host", "ftp://x" }, "Malformed api_host")]
    [InlineData(new[] { "ask", "hi", "--provider", "openai", "--model", "m", "--api-key", "k", "--set", "oops" }, "--set expects name=value")]
    [InlineData(new[] { "ask", "  ", "--provider", "openai", "--model", "m", "--api-key", "k" }, "The message is empty")]
    [InlineData(new[] { "ask", "hi", "--provider", "openai", "--model", "m", "--api-key", "k", "--project", "nowhere" }, "No project 'nowhere'")]
    [InlineData(new[] { "ask", "hi", "--provider", "openai", "--model", "m", "--api-key", "k", "--session", "ses_missing" }, "No session ses_missing")]
    public async Task Ask_BadInput_PrintsOneClearLineAndExitsWithTwo(string[] arguments, string expected)
    {
        var result = await ByokProcess.RunAsync(arguments);

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: ").And.Contain(expected);
        _fake.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Ask_MistypedSecretSetting_DoesNotEchoTheSecret()
    {
        const string secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";

        var result = await ByokProcess.RunAsync(["ask", "hi", "--provider", "bedrock", "--model", "m", "--set", "region=us-east-1", "--set", $"secret_access_key:{secret}"]);

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--set expects name=value");
        result.AllOutput.Should().NotContain(secret);
    }

    [Fact]
    public async Task Ask_UnreadableSetting_IsOneLineAboutSettings()
    {
        var result = await ByokProcess.RunAsync(
            ["ask", "hi", "--provider", "openai-compatible", "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m"],
            new Dictionary<string, string> { ["ByokAgent__Providers__RequestTimeout"] = "soon" });

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: Invalid settings: Failed to convert configuration value");
    }

    [Fact]
    public async Task Ask_DataDirectoryIsAFile_IsOneLineAboutTheDataDirectory()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = await ByokProcess.RunAsync(
                ["ask", "hi", "--provider", "openai-compatible", "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m"],
                dataDirectory: file);

            result.ExitCode.Should().Be(1);
            result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: Cannot use the data directory");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Ask_UnreachableHost_SaysSoAndFails()
    {
        var port = ClosedPort();

        var result = await ByokProcess.RunAsync(["ask", "hi", "--provider", "openai", "--model", "m", "--api-key", Key, "--api-host", $"http://127.0.0.1:{port}/v1"]);

        result.ExitCode.Should().Be(1);
        result.ErrorLines.Should().Equal($"error: Could not reach OpenAI at http://127.0.0.1:{port}: connection refused.");
    }

    // A port that was just free and is now closed: connecting to it is refused.
    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using ByokAgent.Testing;

namespace ByokAgent.Cli.Tests;

/// <summary>A conversation stored by one byok process and continued by the next.</summary>
public sealed class SessionContinuationTests : IAsyncLifetime
{
    private const string Key = "sk-continue-5b2e8d1f9a7c3e6b";
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-cli-continue-").FullName;
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Ask_WithTheReportedSession_ContinuesTheStoredConversation()
    {
        _fake.Enqueue(FakeReply.Text("Nice to meet you, Ada."), FakeReply.Text("Your name is Ada."));

        var first = await AskAsync("My name is Ada.");
        first.ExitCode.Should().Be(0, first.StandardError);
        var sessionId = first.SessionId;
        sessionId.Should().StartWith("ses_");

        var second = await AskAsync("What is my name?", "--session", sessionId!);

        second.ExitCode.Should().Be(0, second.StandardError);
        second.SessionId.Should().Be(sessionId);
        second.StandardOutput.Should().Be("Your name is Ada.\n");
        var messages = _fake.Requests[1].Json!["messages"]!.AsArray().Select(m => $"{m!["role"]}: {m["content"]}").ToList();
        messages.Skip(1).Should().Equal("user: My name is Ada.", "assistant: Nice to meet you, Ada.", "user: What is my name?");
    }

    [Fact]
    public async Task Ask_FailedTurn_LeavesTheStoredConversationAsItWas()
    {
        _fake.Enqueue(FakeReply.Text("First."), FakeReply.Error(500, """{"error":{"message":"boom"}}"""), FakeReply.Text("Third."));

        var first = await AskAsync("one");
        var failed = await AskAsync("two", "--session", first.SessionId!);
        var third = await AskAsync("three", "--session", first.SessionId!);

        failed.ExitCode.Should().Be(1);
        third.ExitCode.Should().Be(0, third.StandardError);
        var roles = _fake.Requests[2].Json!["messages"]!.AsArray().Select(m => $"{m!["role"]}: {m["content"]}").Skip(1);
        roles.Should().Equal("user: one", "assistant: First.", "user: three");
    }

    [Fact]
    public async Task Ask_AfterARun_TheKeyIsNowhereInTheDataDirectory()
    {
        _fake.Enqueue(FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}"}}"""), FakeReply.Text("ok"));

        await AskAsync("first");
        await AskAsync("second");

        foreach (var file in Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            text.Should().NotContain(Key, file);
            text.Should().NotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Key)), file);
        }
    }

    private Task<ByokResult> AskAsync(string message, params string[] extra) =>
        ByokProcess.RunAsync(
            ["ask", message, "--provider", "openai", "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "gpt-test", "--api-key", Key, .. extra],
            dataDirectory: _dataDirectory);
}

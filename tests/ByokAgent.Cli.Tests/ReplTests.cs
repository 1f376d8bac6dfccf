using ByokAgent.Providers.Errors;
using ByokAgent.Testing;

namespace ByokAgent.Cli.Tests;

/// <summary><c>byok</c> with no command: the REPL, driven through redirected stdin as a script would drive it.</summary>
public sealed class ReplTests : IAsyncLifetime
{
    private const string Key = "sk-repl-4f7a2c9e1b8d3f6a0c5e";
    private const string BadKey = "sk-repl-bad-9d1e5a3c7b2f8e4a";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-cli-repl-").FullName;
    private FakeProvider _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _fake.Models.Add("m-1");
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task FirstRun_RejectedKeyThenGoodKey_ShowsTheExactLine_SavesTheDefault_AndChats()
    {
        _fake.Intercept = request => request.Header("Authorization")?.Contains(BadKey, StringComparison.Ordinal) == true
            ? FakeReply.Error(401, """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""")
            : null;
        _fake.Responder = _ => FakeReply.Text("pong");
        await using var repl = ReplProcess.Start(_dataDirectory);

        foreach (var answer in new[] { "openai", BadKey, _fake.OpenAIBaseUri.ToString(), "m-1" })
        {
            await repl.WriteLineAsync(answer);
        }

        await repl.WaitForAsync("Nothing was saved.");
        // The retry offers the earlier answers (all but the key) as defaults.
        foreach (var answer in new[] { string.Empty, Key, string.Empty, string.Empty })
        {
            await repl.WriteLineAsync(answer);
        }

        await repl.WaitForAsync("(default)");
        _fake.Enqueue(FakeReply.Text("Hello from the agent."));
        await repl.WriteLineAsync("hello");
        await repl.WaitForAsync("Hello from the agent.");
        var result = await repl.EndAsync();

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardError.Should().Contain(ProviderFailureMessages.InvalidKey + "\n").And.Contain("OpenAI: Incorrect API key provided.");
        result.StandardOutput.Should().Contain("Saved ").And.Contain("OpenAI m-1 (default)");
        result.AllOutput.Should().NotContain(Key).And.NotContain(BadKey);
        var list = await ByokProcess.RunAsync(["models", "list"], dataDirectory: _dataDirectory);
        list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2).And.Subject.Last().Should().EndWith("valid");
        foreach (var file in Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories))
        {
            (await File.ReadAllTextAsync(file)).Should().NotContain(Key, file).And.NotContain(BadKey, file);
        }

        (await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "repl", "history"))).Should().Be("hello\n", "setup answers are never recorded");
    }

    [Fact]
    public async Task Chat_StreamsTheReply_ShowsToolLines_AndJoinsMultiLineInput()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("clock_now", "{}", "call_1")),
            FakeReply.Text("It is **now**."),
            FakeReply.Text("Two lines received."));

        var result = await RunReplAsync("What time is it?\nline one \\\nline two\n\"\"\"\nblock one\nblock two\n\"\"\"\n");

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Contain("It is **now**.\n", "piped output is the model's text unchanged").And.Contain("Two lines received.\n");
        result.StandardError.Should().Contain("[tool] clock_now {}").And.MatchRegex(@"\[tool\] clock_now done in \d+ ms");
        result.StandardOutput.Should().NotContain("\u001b[", "no colours when redirected");
        UserMessage(_fake.Requests[2]).Should().Be("line one \nline two");
        UserMessage(_fake.Requests[3]).Should().Be("block one\nblock two");
        _fake.Requests.Should().HaveCount(4);
    }

    [Fact]
    public async Task Resume_AfterARestart_ContinuesTheLastConversation()
    {
        _fake.Enqueue(FakeReply.Text("Nice to meet you, Ada."), FakeReply.Text("Your name is Ada."));
        var first = await RunReplAsync("My name is Ada.\n");
        first.ExitCode.Should().Be(0, first.StandardError);

        var second = await RunReplAsync("/history\nWhat is my name?\n/usage\n", "--resume");

        second.ExitCode.Should().Be(0, second.StandardError);
        second.StandardError.Should().Contain("(resumed");
        second.StandardOutput.Should().Contain("you: My name is Ada.\nagent: Nice to meet you, Ada.\n").And.Contain("Your name is Ada.");
        second.StandardOutput.Should().MatchRegex(@"\d+ tokens \(\d+ in, \d+ out\) over 2 turns");
        var messages = _fake.Requests[1].Json!["messages"]!.AsArray().Select(m => $"{m!["role"]}: {m["content"]}").Skip(1);
        messages.Should().Equal("user: My name is Ada.", "assistant: Nice to meet you, Ada.", "user: What is my name?");
    }

    [Fact]
    public async Task Resume_WithNothingToResume_StartsANewConversation_AndAnUnknownIdIsAClearError()
    {
        _fake.Enqueue(FakeReply.Text("Fresh start."));

        var result = await RunReplAsync("/resume ses_missing\nhello\n/sessions\n", "--resume");

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardError.Should().Contain("No earlier conversation in project default: starting a new one.")
            .And.Contain("error: No session 'ses_missing' in project default (see /sessions).");
        result.StandardOutput.Should().Contain("Fresh start.").And.MatchRegex(@"\* ses_\S+ .* 2 msgs  hello");
    }

    [Fact]
    public async Task SlashCommands_UnknownOneGetsASuggestion_SessionsAndNewWork_AndExitStopsReading()
    {
        _fake.Enqueue(FakeReply.Text("First answer."));

        var result = await RunReplAsync("/sesions\n/help sk-proj-0123456789abcdef\nfirst\n/new\n/history\n/sessions\n/exit\nnever sent\n");

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardError.Should().Contain("Unknown command /sesions. Did you mean /sessions?");
        result.StandardOutput.Should().Contain("/models default <id>").And.Contain("The conversation is empty.").And.MatchRegex(@"ses_\S+ .* 2 msgs  first");
        _fake.Requests.Should().ContainSingle("/exit ends the REPL before the next line");
        (await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "repl", "history"))).Should().Contain("/sesions\n").And.NotContain("never sent").And.NotContain("sk-proj", "a line that looks like a key is not recorded");
    }

    [Fact]
    public async Task CtrlC_DuringATurn_CancelsOnlyThatTurn_AndTheNextLineIsAnswered()
    {
        _fake.Enqueue(FakeReply.Text("too slow").WithLatency(TimeSpan.FromSeconds(10)), FakeReply.Text("Second answer."));
        await using var repl = ReplProcess.Start(_dataDirectory, ModelEnvironment());

        await repl.WriteLineAsync("first");
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _fake.WaitForRequestsAsync(1, wait.Token);
        }

        await repl.InterruptAsync();
        await repl.WaitForAsync("cancelled");
        await repl.WriteLineAsync("second");
        await repl.WaitForAsync("Second answer.");
        var result = await repl.EndAsync();

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().NotContain("too slow");
        result.StandardError.Should().Contain("cancelled: the turn was stopped");
        var messages = _fake.Requests[1].Json!["messages"]!.AsArray().Select(m => $"{m!["role"]}: {m["content"]}").Skip(1);
        messages.Should().Equal(["user: second"], "the cancelled turn left the history as it was");
    }

    [Fact]
    public async Task CtrlC_TwiceAtThePrompt_Exits()
    {
        await using var repl = ReplProcess.Start(_dataDirectory, ModelEnvironment());
        await repl.WriteLineAsync("/help");
        await repl.WaitForAsync("/usage");

        await repl.InterruptAsync();
        await repl.WaitForAsync("(Ctrl+C again to exit, or type /exit)");
        await repl.InterruptAsync();
        var result = await repl.WaitForExitAsync();

        result.ExitCode.Should().Be(0, result.StandardError);
        _fake.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ModelsFilesAndProjectCommands_WorkInsideTheRepl()
    {
        var added = await ByokProcess.RunAsync(["models", "add", "openai", "--api-key", Key, "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m-1", "--skip-validation"], dataDirectory: _dataDirectory);
        var id = added.StandardOutput.Split(' ')[1].TrimEnd(':');
        _fake.Responder = _ => FakeReply.Text("pong");

        var result = await ByokProcess.RunAsync([], standardInput: $"/models\n/models validate\n/models\n/models default nope\n/files\n/project\n/project nope\n/models remove {id}\n/models\n", dataDirectory: _dataDirectory);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Contain($"* {id}  openai m-1  key  unchecked").And.Contain($"* {id}  openai m-1  key  valid");
        result.StandardOutput.Should().Contain("OpenAI accepted the key and the model m-1.");
        result.StandardError.Should().Contain("error: No model config 'nope'").And.Contain("error: No project 'nope'.");
        result.StandardOutput.Should().Contain("Project default has no files yet.").And.Contain("Project default (");
        result.StandardOutput.Should().Contain($"Removed openai m-1 ({id})").And.Contain("No model configs in project default.");
    }

    private static string UserMessage(RecordedRequest request) =>
        request.Json!["messages"]!.AsArray().Last(m => m!["role"]!.ToString() == "user")!["content"]!.ToString();

    private Dictionary<string, string> ModelEnvironment() => new()
    {
        ["ByokAgent__DefaultModel__Provider"] = "openai",
        ["ByokAgent__DefaultModel__ApiKey"] = Key,
        ["ByokAgent__DefaultModel__ApiHost"] = _fake.OpenAIBaseUri.ToString(),
        ["ByokAgent__DefaultModel__Model"] = "m-1",
    };

    private Task<ByokResult> RunReplAsync(string input, params string[] arguments) =>
        ByokProcess.RunAsync(arguments, ModelEnvironment(), input, dataDirectory: _dataDirectory);
}

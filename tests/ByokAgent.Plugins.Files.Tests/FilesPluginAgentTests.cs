using ByokAgent.Agents;
using ByokAgent.Files;
using ByokAgent.Plugins.Files.Tests.TestSupport;
using ByokAgent.Projects;
using ByokAgent.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByokAgent.Plugins.Files.Tests;

/// <summary>The file tools in real agent turns: the real runtime, the real store, FakeProvider over HTTP.</summary>
public sealed class FilesPluginAgentTests : IAsyncLifetime
{
    private static readonly string[] FileTools =
    [
        "files_list_files", "files_read_file", "files_write_file", "files_append_file",
        "files_delete_file", "files_move_file", "files_search_files", "files_file_info",
    ];

    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task ScriptedTurn_WritesAppendsListsAndReadsBack_ThenAnswersWithTheContent()
    {
        await using var host = FilesTestRuntime.Create();
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("files_write_file", """{"path":"notes/todo.md","content":"# Todo\n- buy milk\n"}""", "call_write")),
            FakeReply.ToolCalls(new FakeToolCall("files_append_file", """{"path":"notes/todo.md","text":"- call mom\n"}""", "call_append")),
            FakeReply.ToolCalls(new FakeToolCall("files_list_files", """{"path":"notes"}""", "call_list")),
            FakeReply.ToolCalls(new FakeToolCall("files_read_file", """{"path":"notes/todo.md"}""", "call_read")),
            FakeReply.Text("Your list says:\n# Todo\n- buy milk\n- call mom\n"));
        await using var session = await host.Runtime.CreateSessionAsync(FilesTestRuntime.ConfigFor(_fake));

        var result = await session.RunAsync("Start a todo list with milk, add mom, and read it back.");

        result.ToolCalls.Select(c => (c.Name, c.IsError)).Should().Equal(
            ("files_write_file", false), ("files_append_file", false), ("files_list_files", false), ("files_read_file", false));
        result.ToolCalls[2].Result.Should().Contain("notes/todo.md  (text/markdown, 29 B");
        result.ToolCalls[3].Result.Should().Be("# Todo\n- buy milk\n- call mom\n");
        result.Text.Should().Contain("- buy milk\n- call mom");
        File.ReadAllText(host.FileOnDisk(session.ProjectId, "notes/todo.md")).Should().Be("# Todo\n- buy milk\n- call mom\n");

        var toolMessages = _fake.Requests[4].Json!["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "tool").ToList();
        toolMessages.Should().HaveCount(4);
        toolMessages[3]!["content"]!.ToString().Should().Contain("- call mom", "the model is sent what the file holds");
    }

    [Fact]
    public async Task ScriptedTraversal_IsRefusedToTheModel_AndNothingOnDiskChanges()
    {
        await using var host = FilesTestRuntime.Create();
        _fake.Enqueue(
            FakeReply.ToolCalls(
                new FakeToolCall("files_write_file", """{"path":"../../../byok.db","content":"pwned"}"""),
                new FakeToolCall("files_read_file", """{"path":"%2e%2e/%2e%2e/%2e%2e/byok.db"}"""),
                new FakeToolCall("files_delete_file", """{"path":"..\\..\\.."}"""),
                new FakeToolCall("files_list_files", """{"path":"/"}""")),
            FakeReply.Text("I cannot reach those."));
        await using var session = await host.Runtime.CreateSessionAsync(FilesTestRuntime.ConfigFor(_fake));
        var before = SnapshotWithoutDatabase(host.DataDirectory);

        var result = await session.RunAsync("Read the database.");

        result.ToolCalls.Should().HaveCount(4).And.OnlyContain(c => c.Result.StartsWith("The path ", StringComparison.Ordinal) && c.Result.Contains("is refused", StringComparison.Ordinal));
        SnapshotWithoutDatabase(host.DataDirectory).Should().Equal(before, "not even the project's files folder is created by a refused call");
    }

    [Fact]
    public async Task EverySession_GetsTheFileTools_ScopedToItsProject()
    {
        await using var host = FilesTestRuntime.Create();
        var reports = (await host.Services.GetRequiredService<IProjectStore>().CreateAsync("reports")).Project;
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("files_write_file", """{"path":"summary.md","content":"reports only"}""")),
            FakeReply.Text("Saved."),
            FakeReply.ToolCalls(new FakeToolCall("files_list_files", "{}")),
            FakeReply.Text("Nothing here."));

        await using var inReports = await host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = reports.Id, ModelConfig = FilesTestRuntime.ConfigFor(_fake) });
        await inReports.RunAsync("Save a summary.");
        await using var inDefault = await host.Runtime.CreateSessionAsync(FilesTestRuntime.ConfigFor(_fake));
        var listed = await inDefault.RunAsync("What files are there?");

        inReports.Tools.Should().Contain(FileTools);
        _fake.Requests[0].Json!["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).Should().Contain(FileTools);
        File.ReadAllText(host.FileOnDisk(reports.Id, "summary.md")).Should().Be("reports only");
        listed.ToolCalls.Single().Result.Should().Be("The project has no files yet.");
        (await host.Services.GetRequiredService<IFileStore>().StatAsync(reports.Id, "summary.md")).Should().NotBeNull();
    }

    [Fact]
    public async Task Settings_TurnTheToolsOff_PerDeployment()
    {
        await using var host = FilesTestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Plugins:Disabled:0"] = "files" });

        await using var session = await host.Runtime.CreateSessionAsync(FilesTestRuntime.ConfigFor(_fake));

        session.Tools.Should().NotContain(FileTools);
    }

    [Fact]
    public async Task Settings_TurnTheToolsOff_PerProject()
    {
        await using var host = FilesTestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Plugins:Projects:reports:Disabled:0"] = "files" });
        var reports = (await host.Services.GetRequiredService<IProjectStore>().CreateAsync("reports")).Project;

        await using var inReports = await host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = reports.Id, ModelConfig = FilesTestRuntime.ConfigFor(_fake) });
        await using var inDefault = await host.Runtime.CreateSessionAsync(FilesTestRuntime.ConfigFor(_fake));

        inReports.Tools.Should().NotContain(FileTools);
        inDefault.Tools.Should().Contain(FileTools);
    }

    [Fact]
    public async Task AddFilesPlugin_Twice_RegistersItOnce_AndTheStoreIsASingleton()
    {
        await using var host = FilesTestRuntime.Create();
        var builder = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddByokAgent(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
            .AddFilesPlugin()
            .AddFilesPlugin();

        builder.Services.Count(s => s.ImplementationInstance is Agents.Plugins.AgentPluginRegistration { Name: FilesPluginRegistration.Name }).Should().Be(1);
        host.Services.GetRequiredService<IFileStore>().Should().BeOfType<LocalFileStore>().And.BeSameAs(host.Services.GetRequiredService<IFileStore>());
    }

    [Fact]
    public async Task FileSettings_AreBoundAndValidated()
    {
        await using var host = FilesTestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Files:MaxFileBytes"] = "2048", ["ByokAgent:Files:MaxReadChars"] = "500" });
        await using var invalid = FilesTestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Files:MaxProjectBytes"] = "0" });

        host.Services.GetRequiredService<IOptions<FileStoreOptions>>().Value.Should().BeEquivalentTo(new { MaxFileBytes = 2048L, MaxReadChars = 500, MaxListEntries = 500 });
        FluentActions.Invoking(() => invalid.Services.GetRequiredService<IOptions<FileStoreOptions>>().Value)
            .Should().Throw<OptionsValidationException>().WithMessage("*MaxProjectBytes*");
    }

    // The session store writes each turn to the SQLite files; everything else in the data directory must stay as it was.
    private static Dictionary<string, string> SnapshotWithoutDatabase(string dataDirectory) =>
        DirectorySnapshot.Take(dataDirectory)
            .Where(entry => !entry.Key.StartsWith("byok.db", StringComparison.Ordinal))
            .ToDictionary();
}

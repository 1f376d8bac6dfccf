using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Sessions;
using ByokAgent.Testing;
using ByokAgent.Testing.Faults;
using ByokAgent.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Xunit.Abstractions;

namespace ByokAgent.Tests.Agents.Faults;

/// <summary>
/// Issue 11 §3 at the library face: every fault of a provider, a tool or the store ends the turn with one classified
/// failure, leaves the session's history and the store exactly as before, and the next turn on the session works.
/// </summary>
public sealed class TurnFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Far above what any fault may take under the short settings: a turn that runs into it has hung.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly FaultyTools _tools = new();
    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;
    private CommitFailingSessionStore _store = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _host = TestRuntime.Create(new Dictionary<string, string?>(ProviderFault.Settings), builder => CommitFailingSessionStore.Decorate(builder.Services));
        _store = (CommitFailingSessionStore)_host.Services.GetRequiredService<ISessionStore>();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    public static TheoryData<string> ProviderFaults => ProviderFault.Names;

    [Theory]
    [MemberData(nameof(ProviderFaults))]
    public async Task RunAsync_ProviderFault_ThrowsOneClassifiedFailure_ChangesNothing_AndTheNextTurnWorks(string name)
    {
        var fault = ProviderFault.Named(name);
        var session = await SessionWithOneTurnAsync();
        var before = await SnapshotAsync(session);
        var requestsBefore = _fake.Requests.Count;
        _fake.Intercept = _ => fault.Reply(false);

        var error = (await session.Invoking(s => s.RunAsync("second question").WaitAsync(Patience)).Should().ThrowAsync<ProviderException>()).Which;

        _fake.Intercept = null;
        output.WriteLine($"{name}: {error.Failure} {error.StatusCode} after {_fake.Requests.Count - requestsBefore} request(s): {error.Message}");
        error.Failure.Should().Be(fault.Failure);
        error.Message.Should().NotContain("   at ").And.NotContain(".cs:line").And.NotContain(TestRuntime.ApiKey);
        (await SnapshotAsync(session)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        await NextTurnWorksAsync(session, before);
    }

    [Theory]
    [MemberData(nameof(ProviderFaults))]
    public async Task RunStreamingAsync_ProviderFault_EndsWithOneErrorEvent_ChangesNothing_AndTheNextTurnWorks(string name)
    {
        var fault = ProviderFault.Named(name);
        var session = await SessionWithOneTurnAsync();
        var before = await SnapshotAsync(session);
        var requestsBefore = _fake.Requests.Count;
        _fake.Intercept = _ => fault.Reply(true);

        var events = await CollectAsync(session.RunStreamingAsync("second question")).WaitAsync(Patience);

        _fake.Intercept = null;
        output.WriteLine($"{name}: {string.Join(',', events.Select(e => e.Type))} after {_fake.Requests.Count - requestsBefore} request(s): {(events[^1] as AgentErrorEvent)?.Message}");
        var error = ShouldEndWithOneError(events, fault.Failure == ProviderFailure.Unreachable ? AgentErrorCodes.ProviderUnreachable : AgentErrorCodes.ProviderError);
        error.Exception.Should().BeOfType<ProviderException>().Which.Failure.Should().Be(fault.Failure);
        (await SnapshotAsync(session)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        await NextTurnWorksAsync(session, before);
    }

    [Fact]
    public async Task RunAsync_ToolThrows_TheModelSeesAShortErrorAndTheTurnCompletes()
    {
        var session = await SessionWithOneTurnAsync();
        var before = await SnapshotAsync(session);
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("faulty_explode", "{}", "call_x")), FakeReply.Text("The tool failed, sorry."));

        var result = await session.RunAsync("use the tool").WaitAsync(Patience);

        result.Text.Should().Be("The tool failed, sorry.");
        var call = result.ToolCalls.Should().ContainSingle().Subject;
        call.IsError.Should().BeTrue();
        call.Result.Should().Be("Error: faulty_explode failed: tool exploded", "one line, no stack trace");
        (await SnapshotAsync(session)).Should().HaveCount(before.Count + 4, "user, tool call, tool result and reply are one stored turn");
        await NextTurnWorksAsync(session, await SnapshotAsync(session));
    }

    [Fact]
    public async Task RunStreamingAsync_ToolThrows_ReportsAFailedToolCallThenDone()
    {
        var session = await SessionWithOneTurnAsync();
        var before = await SnapshotAsync(session);
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("faulty_explode", "{}", "call_x")), FakeReply.Text("The tool failed, sorry."));

        var events = await CollectAsync(session.RunStreamingAsync("use the tool")).WaitAsync(Patience);

        events.OfType<AgentToolEndEvent>().Should().ContainSingle().Which.Call.IsError.Should().BeTrue();
        events.OfType<AgentErrorEvent>().Should().BeEmpty();
        events[^1].Should().BeOfType<AgentDoneEvent>();
        (await SnapshotAsync(session)).Should().HaveCount(before.Count + 4);
    }

    // There is no per-tool timeout (AgentOptions has none): a tool that never returns holds the turn until the caller
    // cancels it. Cancelling is clean: nothing is stored, and the session takes the next turn.
    [Fact]
    public async Task RunAsync_ToolHangs_CancellingTheTurnChangesNothing_AndTheNextTurnWorks()
    {
        var session = await SessionWithOneTurnAsync();
        var before = await SnapshotAsync(session);
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("faulty_hang", "{}", "call_h")));
        using var cancel = new CancellationTokenSource();

        var turn = session.RunAsync("use the slow tool", cancel.Token);
        await _tools.HangStarted.WaitAsync(Patience);
        await cancel.CancelAsync();

        await turn.Invoking(t => t.WaitAsync(Patience)).Should().ThrowAsync<OperationCanceledException>();
        (await SnapshotAsync(session)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        await NextTurnWorksAsync(session, before);
    }

    [Fact]
    public async Task RunStreamingAsync_ToolHangs_CancellingTheTurnChangesNothing_AndTheNextTurnWorks()
    {
        var session = await SessionWithOneTurnAsync();
        var before = await SnapshotAsync(session);
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("faulty_hang", "{}", "call_h")));
        using var cancel = new CancellationTokenSource();
        var events = new List<AgentEvent>();

        var turn = CollectIntoAsync(session.RunStreamingAsync("use the slow tool", cancel.Token), events);
        await _tools.HangStarted.WaitAsync(Patience);
        await cancel.CancelAsync();

        await turn.Invoking(t => t.WaitAsync(Patience)).Should().ThrowAsync<OperationCanceledException>();
        output.WriteLine(string.Join(", ", events.Select(e => e is AgentToolEndEvent end ? $"tool_end({end.Call.IsError}: {end.Call.Result})" : e.Type)));
        events[0].Should().BeOfType<AgentToolStartEvent>();
        events.Should().NotContain(e => e is AgentDoneEvent || e is AgentErrorEvent, "a cancelled turn ends with the cancellation, not an event");
        (await SnapshotAsync(session)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        await NextTurnWorksAsync(session, before);
    }

    [Fact]
    public async Task RunAsync_StoreFailsAtCommit_ThrowsTheStoreError_ChangesNothing_AndTheNextTurnWorks()
    {
        var session = await SessionWithOneTurnAsync();
        var before = await SnapshotAsync(session);
        _fake.Enqueue(FakeReply.Text("an answer the store refuses"));
        _store.Failing = true;

        await session.Invoking(s => s.RunAsync("second question").WaitAsync(Patience)).Should().ThrowAsync<SqliteException>();

        _store.Failing = false;
        (await SnapshotAsync(session)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        await NextTurnWorksAsync(session, before);
    }

    [Fact]
    public async Task RunStreamingAsync_StoreFailsAtCommit_EndsWithOneInternalErrorEvent_ChangesNothing_AndTheNextTurnWorks()
    {
        var session = await SessionWithOneTurnAsync();
        var before = await SnapshotAsync(session);
        _fake.Enqueue(FakeReply.Text("an answer the store refuses"));
        _store.Failing = true;

        var events = await CollectAsync(session.RunStreamingAsync("second question")).WaitAsync(Patience);

        _store.Failing = false;
        var error = ShouldEndWithOneError(events, AgentErrorCodes.InternalError);
        error.Message.Should().Be("The turn failed unexpectedly (SqliteException).", "no store details reach the caller");
        (await SnapshotAsync(session)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        await NextTurnWorksAsync(session, before);
    }

    private static AgentErrorEvent ShouldEndWithOneError(List<AgentEvent> events, string code)
    {
        events.OfType<AgentErrorEvent>().Should().ContainSingle("a failed turn reports exactly one error");
        events.OfType<AgentDoneEvent>().Should().BeEmpty();
        var error = events[^1].Should().BeOfType<AgentErrorEvent>().Subject;
        error.Code.Should().Be(code, error.Message);
        error.Message.Should().NotContain("   at ").And.NotContain(".cs:line").And.NotContain(TestRuntime.ApiKey);
        return error;
    }

    private async Task<AgentSession> SessionWithOneTurnAsync()
    {
        _fake.Enqueue(FakeReply.Text("First answer."));
        var session = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake), [KernelPluginFactory.CreateFromObject(_tools, "faulty")]);
        (await session.RunAsync("first question").WaitAsync(Patience)).Text.Should().Be("First answer.");
        return session;
    }

    private async Task NextTurnWorksAsync(AgentSession session, IReadOnlyList<MessageSnapshot> before)
    {
        _fake.Enqueue(FakeReply.Text("Recovered."));

        var result = await session.RunAsync("are you there?").WaitAsync(Patience);

        result.Text.Should().Be("Recovered.");
        var after = await SnapshotAsync(session);
        after.Should().HaveCount(before.Count + 2);
        after.Take(before.Count).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        after.Skip(before.Count).Select(m => m.Text).Should().Equal("are you there?", "Recovered.");
    }

    // Both sides of the session: what the store holds and what the session keeps in memory, message by message.
    private async Task<IReadOnlyList<MessageSnapshot>> SnapshotAsync(AgentSession session)
    {
        var stored = await _host.Services.GetRequiredService<ISessionStore>().LoadMessagesAsync(session.ProjectId, session.Id);
        var history = session.History;
        history.Should().HaveSameCount(stored, "the session keeps exactly the stored messages");
        return [.. stored.Zip(history, (s, h) => new MessageSnapshot(s.Sequence, s.Message.Role, s.Message.Text, s.Message.Payload, h.Role.Label, h.Content))];
    }

    private static async Task<List<AgentEvent>> CollectAsync(IAsyncEnumerable<AgentEvent> stream)
    {
        var events = new List<AgentEvent>();
        await CollectIntoAsync(stream, events);
        return events;
    }

    private static async Task CollectIntoAsync(IAsyncEnumerable<AgentEvent> stream, List<AgentEvent> events)
    {
        await foreach (var agentEvent in stream)
        {
            events.Add(agentEvent);
        }
    }

    private sealed record MessageSnapshot(long Sequence, string Role, string? Text, string Payload, string HistoryRole, string? HistoryContent);
}

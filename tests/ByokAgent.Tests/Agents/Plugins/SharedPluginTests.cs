using System.ComponentModel;
using ByokAgent.Agents.Plugins;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Agents.Plugins;

/// <summary>Plugins are built once per runtime and shared; each tool call still reaches its own session's state.</summary>
public sealed class SharedPluginTests
{
    [Fact]
    public async Task AddPluginOfType_BuildsOneInstance_AndEachCallSeesItsOwnSession()
    {
        await using var fake = await FakeProvider.StartAsync();
        fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("whoami_session", "{}")), FakeReply.Text("first"),
            FakeReply.ToolCalls(new FakeToolCall("whoami_session", "{}")), FakeReply.Text("second"));
        await using var host = TestRuntime.Create(configure: agent => agent.AddPlugin<WhoAmIPlugin>("whoami"));
        var before = WhoAmIPlugin.Instances;

        var first = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(fake));
        var second = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(fake));
        var firstCall = (await first.RunAsync("who?")).ToolCalls.Should().ContainSingle().Subject;
        var secondCall = (await second.RunAsync("who?")).ToolCalls.Should().ContainSingle().Subject;

        WhoAmIPlugin.Instances.Should().Be(before + 1, "one instance serves every session");
        firstCall.Result.Should().Be(first.Id);
        secondCall.Result.Should().Be(second.Id);
        first.Tools.Should().Contain("whoami_session");
    }

    [Fact]
    public async Task PluginState_StoredByTheFactory_IsFoundByTheSessionsTools()
    {
        await using var fake = await FakeProvider.StartAsync();
        fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("notes_read", "{}")), FakeReply.Text("done"));
        var shared = KernelPluginFactory.CreateFromObject(new NoteTools(), "notes");
        var built = 0;
        await using var host = TestRuntime.Create(configure: agent => agent.AddPlugin("notes", context =>
        {
            built++;
            context.Set(new Note($"note of {context.SessionId}"));
            return shared;
        }));

        var session = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(fake));
        var result = await session.RunAsync("read my note");

        built.Should().Be(1);
        result.ToolCalls.Should().ContainSingle().Which.Result.Should().Be($"note of {session.Id}");
    }

    [Fact]
    public void Of_AKernelOutsideASession_SaysSo()
    {
        var act = () => AgentPluginContext.Of(new Kernel());

        act.Should().Throw<InvalidOperationException>().WithMessage("*does not belong to an agent session*");
    }

    private sealed record Note(string Text);

#pragma warning disable CA1822 // Semantic Kernel builds a plugin from an instance's methods.

    private sealed class NoteTools
    {
        [KernelFunction("read")]
        [Description("Reads the session's note.")]
        public string Read(Kernel kernel) => AgentPluginContext.Of(kernel).Get<Note>().Text;
    }

    private sealed class WhoAmIPlugin
    {
        private static int _instances;

        public WhoAmIPlugin() => Interlocked.Increment(ref _instances);

        public static int Instances => Volatile.Read(ref _instances);

        [KernelFunction("session")]
        [Description("Says which session calls.")]
        public string Session(Kernel kernel) => AgentPluginContext.Of(kernel).SessionId;
    }
#pragma warning restore CA1822
}

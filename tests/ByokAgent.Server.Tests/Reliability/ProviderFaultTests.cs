using System.Net;
using System.Text.Json.Nodes;
using ByokAgent.Providers;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;
using ByokAgent.Testing.Faults;
using Xunit.Abstractions;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>
/// Issue 11 §3 at the API face: each fault of the provider, a tool or the store ends <c>POST /v1/agent</c> with its
/// documented error (a 502 <c>provider_error</c> body with the failure class, or exactly one SSE <c>error</c> event,
/// last), the stored session is unchanged, no provider fault is a 500 from us, and the next turn works.
/// </summary>
public sealed class ProviderFaultTests(ProviderFaultServer fixture, ITestOutputHelper output) : IClassFixture<ProviderFaultServer>
{
    // Far above what any fault may take under the short settings: a request that runs into it has hung.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private FakeProvider Fake => fixture.Fake;

    public static TheoryData<string> ProviderFaults => ProviderFault.Names;

    [Theory]
    [MemberData(nameof(ProviderFaults))]
    public async Task Post_ProviderFault_Is502WithTheFailure_SessionUnchanged_AndTheNextTurnWorks(string name)
    {
        var fault = ProviderFault.Named(name);
        var (project, sessionId) = await SessionWithOneTurnAsync();
        var before = await MessagesAsync(project, sessionId);
        Fake.Intercept = _ => fault.Reply(false);

        HttpResponseMessage response;
        try
        {
            response = await project.Client.PostAsync("/v1/agent", ApiJson.Turn("second question", sessionId)).WaitAsync(Patience);
        }
        finally
        {
            Fake.Intercept = null;
        }

        var error = await response.ShouldBeErrorAsync(HttpStatusCode.BadGateway, "provider_error");
        output.WriteLine($"{name}: {(int)response.StatusCode} {error.ToJsonString()}");
        error["failure"]!.GetValue<string>().Should().Be(FailureName(fault.Failure));
        ShouldLeakNothing(error.ToJsonString());
        (await MessagesAsync(project, sessionId)).Should().Equal(before);
        await NextTurnWorksAsync(project, sessionId, before);
    }

    [Theory]
    [MemberData(nameof(ProviderFaults))]
    public async Task Stream_ProviderFault_EndsWithOneErrorEvent_SessionUnchanged_AndTheNextTurnWorks(string name)
    {
        var fault = ProviderFault.Named(name);
        var (project, sessionId) = await SessionWithOneTurnAsync();
        var before = await MessagesAsync(project, sessionId);
        Fake.Intercept = _ => fault.Reply(true);

        List<SseEvent> events;
        try
        {
            events = await StreamAsync(project, sessionId, "second question").WaitAsync(Patience);
        }
        finally
        {
            Fake.Intercept = null;
        }

        var error = ShouldEndWithOneError(events, "provider_error");
        output.WriteLine($"{name}: {string.Join(',', events.Select(e => e.Name))} {error.Data.ToJsonString()}");
        error.Text("failure").Should().Be(FailureName(fault.Failure));
        await fixture.Server.Logs.WaitForRequestsAsync("POST", $"/v1/sessions/{sessionId}/messages");
        (await MessagesAsync(project, sessionId)).Should().Equal(before);
        await NextTurnWorksAsync(project, sessionId, before);
    }

    [Fact]
    public async Task Post_ToolThrows_IsA200WithAFailedToolCall_AndTheTurnIsStored()
    {
        var (project, sessionId) = await SessionWithOneTurnAsync();
        var before = await MessagesAsync(project, sessionId);
        Fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("faulty_explode", "{}", "call_x")), FakeReply.Text("The tool failed, sorry."));

        var reply = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("use the tool", sessionId)).WaitAsync(Patience)).ShouldBeAsync(HttpStatusCode.OK);

        reply.Text("message").Should().Be("The tool failed, sorry.");
        var call = reply["tool_calls"]!.AsArray().Should().ContainSingle().Subject!;
        call.ToJsonString().Should().Contain("faulty_explode failed: tool exploded").And.NotContain(".cs:line");
        (await MessagesAsync(project, sessionId)).Should().HaveCount(before.Count + 4);
    }

    [Fact]
    public async Task Stream_ToolHangs_ClientLeaving_StoresNothing_AndTheNextTurnWorks()
    {
        var tools = fixture.Tools = new FaultyTools();
        var (project, sessionId) = await SessionWithOneTurnAsync();
        var before = await MessagesAsync(project, sessionId);
        Fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("faulty_hang", "{}", "call_h")));

        // No per-tool timeout exists: the turn waits in the tool until the client gives up.
        using (var leaving = new CancellationTokenSource())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sessions/{sessionId}/messages") { Content = ApiJson.Turn("use the slow tool", stream: true) };
            using var response = await project.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leaving.Token);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            // Kept open by hand until tool_start has arrived: the client leaves while the stream is under way.
            var events = SseReader.ReadAsync(response, leaving.Token).GetAsyncEnumerator(leaving.Token);
            try
            {
                (await events.MoveNextAsync().AsTask().WaitAsync(Patience)).Should().BeTrue();
                events.Current.Name.Should().Be("tool_start");
                await tools.HangStarted.WaitAsync(Patience);
                await leaving.CancelAsync();
            }
            finally
            {
                await events.DisposeAsync();
            }
        }

        await fixture.Server.Logs.WaitForRequestsAsync("POST", $"/v1/sessions/{sessionId}/messages");
        (await MessagesAsync(project, sessionId)).Should().Equal(before);
        await NextTurnWorksAsync(project, sessionId, before);
    }

    [Fact]
    public async Task Post_StoreFailsAtCommit_Is500InternalErrorWithNoDetails_SessionUnchanged_AndTheNextTurnWorks()
    {
        var (project, sessionId) = await SessionWithOneTurnAsync();
        var before = await MessagesAsync(project, sessionId);
        Fake.Enqueue(FakeReply.Text("an answer the store refuses"));
        fixture.Store.Failing = true;

        HttpResponseMessage response;
        try
        {
            response = await project.Client.PostAsync("/v1/agent", ApiJson.Turn("second question", sessionId)).WaitAsync(Patience);
        }
        finally
        {
            fixture.Store.Failing = false;
        }

        var error = await response.ShouldBeErrorAsync(HttpStatusCode.InternalServerError, "internal_error");
        ShouldLeakNothing(error.ToJsonString());
        error.ToJsonString().Should().NotContain("disk is full").And.NotContain("Sqlite");
        (await MessagesAsync(project, sessionId)).Should().Equal(before);
        await NextTurnWorksAsync(project, sessionId, before);
    }

    [Fact]
    public async Task Stream_StoreFailsAtCommit_EndsWithOneInternalErrorEvent_SessionUnchanged_AndTheNextTurnWorks()
    {
        var (project, sessionId) = await SessionWithOneTurnAsync();
        var before = await MessagesAsync(project, sessionId);
        Fake.Enqueue(FakeReply.Text("an answer the store refuses"));
        fixture.Store.Failing = true;

        List<SseEvent> events;
        try
        {
            events = await StreamAsync(project, sessionId, "second question").WaitAsync(Patience);
        }
        finally
        {
            fixture.Store.Failing = false;
        }

        var error = ShouldEndWithOneError(events, "internal_error");
        error.Text("message").Should().Be("The server failed unexpectedly.", "the same words as a 500 body");
        await fixture.Server.Logs.WaitForRequestsAsync("POST", $"/v1/sessions/{sessionId}/messages");
        (await MessagesAsync(project, sessionId)).Should().Equal(before);
        await NextTurnWorksAsync(project, sessionId, before);
    }

    private static SseEvent ShouldEndWithOneError(List<SseEvent> events, string code)
    {
        events.Where(e => e.Name == "error").Should().ContainSingle("a failed turn reports exactly one error");
        events.Should().NotContain(e => e.Name == "done");
        var error = events[^1];
        error.Name.Should().Be("error");
        error.Text("code").Should().Be(code);
        error.Text("message").Should().NotBeNullOrWhiteSpace();
        ShouldLeakNothing(error.Data.ToJsonString());
        return error;
    }

    private static void ShouldLeakNothing(string body) =>
        body.Should().NotContain("   at ").And.NotContain(".cs:line").And.NotContain("Exception").And.NotContain(ServerFactory.ProviderKey);

    // The API's names of the failure classes (ApiError.FailureName).
    private static string FailureName(ProviderFailure failure) => failure switch
    {
        ProviderFailure.RateLimited => "rate_limited",
        ProviderFailure.Unreachable => "unreachable",
        _ => "provider_error",
    };

    private async Task<(TestProject Project, string SessionId)> SessionWithOneTurnAsync()
    {
        var project = await fixture.Server.CreateProjectOnAsync(Fake);
        Fake.Enqueue(FakeReply.Text("First answer."));
        var first = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("first question")).WaitAsync(Patience)).ShouldBeAsync(HttpStatusCode.OK);
        return (project, first.Text("session_id"));
    }

    private async Task NextTurnWorksAsync(TestProject project, string sessionId, IReadOnlyList<string> before)
    {
        Fake.Enqueue(FakeReply.Text("Recovered."));

        var reply = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("are you there?", sessionId)).WaitAsync(Patience)).ShouldBeAsync(HttpStatusCode.OK);

        reply.Text("message").Should().Be("Recovered.");
        (await MessagesAsync(project, sessionId)).Should().Equal([.. before, "user: are you there?", "assistant: Recovered."]);
    }

    private static async Task<IReadOnlyList<string>> MessagesAsync(TestProject project, string sessionId)
    {
        var session = await (await project.Client.GetAsync($"/v1/sessions/{sessionId}")).ShouldBeAsync(HttpStatusCode.OK);
        var messages = session["messages"]!.AsArray().Select(m => $"{m!.Text("role")}: {m!["content"]}").ToList();
        session["message_count"]!.GetValue<int>().Should().Be(messages.Count);
        return messages;
    }

    private static async Task<List<SseEvent>> StreamAsync(TestProject project, string sessionId, string message, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sessions/{sessionId}/messages") { Content = ApiJson.Turn(message, stream: true) };
        using var response = await project.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, "a stream reports its failures as events");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        return await SseReader.ReadAllAsync(response, cancellationToken);
    }
}

using System.Net;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;

namespace ByokAgent.Server.Tests;

/// <summary><c>stream: true</c>: tokens and tool events as server-sent events, one <c>done</c> or <c>error</c> at the end.</summary>
public sealed class StreamingTests(ServerFactory server) : IClassFixture<ServerFactory>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Stream_ToolTurn_SendsToolEventsThenTokensThenDone()
    {
        var project = await server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("files_write_file", """{"path":"todo.md","content":"- ship"}""", "call_todo")),
            FakeReply.Text("I wrote todo.md for you."));

        using var response = await StreamAsync(project, "/v1/agent", "Write my todo list");
        var events = await SseReader.ReadAllAsync(response);

        events.Select(e => e.Name).Distinct().Should().Equal("tool_start", "tool_end", "token", "done");
        var start = events.Single(e => e.Name == "tool_start");
        start.Text("id").Should().Be("call_todo");
        start.Text("tool").Should().Be("files_write_file");
        start.Text("arguments").Should().Contain("todo.md");
        var end = events.Single(e => e.Name == "tool_end");
        end.Text("id").Should().Be("call_todo");
        end.Text("tool").Should().Be("files_write_file");
        end.Text("result").Should().Contain("todo.md");
        end.Data["is_error"]!.GetValue<bool>().Should().BeFalse();
        end.Data["duration_ms"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(0);
        string.Concat(events.Where(e => e.Name == "token").Select(e => e.Text("content"))).Should().Be("I wrote todo.md for you.");
        var done = events[^1];
        done.Name.Should().Be("done");
        done.Text("message").Should().Be("I wrote todo.md for you.");
        done.Data["usage"]!["tokens_used"]!.GetValue<long>().Should().Be(36);
        done.Data["duration_ms"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(0);
        done.Data["tool_calls"]!.AsArray().Should().ContainSingle().Which!["name"]!.GetValue<string>().Should().Be("files_write_file");

        var session = await (await project.Client.GetAsync($"/v1/sessions/{done.Text("session_id")}")).ShouldBeAsync(HttpStatusCode.OK);
        session["messages"]!.AsArray().Select(m => m!.Text("role")).Should().Equal("user", "assistant", "tool", "assistant");
        (await project.Client.GetStringAsync("/v1/files/todo.md")).Should().Be("- ship");
    }

    [Fact]
    public async Task Stream_ProviderFails_EndsWithAnErrorEventCarryingTheFailure()
    {
        var project = await server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(FakeReply.Error(429, """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}}"""));

        using var response = await StreamAsync(project, "/v1/agent", "hello?");
        var events = await SseReader.ReadAllAsync(response);

        var error = events.Should().ContainSingle().Subject;
        error.Name.Should().Be("error");
        error.Text("code").Should().Be("provider_error");
        error.Text("failure").Should().Be("quota_exceeded");
        error.Text("message").Should().Contain("You exceeded your current quota");
    }

    [Fact]
    public async Task Stream_ClientDisconnectsMidTurn_StoresNothing_AndTheNextTurnWorks()
    {
        var project = await server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(FakeReply.Text("First answer."));
        var first = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("first question"))).ShouldBeAsync(HttpStatusCode.OK);
        var sessionId = first.Text("session_id");
        var turnPath = $"/v1/sessions/{sessionId}/messages";
        // The tool round answers at once; the model's next answer takes long enough for the client to leave during it.
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("clock_now", "{}", "call_clock")),
            FakeReply.Text("never delivered").WithLatency(TimeSpan.FromMinutes(2)));

        using (var leaving = new CancellationTokenSource())
        {
            using var response = await StreamAsync(project, turnPath, "second question", leaving.Token);
            // Kept open by hand: leaving the loop with break would dispose the body, and so disconnect, too early.
            var events = SseReader.ReadAsync(response, leaving.Token).GetAsyncEnumerator(leaving.Token);
            try
            {
                var toolRoundDone = false;
                while (!toolRoundDone && await events.MoveNextAsync())
                {
                    toolRoundDone = events.Current.Name == "tool_end";
                }

                toolRoundDone.Should().BeTrue("the tool round is streamed before the slow answer");

                using var timeout = new CancellationTokenSource(Patience);
                await _fake.WaitForRequestsAsync(3, timeout.Token);
                await leaving.CancelAsync();
            }
            finally
            {
                await events.DisposeAsync();
            }
        }

        await server.Logs.WaitForRequestsAsync("POST", turnPath);
        var stored = await (await project.Client.GetAsync($"/v1/sessions/{sessionId}")).ShouldBeAsync(HttpStatusCode.OK);
        stored["messages"]!.AsArray().Select(m => m!.Text("content")).Should().Equal("first question", "First answer.");
        stored["message_count"]!.GetValue<int>().Should().Be(2);

        _fake.Enqueue(FakeReply.Text("Third answer."));
        var third = await (await project.Client.PostAsync(turnPath, ApiJson.Turn("third question"))).ShouldBeAsync(HttpStatusCode.OK);
        third.Text("message").Should().Be("Third answer.");
        var sent = _fake.Requests[^1].Json!["messages"]!.AsArray().Skip(1).Select(m => m!["content"]?.ToString());
        sent.Should().Equal("first question", "First answer.", "third question");
    }

    private static async Task<HttpResponseMessage> StreamAsync(TestProject project, string path, string message, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ApiJson.Turn(message, stream: true) };
        var response = await project.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        return response;
    }
}

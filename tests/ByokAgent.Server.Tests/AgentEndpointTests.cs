using System.Net;
using System.Text.Json.Nodes;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;

namespace ByokAgent.Server.Tests;

/// <summary><c>POST /v1/agent</c> answered whole: the reply, its tool calls, usage and where it ran.</summary>
public sealed class AgentEndpointTests(ServerFactory server) : IClassFixture<ServerFactory>, IAsyncLifetime
{
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task PostAgent_ToolCallTurn_RunsTheFileToolAndTheWrittenFileDownloads()
    {
        var project = await server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("files_write_file", """{"path":"notes/plan.md","content":"# Plan\nship it"}""", "call_write")),
            FakeReply.Text("Saved the plan to notes/plan.md."));

        var response = await project.Client.PostAsync("/v1/agent", ApiJson.Turn("Write my plan to notes/plan.md"));

        var body = await response.ShouldBeAsync(HttpStatusCode.OK);
        body.Text("id").Should().StartWith("resp_");
        body.Text("object").Should().Be("agent.response");
        body.Text("status").Should().Be("completed");
        body.Text("session_id").Should().NotBeNullOrWhiteSpace();
        body.Text("message").Should().Be("Saved the plan to notes/plan.md.");
        var call = body["tool_calls"]!.AsArray().Should().ContainSingle().Subject!;
        call.Text("id").Should().Be("call_write");
        call.Text("name").Should().Be("files_write_file");
        JsonNode.Parse(call.Text("arguments"))!["path"]!.GetValue<string>().Should().Be("notes/plan.md");
        call.Text("result").Should().Contain("notes/plan.md");
        call["is_error"]!.GetValue<bool>().Should().BeFalse();
        body["usage"]!["input_tokens"]!.GetValue<long>().Should().Be(22);
        body["usage"]!["output_tokens"]!.GetValue<long>().Should().Be(14);
        body["usage"]!["tokens_used"]!.GetValue<long>().Should().Be(36);
        body["meta"]!.Text("project_id").Should().Be(project.Id);
        body["meta"]!.Text("provider").Should().Be("openai");
        body["meta"]!.Text("model").Should().Be("gpt-test");
        body["meta"]!["duration_ms"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(0);

        var download = await project.Client.GetAsync("/v1/files/notes/plan.md");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).Should().Be("# Plan\nship it");
        download.Content.Headers.ContentType!.MediaType.Should().StartWith("text/");
    }

    [Fact]
    public async Task PostAgent_WithSessionId_ContinuesTheConversation()
    {
        var project = await server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(FakeReply.Text("Noted: blue."), FakeReply.Text("You like blue."));
        var first = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("I like blue."))).ShouldBeAsync(HttpStatusCode.OK);

        var second = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("What do I like?", first.Text("session_id")))).ShouldBeAsync(HttpStatusCode.OK);

        second.Text("session_id").Should().Be(first.Text("session_id"));
        second.Text("message").Should().Be("You like blue.");
        var sent = _fake.Requests[^1].Json!["messages"]!.AsArray().Skip(1).Select(m => m!["content"]!.ToString());
        sent.Should().Equal("I like blue.", "Noted: blue.", "What do I like?");
    }

    [Fact]
    public async Task PostAgent_ProviderQuotaRunsOutMidTurn_Is502WithTheFailureClass_AndStoresNothing()
    {
        var project = await server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(FakeReply.Text("first answer"));
        var session = (await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("first"))).ShouldBeAsync(HttpStatusCode.OK)).Text("session_id");
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("clock_now", "{}", "call_clock")),
            FakeReply.Error(429, """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}}"""));

        var response = await project.Client.PostAsync($"/v1/sessions/{session}/messages", ApiJson.Turn("what time is it?"));

        var error = await response.ShouldBeErrorAsync(HttpStatusCode.BadGateway, "provider_error");
        error.Text("failure").Should().Be("quota_exceeded");
        error.Text("message").Should().Contain("You exceeded your current quota");
        var stored = await (await project.Client.GetAsync($"/v1/sessions/{session}")).ShouldBeAsync(HttpStatusCode.OK);
        stored["messages"]!.AsArray().Select(m => m!.Text("content")).Should().Equal("first", "first answer");
    }
}

using System.Net;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;

namespace ByokAgent.Server.Tests;

/// <summary><c>/v1/sessions</c>: create, turn, list and read with paging, delete; one turn at a time per session.</summary>
public sealed class SessionEndpointTests(ServerFactory server) : IClassFixture<ServerFactory>, IAsyncLifetime
{
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Sessions_CreateTurnReadPageAndDelete()
    {
        var project = await server.CreateProjectOnAsync(_fake);

        var createdResponse = await project.Client.PostAsync("/v1/sessions", null);
        var created = await createdResponse.ShouldBeAsync(HttpStatusCode.Created);
        var id = created.Text("id");
        createdResponse.Headers.Location!.ToString().Should().Be($"/v1/sessions/{id}");
        created.Text("object").Should().Be("session");
        created.Text("status").Should().Be("active");
        created["message_count"]!.GetValue<int>().Should().Be(0);

        _fake.Enqueue(FakeReply.Text("one back"), FakeReply.Text("two back"));
        (await (await project.Client.PostAsync($"/v1/sessions/{id}/messages", ApiJson.Turn("one"))).ShouldBeAsync(HttpStatusCode.OK)).Text("session_id").Should().Be(id);
        await (await project.Client.PostAsync($"/v1/sessions/{id}/messages", ApiJson.Turn("two"))).ShouldBeAsync(HttpStatusCode.OK);

        var whole = await (await project.Client.GetAsync($"/v1/sessions/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        whole["message_count"]!.GetValue<int>().Should().Be(4);
        whole["title"]!.GetValue<string>().Should().Be("one");
        whole["messages"]!.AsArray().Select(m => $"{m!.Text("role")}: {m!.Text("content")}").Should().Equal("user: one", "assistant: one back", "user: two", "assistant: two back");
        whole["has_more"]!.GetValue<bool>().Should().BeFalse();

        var page = await (await project.Client.GetAsync($"/v1/sessions/{id}?limit=2&offset=1")).ShouldBeAsync(HttpStatusCode.OK);
        page["messages"]!.AsArray().Select(m => m!.Text("content")).Should().Equal("one back", "two");
        page["messages"]![0]!["sequence"]!.GetValue<long>().Should().Be(2);
        page["has_more"]!.GetValue<bool>().Should().BeTrue();

        var deleted = await (await project.Client.DeleteAsync($"/v1/sessions/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        deleted.Text("id").Should().Be(id);
        deleted["deleted"]!.GetValue<bool>().Should().BeTrue();
        await (await project.Client.GetAsync($"/v1/sessions/{id}")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "session_not_found");
        await (await project.Client.DeleteAsync($"/v1/sessions/{id}")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "session_not_found");
        await (await project.Client.PostAsync($"/v1/sessions/{id}/messages", ApiJson.Turn("three"))).ShouldBeErrorAsync(HttpStatusCode.NotFound, "session_not_found");
        _fake.Requests.Should().HaveCount(2, "a turn on a deleted session never reaches the provider");
    }

    [Fact]
    public async Task ListSessions_PagesWithLimitAndOffset()
    {
        var project = await server.CreateProjectOnAsync(_fake);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await (await project.Client.PostAsync("/v1/sessions", null)).ShouldBeAsync(HttpStatusCode.Created)).Text("id"));
        }

        var all = await (await project.Client.GetAsync("/v1/sessions")).ShouldBeAsync(HttpStatusCode.OK);
        all.Text("object").Should().Be("list");
        all["data"]!.AsArray().Select(s => s!.Text("id")).Should().BeEquivalentTo(ids);
        all["has_more"]!.GetValue<bool>().Should().BeFalse();

        var first = await (await project.Client.GetAsync("/v1/sessions?limit=2")).ShouldBeAsync(HttpStatusCode.OK);
        var rest = await (await project.Client.GetAsync("/v1/sessions?limit=2&offset=2")).ShouldBeAsync(HttpStatusCode.OK);
        first["has_more"]!.GetValue<bool>().Should().BeTrue();
        rest["has_more"]!.GetValue<bool>().Should().BeFalse();
        first["data"]!.AsArray().Concat(rest["data"]!.AsArray()).Select(s => s!.Text("id")).Should().BeEquivalentTo(ids).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Turn_WhileAnotherTurnRunsInTheSession_Is409SessionBusy_AndTheSessionIsFreeAfterwards()
    {
        var project = await server.CreateProjectOnAsync(_fake);
        var id = (await (await project.Client.PostAsync("/v1/sessions", null)).ShouldBeAsync(HttpStatusCode.Created)).Text("id");
        var turnPath = $"/v1/sessions/{id}/messages";
        _fake.Enqueue(FakeReply.Text("slow answer").WithLatency(TimeSpan.FromMinutes(2)));
        using var slowClient = new CancellationTokenSource();
        var slow = project.Client.PostAsync(turnPath, ApiJson.Turn("take your time"), slowClient.Token);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await _fake.WaitForRequestsAsync(1, timeout.Token);
        }

        var busy = await project.Client.PostAsync(turnPath, ApiJson.Turn("me too"));
        var viaAgent = await project.Client.PostAsync("/v1/agent", ApiJson.Turn("and me", id));
        var streamed = await project.Client.PostAsync(turnPath, ApiJson.Turn("streamed", stream: true));

        await busy.ShouldBeErrorAsync(HttpStatusCode.Conflict, "session_busy");
        await viaAgent.ShouldBeErrorAsync(HttpStatusCode.Conflict, "session_busy");
        await streamed.ShouldBeErrorAsync(HttpStatusCode.Conflict, "session_busy");
        _fake.Requests.Should().ContainSingle("refused turns never reach the provider");

        await slowClient.CancelAsync();
        await slow.Invoking(s => s).Should().ThrowAsync<OperationCanceledException>();
        await server.Logs.WaitForRequestsAsync("POST", turnPath, count: 3);
        _fake.Enqueue(FakeReply.Text("now it is free"));
        var next = await (await project.Client.PostAsync(turnPath, ApiJson.Turn("again"))).ShouldBeAsync(HttpStatusCode.OK);
        next.Text("message").Should().Be("now it is free");
    }
}

using System.Net;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;

namespace ByokAgent.Server.Tests;

/// <summary>Everything a key reaches belongs to its project: another project's sessions and files are not there (404).</summary>
public sealed class ProjectIsolationTests(ServerFactory server) : IClassFixture<ServerFactory>, IAsyncLifetime
{
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task TwoProjects_CannotSeeOrTouchEachOthersSessionsAndFiles()
    {
        var alice = await server.CreateProjectOnAsync(_fake);
        var bob = await server.CreateProjectOnAsync(_fake);
        _fake.Enqueue(FakeReply.Text("Alice's answer"));
        var session = (await (await alice.Client.PostAsync("/v1/agent", ApiJson.Turn("Alice's secret question"))).ShouldBeAsync(HttpStatusCode.OK)).Text("session_id");
        await (await alice.Client.PutAsync("/v1/files/private/diary.txt", new StringContent("dear diary"))).ShouldBeAsync(HttpStatusCode.Created);

        await (await bob.Client.GetAsync($"/v1/sessions/{session}")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "session_not_found");
        await (await bob.Client.PostAsync($"/v1/sessions/{session}/messages", ApiJson.Turn("let me in"))).ShouldBeErrorAsync(HttpStatusCode.NotFound, "session_not_found");
        await (await bob.Client.PostAsync("/v1/agent", ApiJson.Turn("let me in", session))).ShouldBeErrorAsync(HttpStatusCode.NotFound, "session_not_found");
        await (await bob.Client.DeleteAsync($"/v1/sessions/{session}")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "session_not_found");
        (await (await bob.Client.GetAsync("/v1/sessions")).ShouldBeAsync(HttpStatusCode.OK))["data"]!.AsArray().Should().BeEmpty();

        await (await bob.Client.GetAsync("/v1/files/private/diary.txt")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "file_not_found");
        await (await bob.Client.DeleteAsync("/v1/files/private/diary.txt")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "file_not_found");
        (await (await bob.Client.GetAsync("/v1/files?recursive=true")).ShouldBeAsync(HttpStatusCode.OK))["data"]!.AsArray().Should().BeEmpty();

        // Alice still has all of it, untouched.
        (await (await alice.Client.GetAsync($"/v1/sessions/{session}")).ShouldBeAsync(HttpStatusCode.OK))["message_count"]!.GetValue<int>().Should().Be(2);
        (await alice.Client.GetStringAsync("/v1/files/private/diary.txt")).Should().Be("dear diary");
        _fake.Requests.Should().ContainSingle("none of Bob's attempts reached the provider");
    }
}

using System.Net;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;

namespace ByokAgent.Server.Tests;

/// <summary>Two server instances on one PostgreSQL database continue one conversation, whichever instance a turn lands on.</summary>
public sealed class PostgresInstancesTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;
    private FakeProvider _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _database = await PostgresTestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoInstances_TakeTurnsInOneSession_AndTheHistoryHasEveryTurn()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ByokAgent:Storage:Provider"] = "postgres",
            ["ByokAgent:Storage:PostgresConnectionString"] = _database.ConnectionString,
        };
        // One deployment: the same database and the same master key (here the shared data directory's key file).
        await using var a = ServerFactory.With(settings);
        var project = await a.CreateProjectOnAsync(_fake);
        await using var b = ServerFactory.With(settings, dataDirectory: a.DataDirectory);
        using var onB = b.CreateClient(project.ApiKey);
        _fake.Enqueue(FakeReply.Text("Hi, noted: blue."), FakeReply.Text("Then green."), FakeReply.Text("Blue, then green."));

        var first = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("I like blue."))).ShouldBeAsync(HttpStatusCode.OK);
        var session = first.Text("session_id");
        var second = await (await onB.PostAsync($"/v1/sessions/{session}/messages", ApiJson.Turn("And after that?"))).ShouldBeAsync(HttpStatusCode.OK);
        var third = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("What did we say?", session))).ShouldBeAsync(HttpStatusCode.OK);

        second.Text("message").Should().Be("Then green.");
        third.Text("message").Should().Be("Blue, then green.");
        var sentByA = _fake.Requests[^1].Json!["messages"]!.AsArray().Skip(1).Select(m => m!["content"]!.ToString());
        sentByA.Should().Equal("I like blue.", "Hi, noted: blue.", "And after that?", "Then green.", "What did we say?");
        foreach (var client in new[] { project.Client, onB })
        {
            var stored = await (await client.GetAsync($"/v1/sessions/{session}")).ShouldBeAsync(HttpStatusCode.OK);
            stored["messages"]!.AsArray().Select(m => m!.Text("content")).Should().Equal(
                "I like blue.", "Hi, noted: blue.", "And after that?", "Then green.", "What did we say?", "Blue, then green.");
        }

        (await _database.CountRowsAsync("session_messages")).Should().Be(6, "both instances stored in PostgreSQL, not in a file of their own");
    }
}

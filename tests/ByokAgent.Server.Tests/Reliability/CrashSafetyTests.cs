using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>
/// The real server process, killed (SIGKILL) or stopped (SIGTERM) while turns run in several sessions at once: whatever
/// it acknowledged is stored exactly once and in order, nothing is stored by halves, the file stays sound, and the
/// restarted server carries on in the old sessions.
/// </summary>
/// <remarks>
/// Kills land mid-turn by signal, not by timing: <see cref="ProviderGate"/> holds chosen provider calls (a turn's first
/// call, or the call after its tool ran) and reports when they are all held; only then is the process killed.
/// </remarks>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SessionCount = 6;
    private const int KillCycles = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-crash-").FullName;
    private readonly TurnLedger _ledger = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private FakeProvider _fake = null!;
    private ProviderGate _gate = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _fake.Responder = TurnScript.Reply;
        _gate = await ProviderGate.StartAsync(_fake);
    }

    public async Task DisposeAsync()
    {
        await _gate.DisposeAsync();
        await _fake.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Sigkill_MidTurns_TenTimesInARow_KeepsEveryAcknowledgedTurn_AndNoHalfTurn()
    {
        var project = await OfflineProjects.CreateAsync(_dataDirectory, "crash");
        IReadOnlyList<string> sessions = [];
        for (var cycle = 1; cycle <= KillCycles; cycle++)
        {
            await using var server = await ServerProcess.StartAsync(_dataDirectory, Settings());
            Note($"cycle {cycle}: server started");
            using var client = Client(server, project.ApiKey);
            if (cycle == 1)
            {
                sessions = await SetUpAsync(client);
            }
            else
            {
                await ShouldServeWhatTheFileHoldsAsync(client);
            }

            await KillMidTurnsAsync(server, client, sessions, $"c{cycle}");
            (await SqliteStoreFile.CheckIntegrityAsync(_dataDirectory)).Should().Equal(["ok"], $"cycle {cycle}: the file survived the kill");
            StoreInvariants.ShouldHoldEveryAcknowledgedTurn(await SqliteStoreFile.ReadSessionsAsync(_dataDirectory), _ledger.All);
            Note($"cycle {cycle}: store checked, {_ledger.All.Count(t => t.Acknowledged)} of {_ledger.All.Count} turns acknowledged so far");
        }

        // After the last kill: the restarted server shows exactly the file, and continues every old session.
        await using (var restarted = await ServerProcess.StartAsync(_dataDirectory, Settings()))
        {
            using var client = Client(restarted, project.ApiKey);
            await ShouldServeWhatTheFileHoldsAsync(client);
            var resumed = await Task.WhenAll(sessions.Select(session => _ledger.SendAsync(client, session, $"{session} after the last kill", stream: false)));
            resumed.Should().OnlyContain(t => t.Acknowledged, "the restarted server serves new turns in old sessions");
            (await restarted.StopAsync()).Should().Be(0, restarted.Output);
        }

        (await SqliteStoreFile.CheckIntegrityAsync(_dataDirectory)).Should().Equal(["ok"]);
        StoreInvariants.ShouldHoldEveryAcknowledgedTurn(await SqliteStoreFile.ReadSessionsAsync(_dataDirectory), _ledger.All);
        _ledger.All.Count(t => t.Acknowledged).Should().BeGreaterThanOrEqualTo(KillCycles * SessionCount * 2, "every cycle acknowledged its settled turns");
    }

    [Fact]
    public async Task Sigterm_MidTurns_DrainsEveryRunningTurn_AcknowledgedAndStored()
    {
        var project = await OfflineProjects.CreateAsync(_dataDirectory, "drain");
        var server = await ServerProcess.StartAsync(_dataDirectory, Settings());
        IReadOnlyList<string> sessions;
        await using (server)
        {
            using var client = Client(server, project.ApiKey);
            sessions = await SetUpAsync(client);
            await SettledTurnsAsync(client, sessions, "c1");
            _gate.Reset();
            var (inFlight, held) = StartHeldTurns(client, sessions, "c1");
            await _gate.WaitForHeldAsync(held).WaitAsync(Patience);

            // Stop as an orchestrator does; the held calls go on only once the server is shutting down.
            var stopped = server.StopAsync();
            await server.WaitForOutputAsync("Application is shutting down").WaitAsync(Patience);
            _gate.ReleaseAll();

            var drained = await Task.WhenAll(inFlight);
            drained.Should().OnlyContain(t => t.Acknowledged, "a graceful stop lets running turns finish and answer");
            (await stopped).Should().Be(0, server.Output);
        }

        (await SqliteStoreFile.CheckIntegrityAsync(_dataDirectory)).Should().Equal(["ok"]);
        StoreInvariants.ShouldHoldEveryAcknowledgedTurn(await SqliteStoreFile.ReadSessionsAsync(_dataDirectory), _ledger.All);
        await using var restarted = await ServerProcess.StartAsync(_dataDirectory, Settings());
        using var again = Client(restarted, project.ApiKey);
        await ShouldServeWhatTheFileHoldsAsync(again);
        (await _ledger.SendAsync(again, sessions[0], "after the drain", stream: true)).Acknowledged.Should().BeTrue();
    }

    [Fact]
    public async Task Sigkill_MidTurns_OnPostgres_KeepsEveryAcknowledgedTurn_AndNoHalfTurn()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var settings = Settings();
        settings["ByokAgent__Storage__Provider"] = "postgres";
        settings["ByokAgent__Storage__PostgresConnectionString"] = database.ConnectionString;
        string apiKey;
        // The project is created in PostgreSQL by the application itself; the process shares its data directory (master key).
        Note("database created");
        await using (var setup = ServerFactory.With(new Dictionary<string, string?>
        {
            ["ByokAgent:Storage:Provider"] = "postgres",
            ["ByokAgent:Storage:PostgresConnectionString"] = database.ConnectionString,
        }, dataDirectory: _dataDirectory))
        {
            apiKey = (await setup.CreateProjectAsync("crash-pg")).ApiKey;
        }

        Note("project created");

        IReadOnlyList<string> sessions;
        await using (var server = await ServerProcess.StartAsync(_dataDirectory, settings))
        {
            Note("server started");
            using var client = Client(server, apiKey);
            sessions = await SetUpAsync(client);
            await KillMidTurnsAsync(server, client, sessions, "pg");
        }

        Note("killed");

        var stored = await ReadPostgresAsync(database.ConnectionString);
        StoreInvariants.ShouldHoldEveryAcknowledgedTurn(stored, _ledger.All);
        await using var restarted = await ServerProcess.StartAsync(_dataDirectory, settings);
        Note("restarted");
        using var again = Client(restarted, apiKey);
        foreach (var session in stored)
        {
            (await StoreInvariants.ReadThroughApiAsync(again, session.Id)).Should().Equal(session.Messages);
        }

        (await _ledger.SendAsync(again, sessions[0], "after the kill on postgres", stream: false)).Acknowledged.Should().BeTrue();
    }

    // One kill cycle: settled turns in every session, then a held turn in each (first call or after a tool, whole or
    // streamed) plus new sessions, then unheld turns racing the kill itself.
    private async Task KillMidTurnsAsync(ServerProcess server, HttpClient client, IReadOnlyList<string> sessions, string cycle)
    {
        await SettledTurnsAsync(client, sessions, cycle);
        Note($"{cycle}: settled turns acknowledged");
        _gate.Reset();
        var (inFlight, held) = StartHeldTurns(client, sessions, cycle);
        // Unheld turns racing the kill, started with the held ones and just before the kill: they may be anywhere (reading
        // the request, at the model, storing, answering), so they may or may not survive; if acknowledged, they must.
        inFlight.AddRange(Racers(client, $"{cycle} early"));
        await _gate.WaitForHeldAsync(held).WaitAsync(Patience);
        Note($"{cycle}: {held} turns held mid-turn");
        inFlight.AddRange(Racers(client, $"{cycle} late"));
        await server.KillAsync();

        var outcomes = await Task.WhenAll(inFlight);
        Note($"{cycle}: killed; {outcomes.Count(t => t.Acknowledged)} of {outcomes.Length} in-flight turns had been acknowledged");
        outcomes.Where(t => t.Message.Contains("[hold", StringComparison.Ordinal)).Should().OnlyContain(t => !t.Acknowledged, "held turns were still waiting for the model");
        outcomes.Should().OnlyContain(t => t.Status == null || t.Status < 500, "no turn failed on the server's side before the kill");
    }

    private IEnumerable<Task<SentTurn>> Racers(HttpClient client, string name) =>
        Enumerable.Range(0, 2).Select(i => _ledger.SendAsync(client, null, $"{name} racer {i}{(i == 0 ? " " + TurnScript.ToolMarker : "")}", stream: i == 1));

    private async Task<IReadOnlyList<string>> SetUpAsync(HttpClient client)
    {
        var model = await (await client.PutAsJsonAsync("/v1/project/llm", new { provider = "openai", api_key = ServerFactory.ProviderKey, api_host = _gate.OpenAIBaseUri.ToString(), model = "gpt-test" })).ShouldBeAsync(HttpStatusCode.OK);
        model.Text("status").Should().Be("valid");
        var sessions = new List<string>();
        for (var i = 0; i < SessionCount; i++)
        {
            sessions.Add((await (await client.PostAsync("/v1/sessions", content: null)).ShouldBeAsync(HttpStatusCode.Created)).Text("id"));
        }

        return sessions;
    }

    // Two acknowledged turns per session, sessions side by side: plain and with a tool, whole and streamed.
    private async Task SettledTurnsAsync(HttpClient client, IReadOnlyList<string> sessions, string cycle)
    {
        var settled = await Task.WhenAll(sessions.Select(async (session, i) => new[]
        {
            await _ledger.SendAsync(client, session, $"s{i} {cycle} first{(i % 3 == 1 ? " " + TurnScript.ToolMarker : "")}", stream: false),
            await _ledger.SendAsync(client, session, $"s{i} {cycle} second{(i % 3 == 2 ? " " + TurnScript.ToolMarker : "")}", stream: true),
        }));
        settled.SelectMany(t => t).Should().OnlyContain(t => t.Acknowledged, "nothing is held yet");
    }

    private (List<Task<SentTurn>> InFlight, int Held) StartHeldTurns(HttpClient client, IReadOnlyList<string> sessions, string cycle)
    {
        var inFlight = sessions.Select((session, i) => _ledger.SendAsync(
            client, session, $"s{i} {cycle} in flight {(i % 3 == 2 ? ProviderGate.HoldAfterToolMarker : ProviderGate.HoldMarker)}", stream: i % 2 == 0)).ToList();
        inFlight.Add(_ledger.SendAsync(client, null, $"{cycle} new session {ProviderGate.HoldMarker}", stream: false));
        inFlight.Add(_ledger.SendAsync(client, null, $"{cycle} new streamed session {ProviderGate.HoldAfterToolMarker}", stream: true));
        return (inFlight, inFlight.Count);
    }

    // The API shows every session exactly as the file holds it.
    private async Task ShouldServeWhatTheFileHoldsAsync(HttpClient client)
    {
        foreach (var session in await SqliteStoreFile.ReadSessionsAsync(_dataDirectory))
        {
            (await StoreInvariants.ReadThroughApiAsync(client, session.Id)).Should().Equal(session.Messages, $"session {session.Id} through the API");
        }
    }

    private static async Task<IReadOnlyList<StoredSession>> ReadPostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await StoredSessions.ReadAsync(connection);
    }

    // Where the time goes, in the test output: server starts dominate.
    private void Note(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,7:F2} s  {what}");

    private static Dictionary<string, string> Settings() => new()
    {
        ["ByokAgent__Providers__MaxRetries"] = "0",
        ["ByokAgent__Plugins__Disabled__0"] = "browser",
        ["ByokAgent__Server__RequestsPerMinute"] = "0",
    };

    private static HttpClient Client(ServerProcess server, string apiKey)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Patience };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }
}

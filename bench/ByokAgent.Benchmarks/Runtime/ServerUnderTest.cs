using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using ByokAgent.Postgres;
using ByokAgent.Projects;
using ByokAgent.Storage;
using ByokAgent.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>
/// The real <c>ByokAgent.Server</c> process for the load and memory probes: its default model pointed at a
/// <see cref="FakeProvider"/> in this process, a project with a key, SQLite in a fresh data directory or a fresh
/// PostgreSQL database, and a client with that key. Disposing kills the server and removes what it stored.
/// </summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly string _data;
    private readonly string? _postgresAdmin;
    private readonly string? _database;

    private ServerUnderTest(Process process, HttpClient http, string data, string? postgresAdmin, string? database)
    {
        Process = process;
        Http = http;
        _data = data;
        _postgresAdmin = postgresAdmin;
        _database = database;
    }

    public Process Process { get; }

    public HttpClient Http { get; }

    /// <summary>"SQLite on /tmp", "PostgreSQL"…: what the figures were measured on.</summary>
    public string Storage => _database is null ? $"SQLite in {Path.GetDirectoryName(_data)}" : "PostgreSQL";

    /// <summary>The server's resident memory now (<c>VmRSS</c>) and its peak so far (<c>VmHWM</c>), in MB.</summary>
    public (double Rss, double Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{Process.Id}/status");
        double Field(string name) => double.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return (Field("VmRSS"), Field("VmHWM"));
    }

    /// <summary>Starts the server. <paramref name="postgres"/>: an admin connection string; a throwaway database is created on it.</summary>
    public static async Task<ServerUnderTest> StartAsync(FakeProvider fake, string server, string? dataRoot, string? postgres, IDictionary<string, string>? environment = null)
    {
        var data = dataRoot is null
            ? Directory.CreateTempSubdirectory("byok-bench-").FullName
            : Directory.CreateDirectory(Path.Combine(dataRoot, $"byok-bench-{Guid.NewGuid():N}")).FullName;
        string? database = null;
        var settings = new Dictionary<string, string?> { ["ByokAgent:Storage:DataDirectory"] = data };
        if (postgres is not null)
        {
            database = $"byok_bench_{Guid.NewGuid():N}";
            await using (var admin = new NpgsqlConnection(postgres))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                await create.ExecuteNonQueryAsync();
            }

            settings["ByokAgent:Storage:Provider"] = "postgres";
            settings["ByokAgent:Storage:PostgresConnectionString"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
        }

        var key = await CreateProjectAsync(settings);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.GetFullPath(server));
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (name, value) in settings)
        {
            info.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        info.Environment["ByokAgent__DefaultModel__Provider"] = "openai";
        info.Environment["ByokAgent__DefaultModel__Model"] = "gpt-test";
        info.Environment["ByokAgent__DefaultModel__ApiKey"] = RuntimeFixture.ApiKey;
        info.Environment["ByokAgent__DefaultModel__ApiHost"] = fake.OpenAIBaseUri.ToString();
        info.Environment["ByokAgent__Providers__MaxRetries"] = "0";
        info.Environment["ByokAgent__Server__RequestsPerMinute"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && (line.Contains("fail", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal))) { Console.Error.WriteLine("server: " + line); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { Console.Error.WriteLine("server: " + line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 4096 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var started = new ServerUnderTest(process, http, data, postgres, database);
        await started.WaitReadyAsync();
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
        Process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
        if (_database is not null)
        {
            await using var admin = new NpgsqlConnection(_postgresAdmin);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    // The project and its key are created the way `byok projects create` does, before the server starts.
    private static async Task<string> CreateProjectAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddByokAgent(configuration).AddStorageFromSettings(configuration);
        await using var provider = services.BuildServiceProvider();
        foreach (var initializer in provider.GetServices<IStorageInitializer>())
        {
            await initializer.InitializeAsync();
        }

        var created = await provider.GetRequiredService<IProjectStore>().CreateAsync("bench");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return created.ApiKey;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync("healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
            }

            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {Process.ExitCode} before it was ready.");
            }

            await Task.Delay(100);
        }
    }
}

using ByokAgent.Projects;
using ByokAgent.Security;
using ByokAgent.Sessions;
using ByokAgent.Storage.Sqlite;
using ByokAgent.Testing.Contracts;

namespace ByokAgent.Tests.Storage;

/// <summary>A real <c>byok.db</c> in a temporary data directory, with the stores over it; deleted on dispose.</summary>
internal sealed class SqliteTestStorage : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private SqliteTestStorage(string directory, MasterKeyRing keys, TimeProvider clock, bool ownsDirectory)
    {
        _ownsDirectory = ownsDirectory;
        DataDirectory = directory;
        Keys = keys;
        Protector = new AesGcmSecretProtector(keys);
        Database = new SqliteDatabase(Path.Combine(directory, SqliteDatabase.FileName), Protector, keys, clock);
        Projects = new SqliteProjectStore(Database, Protector, clock);
        ModelConfigs = new SqliteModelConfigStore(Database, Protector, clock);
        Sessions = new SqliteSessionStore(Database, clock);
    }

    public string DataDirectory { get; }

    public string DatabasePath => Database.Path;

    public MasterKeyRing Keys { get; }

    public AesGcmSecretProtector Protector { get; }

    public SqliteDatabase Database { get; }

    public SqliteProjectStore Projects { get; }

    public SqliteModelConfigStore ModelConfigs { get; }

    public SqliteSessionStore Sessions { get; }

    /// <summary>A new, empty data directory (nothing on disk until first use).</summary>
    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "byok-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Stores over a new data directory with a random master key (as if from <c>BYOK_MASTER_KEY</c>).</summary>
    public static SqliteTestStorage Create(TimeProvider? clock = null, MasterKey? key = null)
    {
        var directory = NewDataDirectory();
        var keys = new MasterKeyRing(key ?? MasterKey.Generate(), new MasterKeySource(FromEnvironment: true, Path.Combine(directory, MasterKeySource.FileName)));
        return new SqliteTestStorage(directory, keys, clock ?? TimeProvider.System, ownsDirectory: true);
    }

    /// <summary>
    /// Stores over <paramref name="directory"/> with the given key ring (a second "process" on the same data); the
    /// directory belongs to the caller and outlives this.
    /// </summary>
    public static SqliteTestStorage Open(string directory, MasterKeyRing keys, TimeProvider? clock = null) =>
        new(directory, keys, clock ?? TimeProvider.System, ownsDirectory: false);

    /// <summary>The three stores as a contract suite's fixture, over a new data directory.</summary>
    public static async Task<StoreFixture> CreateFixtureAsync(TimeProvider clock)
    {
        var storage = Create(clock);
        await storage.Database.InitializeAsync();
        return storage.ToFixture();
    }

    /// <summary>These stores as a contract suite's fixture; disposing it deletes the data directory.</summary>
    public StoreFixture ToFixture() => new()
    {
        Projects = Projects,
        ModelConfigs = ModelConfigs,
        Sessions = Sessions,
        Usage = new ByokAgent.Usage.SqliteUsageStore(Database),
        ReadRawStorageAsync = _ => Task.FromResult(ReadRawFiles()),
        OnDispose = DisposeAsync,
    };

    /// <summary>The bytes of the database file, its WAL and shared-memory file (whichever exist), concatenated.</summary>
    public byte[] ReadRawFiles() => [.. RawFiles().SelectMany(ReadShared)];

    /// <summary>The database file and its companions that exist now.</summary>
    public IEnumerable<string> RawFiles() =>
        new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" }.Where(File.Exists);

    /// <summary>Reads a file SQLite may hold open.</summary>
    public static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Runs raw SQL against the database (to tamper with rows the way an attacker with file access could).</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand(sql, transaction: null);
        foreach (var (name, value) in parameters)
        {
            command.Add(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads one value with raw SQL.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand(sql, transaction: null);
        foreach (var (name, value) in parameters)
        {
            command.Add(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    public ValueTask DisposeAsync()
    {
        Database.Dispose();
        if (_ownsDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}

using ByokAgent.Security;
using Microsoft.Data.Sqlite;

namespace ByokAgent.Storage.Sqlite;

/// <summary>
/// The embedded database <c>byok.db</c>: opens connections (foreign keys on, busy timeout and durability set) and, once per process,
/// switches the file to WAL, applies migrations and verifies the master key against the stored key check.
/// </summary>
/// <remarks>Thread-safe; a singleton. Connections are pooled by Microsoft.Data.Sqlite; each caller opens and disposes its own.</remarks>
internal sealed class SqliteDatabase : IStorageInitializer, IDisposable
{
    /// <summary>The database file name in the data directory.</summary>
    public const string FileName = "byok.db";

    private const string KeyCheckName = "key_check";

    // How long a writer waits for another writer's lock before SQLITE_BUSY.
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly ISecretProtector _protector;
    private readonly MasterKeyRing _keys;
    private readonly TimeProvider _clock;
    private readonly string _connectionPragmas;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    public SqliteDatabase(string path, ISecretProtector protector, MasterKeyRing keys, TimeProvider clock, SqliteDurability durability = SqliteDurability.Normal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(clock);
        Path = System.IO.Path.GetFullPath(path);
        _protector = protector;
        _keys = keys;
        _clock = clock;

        // Per-connection settings, in one statement. Microsoft.Data.Sqlite retries busy commands itself, but only its own;
        // the native busy handler also covers the locks SQLite takes internally (checkpoints, schema reads).
        _connectionPragmas = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(durability == SqliteDurability.Full ? "FULL" : "NORMAL")};";
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Where the master key in use came from.</summary>
    public MasterKeySource KeySource => _keys.Source;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            MasterKeyLoader.CreateDataDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // WAL is a property of the file: set once, it lets readers work while a writer commits.
                await connection.ExecuteAsync("PRAGMA journal_mode = WAL;", transaction: null, cancellationToken).ConfigureAwait(false);
                await SqliteMigrator.MigrateAsync(connection, SqliteMigrations.All, _clock, targetVersion: null, cancellationToken).ConfigureAwait(false);
                await VerifyMasterKeyAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            _initialized = true;
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <summary>An open connection to an initialized database; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An open connection without initialization (for migrations and tests of them).</summary>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(_connectionPragmas, transaction: null, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the pooled connections, so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _initialization.Dispose();
    }

    private async Task VerifyMasterKeyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // The first start stores a key check; ON CONFLICT keeps the one a concurrent first start stored.
        using (var insert = connection.CreateCommand("INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO NOTHING;", transaction: null))
        {
            insert.Add("$key", KeyCheckName).Add("$value", _protector.CreateKeyCheck());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var stored = (string?)await connection.ScalarAsync($"SELECT value FROM meta WHERE key = '{KeyCheckName}';", transaction: null, cancellationToken).ConfigureAwait(false);
        MasterKeyCheck.Verify(_protector, stored!, _keys.Source);
    }

    /// <summary>Replaces the stored key check (in a rotation's transaction).</summary>
    internal static async Task WriteKeyCheckAsync(SqliteConnection connection, SqliteTransaction transaction, string keyCheck, CancellationToken cancellationToken)
    {
        using var update = connection.CreateCommand("UPDATE meta SET value = $value WHERE key = $key;", transaction);
        update.Add("$key", KeyCheckName).Add("$value", keyCheck);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

using ByokAgent.Postgres.Migrations;
using ByokAgent.Security;
using ByokAgent.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ByokAgent.Postgres.Storage;

/// <summary>
/// The PostgreSQL database the stores share: a pooled <see cref="NpgsqlDataSource"/> that, once per process, applies
/// migrations and verifies the master key against the stored key check before the first connection is handed out.
/// </summary>
/// <remarks>
/// Thread-safe; a singleton, so the stores of one process share one pool. Owns and disposes the data source. A failed
/// initialization is retried on the next call, so a database that was down at start-up does not leave the process
/// broken. Migration and key check run in one transaction under an advisory lock: several instances starting at once
/// migrate once, and the first start's key check is the one every other instance is held to.
/// </remarks>
internal sealed class PostgresDatabase : IStorageInitializer, IAsyncDisposable, IDisposable
{
    private const string KeyCheckName = "key_check";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ISecretProtector _protector;
    private readonly MasterKeyRing _keys;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    public PostgresDatabase(NpgsqlDataSource dataSource, ISecretProtector protector, MasterKeyRing keys, ILogger<PostgresDatabase>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(keys);
        _dataSource = dataSource;
        _protector = protector;
        _keys = keys;
        _logger = logger ?? NullLogger<PostgresDatabase>.Instance;
    }

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

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await LockAsync(connection, transaction, PostgresLocks.Migrations, shared: false, cancellationToken).ConfigureAwait(false);
                    await PostgresMigrator.MigrateAsync(connection, transaction, _logger, cancellationToken).ConfigureAwait(false);
                    await VerifyMasterKeyAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            _initialized = true;
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <summary>An open pooled connection to an initialized database; the caller disposes it.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An open connection without initialization (for tests of the migrations themselves).</summary>
    internal ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _initialization.Dispose();
    }

    // A service provider disposed synchronously refuses singletons that are only IAsyncDisposable.
    public void Dispose()
    {
        _dataSource.Dispose();
        _initialization.Dispose();
    }

    /// <summary>Takes a transaction-scoped advisory lock (released at commit or rollback).</summary>
    internal static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long lockId, bool shared, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(
            shared ? "SELECT pg_advisory_xact_lock_shared(@lock);" : "SELECT pg_advisory_xact_lock(@lock);", transaction);
        command.Add("lock", lockId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the stored key check (in a rotation's transaction).</summary>
    internal static async Task WriteKeyCheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string keyCheck, CancellationToken cancellationToken)
    {
        using var update = connection.CreateCommand("UPDATE meta SET value = @value WHERE key = @key;", transaction);
        update.Add("key", KeyCheckName).Add("value", keyCheck);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task VerifyMasterKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // The first start stores a key check made with its master key; every later start (of any instance) must match it.
        using (var insert = connection.CreateCommand("INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING;", transaction))
        {
            insert.Add("key", KeyCheckName).Add("value", _protector.CreateKeyCheck());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var select = connection.CreateCommand("SELECT value FROM meta WHERE key = @key;", transaction);
        select.Add("key", KeyCheckName);
        var stored = (string)(await select.ScalarAsync(cancellationToken).ConfigureAwait(false))!;
        MasterKeyCheck.Verify(_protector, stored, _keys.Source);
    }
}

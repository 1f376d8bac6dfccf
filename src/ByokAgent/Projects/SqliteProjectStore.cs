using ByokAgent.Security;
using ByokAgent.Storage;
using ByokAgent.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ByokAgent.Projects;

/// <summary><see cref="IProjectStore"/> in the embedded database.</summary>
/// <remarks>
/// Thread-safe. Names are unique under SQLite's NOCASE collation (ASCII case folding). API keys are looked up by their
/// SHA-256 (see <see cref="ProjectApiKey"/>) and compared again in constant time.
/// </remarks>
internal sealed class SqliteProjectStore : IProjectStore
{
    private const string ProjectColumns = "id, name, created_at";

    private readonly SqliteDatabase _database;
    private readonly ISecretProtector _protector;
    private readonly TimeProvider _clock;

    public SqliteProjectStore(SqliteDatabase database, ISecretProtector protector, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(clock);
        _database = database;
        _protector = protector;
        _clock = clock;
    }

    public async Task<ProjectWithKey> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        name = ProjectNames.Validate(name);
        var now = _clock.Now();
        var project = new Project(StoreIds.NewProjectId(now), name, now);
        var apiKey = ProjectApiKey.Generate();
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The data key is wrapped inside the write transaction, so a master key rotation holding the write lock
            // finishes first and this project's key is wrapped with the key the database now expects.
            var transaction = connection.BeginWrite();
            await using (transaction.ConfigureAwait(false))
            {
                using var insert = connection.CreateCommand(
                    "INSERT INTO projects (id, name, api_key_hash, wrapped_data_key, created_at) VALUES ($id, $name, $hash, $wrapped, $createdAt);",
                    transaction);
                insert.Add("$id", project.Id).Add("$name", name).Add("$hash", ProjectApiKey.Hash(apiKey))
                    .Add("$wrapped", _protector.CreateWrappedDataKey(project.Id)).Add("$createdAt", now.ToStored());
                try
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException exception) when (exception.IsUniqueViolation())
                {
                    throw new ProjectNameTakenException(name);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return new ProjectWithKey(project, apiKey);
    }

    public async Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {ProjectColumns} FROM projects ORDER BY created_at, rowid;", _ => { }, cancellationToken).ConfigureAwait(false);

    public async Task<Project?> GetAsync(string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var found = await QueryAsync($"SELECT {ProjectColumns} FROM projects WHERE id = $id;", c => c.Add("$id", projectId), cancellationToken).ConfigureAwait(false);
        return found.SingleOrDefault();
    }

    public async Task<Project?> FindAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nameOrId);
        var value = nameOrId.Trim();

        // An id wins over a project that happens to be named like another project's id.
        var found = await QueryAsync(
            $"SELECT {ProjectColumns} FROM projects WHERE id = $value OR name = $value ORDER BY id = $value DESC LIMIT 1;",
            c => c.Add("$value", value),
            cancellationToken).ConfigureAwait(false);
        return found.SingleOrDefault();
    }

    public async Task<Project?> RenameAsync(string projectId, string newName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        newName = ProjectNames.Validate(newName);
        try
        {
            var renamed = await QueryAsync(
                $"UPDATE projects SET name = $name WHERE id = $id RETURNING {ProjectColumns};",
                c => c.Add("$id", projectId).Add("$name", newName),
                cancellationToken).ConfigureAwait(false);
            return renamed.SingleOrDefault();
        }
        catch (SqliteException exception) when (exception.IsUniqueViolation())
        {
            throw new ProjectNameTakenException(newName);
        }
    }

    public async Task<bool> DeleteAsync(string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Model configs, sessions, messages and usage go with it (ON DELETE CASCADE).
            using var delete = connection.CreateCommand("DELETE FROM projects WHERE id = $id;", transaction: null);
            delete.Add("$id", projectId);
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    public async Task<ProjectWithKey?> RotateKeyAsync(string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var apiKey = ProjectApiKey.Generate();
        var rotated = await QueryAsync(
            $"UPDATE projects SET api_key_hash = $hash WHERE id = $id RETURNING {ProjectColumns};",
            c => c.Add("$id", projectId).Add("$hash", ProjectApiKey.Hash(apiKey)),
            cancellationToken).ConfigureAwait(false);
        return rotated.SingleOrDefault() is { } project ? new ProjectWithKey(project, apiKey) : null;
    }

    public async Task<Project?> AuthenticateAsync(string apiKey, CancellationToken cancellationToken = default)
    {
        if (!ProjectApiKey.HasKeyShape(apiKey))
        {
            return null;
        }

        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.CreateCommand($"SELECT {ProjectColumns}, api_key_hash FROM projects WHERE api_key_hash = $hash;", transaction: null);
            select.Add("$hash", ProjectApiKey.Hash(apiKey));
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                // The indexed lookup finds the row; the constant-time comparison is what decides, so that no code path
                // compares a presented key's hash with a stored one byte by byte.
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && ProjectApiKey.Matches(apiKey, reader.GetString(3))
                    ? ReadProject(reader)
                    : null;
            }
        }
    }

    public async Task<Project> GetOrCreateDefaultAsync(CancellationToken cancellationToken = default)
    {
        if (await FindAsync(IProjectStore.DefaultProjectName, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        try
        {
            // The key is discarded: nobody has seen it, and RotateKeyAsync issues one when the project needs it.
            return (await CreateAsync(IProjectStore.DefaultProjectName, cancellationToken).ConfigureAwait(false)).Project;
        }
        catch (ProjectNameTakenException)
        {
            // Another caller created it between the lookup and the insert.
            return await FindAsync(IProjectStore.DefaultProjectName, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The default project was created and deleted concurrently.");
        }
    }


    private static Project ReadProject(SqliteDataReader reader) => new(reader.GetString(0), reader.GetString(1), reader.GetTime(2));

    private async Task<List<Project>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand(sql, transaction: null);
            bind(command);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var projects = new List<Project>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    projects.Add(ReadProject(reader));
                }

                return projects;
            }
        }
    }
}

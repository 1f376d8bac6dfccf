using ByokAgent.Postgres.Storage;
using ByokAgent.Projects;
using Npgsql;

namespace ByokAgent.Postgres.Projects;

/// <summary>Reading rows and turning them into entries (no secrets) or configs (secrets decrypted).</summary>
internal sealed partial class PostgresModelConfigStore
{
    private const string SelectRow =
        """
        SELECT c.id, c.project_id, c.provider, c.model, c.api_host, c.extras, c.encrypted_api_key, c.encrypted_extras,
               c.headers, c.proxy, c.is_default, c.created_at, c.updated_at, p.wrapped_data_key, c.status, c.status_message
        FROM model_configs c JOIN projects p ON p.id = c.project_id
        WHERE
        """;

    private async Task<List<ModelConfigRow>> ReadRowsAsync(string where, string projectId, string? configId, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadRowsAsync(connection, transaction: null, where, projectId, configId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ModelConfigRow?> ReadRowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string projectId, string configId, CancellationToken cancellationToken) =>
        (await ReadRowsAsync(connection, transaction, "c.id = @id AND c.project_id = @project", projectId, configId, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    private static async Task<List<ModelConfigRow>> ReadRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, string projectId, string? configId, CancellationToken cancellationToken)
    {
        using var select = connection.CreateCommand($"{SelectRow} {where};", transaction);
        select.Add("project", projectId);
        if (configId is not null)
        {
            select.Add("id", configId);
        }

        var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var rows = new List<ModelConfigRow>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new ModelConfigRow(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4),
                    reader.GetString(5), reader.GetNullableString(6), reader.GetString(7), reader.GetString(8), reader.GetNullableString(9),
                    reader.GetBoolean(10), reader.GetTime(11), reader.GetTime(12), reader.GetString(13),
                    reader.GetNullableString(14), reader.GetNullableString(15)));
            }

            return rows;
        }
    }
}

namespace ByokAgent.Storage.Sqlite;

/// <summary>One forward-only step of the SQLite schema: a version number and the script that reaches it.</summary>
/// <param name="Version">The schema version after the script ran (1, 2, ...).</param>
/// <param name="Name">A short description, stored in <c>schema_migrations</c>.</param>
/// <param name="Sql">The script; it runs in one transaction with the version's record.</param>
internal sealed record SqliteMigration(int Version, string Name, string Sql);
